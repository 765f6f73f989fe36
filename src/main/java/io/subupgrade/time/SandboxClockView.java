package io.subupgrade.time;

import java.time.Instant;

/** The {@code SandboxClock} schema: business time and how far it is ahead of real time. */
public record SandboxClockView(Instant now, String offset) {

    static SandboxClockView of(ServiceClock clock) {
        return new SandboxClockView(clock.now(), clock.offset().toString());
    }
}
