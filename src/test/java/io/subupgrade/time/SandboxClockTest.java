package io.subupgrade.time;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SandboxClockTest {

    @Test
    void operatorMovesBusinessTimeForward() {
        JsonPath before = operator()
                .get("/v1/sandbox/clock")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath after = operator()
                .body(Map.of("duration", "PT1H"))
                .post("/v1/sandbox/clock/advance")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(
                Duration.parse(before.getString("offset")).plusHours(1), Duration.parse(after.getString("offset")));
        Duration moved =
                Duration.between(Instant.parse(before.getString("now")), Instant.parse(after.getString("now")));
        assertTrue(moved.compareTo(Duration.ofHours(1)) >= 0
                && moved.compareTo(Duration.ofHours(1).plusMinutes(1)) < 0);
    }

    @Test
    void durationsMustBePositiveIsoDurations() {
        for (String duration : new String[] {"P-1D", "PT0S", "soon", "P1000000D"}) {
            operator()
                    .body(Map.of("duration", duration))
                    .post("/v1/sandbox/clock/advance")
                    .then()
                    .statusCode(400)
                    .body("code", equalTo("validation-failed"))
                    .body("errors[0].field", equalTo("duration"));
        }
    }

    @Test
    void customersCannotTouchTheClock() {
        customer(newAccount()).get("/v1/sandbox/clock").then().statusCode(403);
        customer(newAccount())
                .body(Map.of("duration", "P1D"))
                .post("/v1/sandbox/clock/advance")
                .then()
                .statusCode(403);
    }
}
