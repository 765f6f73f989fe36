package io.subupgrade.time;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one source of business time. In sandbox mode an operator can move it forward (like
 * Stripe's test clocks); the offset lives in this instance's memory.
 */
@ApplicationScoped
public class ServiceClock {
    private final Clock system = Clock.systemUTC();
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Truncated to microseconds, PostgreSQL's precision, so stored and returned times agree. */
    public Instant now() {
        return system.instant().plus(offset.get()).truncatedTo(ChronoUnit.MICROS);
    }

    public Duration offset() {
        return offset.get();
    }

    public Instant advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
        return now();
    }
}
