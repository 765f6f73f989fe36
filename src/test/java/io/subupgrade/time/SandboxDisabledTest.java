package io.subupgrade.time;

import static io.subupgrade.testing.Api.operator;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Production has no sandbox: the clock endpoints answer 404 as if they did not exist. */
@QuarkusTest
@TestProfile(SandboxDisabledTest.Production.class)
class SandboxDisabledTest {

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("upgrades.sandbox.enabled", "false");
        }
    }

    @Test
    void clockEndpointsAreNotFound() {
        operator().get("/v1/sandbox/clock").then().statusCode(404).body("code", equalTo("not-found"));
        operator()
                .body(Map.of("duration", "P30D"))
                .post("/v1/sandbox/clock/advance")
                .then()
                .statusCode(404)
                .body("code", equalTo("not-found"));
    }
}
