package io.subupgrade.reliability;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.testing.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL text cannot hold NUL: such input is a 400 problem, never a 500 (found by ContractFuzzTest). */
@QuarkusTest
class NulCharacterTest {

    @Test
    void nulInABodyStringIsABadRequest() {
        Api.raw()
                .contentType("application/json")
                .auth()
                .oauth2(Api.token("ops-nul", "operator"))
                .body(Map.of(
                        "name", "\u0000", "unit", "1 Hour", "unitPrice", Map.of("amount", "1.00", "currency", "USD")))
                .put("/v1/meters/fuzz-nul-meter")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("validation-failed"));
    }

    @Test
    void nulInAUsageEventIdIsABadRequest() {
        String subscription = subscribe(newAccount(), PAYG);
        Api.raw()
                .contentType("application/json")
                .auth()
                .oauth2(Api.token("meter-nul", "meter"))
                .body(Map.of("eventId", "a\u0000b", "meterId", "vm-b1s-hour", "quantity", "1"))
                .post("/v1/subscriptions/" + subscription + "/usage")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void nulInAQueryParameterIsABadRequest() {
        Api.raw()
                .urlEncodingEnabled(false)
                .auth()
                .oauth2(Api.token("ops-nul", "operator"))
                .get("/v1/subscriptions?ownerId=a%00b")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }
}
