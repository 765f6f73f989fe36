package io.subupgrade.time;

import io.subupgrade.UpgradesConfig;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Moves business time forward in sandbox mode, like Stripe's test clocks; absent (404) in production. */
@Path("/v1/sandbox/clock")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SandboxClockResource {
    /** A bound that keeps business time far from Instant's limits. */
    private static final Duration MAX_ADVANCE = Duration.ofDays(36_500);

    @Inject
    ServiceClock clock;

    @Inject
    UpgradesConfig config;

    @GET
    @RolesAllowed(Roles.OPERATOR)
    public SandboxClockView get() {
        requireSandbox();
        return SandboxClockView.of(clock);
    }

    @POST
    @Path("advance")
    @RolesAllowed(Roles.OPERATOR)
    public SandboxClockView advance(@NotNull @Valid ClockAdvance body) {
        requireSandbox();
        clock.advance(parse(body.duration()));
        return SandboxClockView.of(clock);
    }

    private void requireSandbox() {
        if (!config.sandbox().enabled()) {
            throw new ProblemException(ProblemCode.NOT_FOUND, "There is nothing at this path.");
        }
    }

    private static Duration parse(String text) {
        Duration duration;
        try {
            duration = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("duration", "must be an ISO-8601 duration such as P30D or PT1H");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw ProblemException.invalid("duration", "must be positive");
        }
        if (duration.compareTo(MAX_ADVANCE) > 0) {
            throw ProblemException.invalid("duration", "must be at most P36500D");
        }
        return duration;
    }
}
