package io.subupgrade.testing;

import static io.subupgrade.testing.Api.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** The service's sandbox clock, read and moved through the API (it only moves forward, and is shared by tests). */
public final class SandboxClock {
    private SandboxClock() {}

    public static Instant now() {
        return Instant.parse(operator()
                .get("/v1/sandbox/clock")
                .then()
                .statusCode(200)
                .extract()
                .path("now"));
    }

    public static void advance(Duration by) {
        operator()
                .body(Map.of("duration", by.toString()))
                .post("/v1/sandbox/clock/advance")
                .then()
                .statusCode(200);
    }
}
