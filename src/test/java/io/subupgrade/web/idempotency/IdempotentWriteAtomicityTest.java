package io.subupgrade.web.idempotency;

import static io.subupgrade.testing.Api.as;
import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The stored answer of an idempotent request commits with its write. A trigger in the real database makes storing
 * the answer fail for one key: the request's write must not survive it, and the retry runs it exactly once.
 * (Before, the write committed first and the answer was stored afterwards: this request answered 201 with its
 * credit granted, its key stuck in flight, and the retry after the lease granted the credit a second time.)
 */
@QuarkusTest
class IdempotentWriteAtomicityTest {
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aFailureToStoreTheAnswerUndoesTheWriteAndTheRetryRunsOnce() throws SQLException {
        String account = newAccount();
        String subscription = subscribe(account, FREE_TRIAL);
        String key = "boom-" + UUID.randomUUID();
        failStoringAnswersOf(key);
        try {
            grant(subscription, key)
                    .then()
                    .statusCode(500)
                    .contentType("application/problem+json")
                    .body("code", equalTo("internal-error"));
            assertEquals(List.of("200.00"), originals(account, subscription), "the grant was rolled back");
        } finally {
            stopFailing();
        }
        grant(subscription, key).then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, nullValue());
        Response replay = grant(subscription, key);
        replay.then().statusCode(201).header(IdempotencyFilter.REPLAYED_HEADER, "true");
        assertEquals(List.of("200.00", "25.00"), originals(account, subscription), "granted exactly once");
    }

    /** A refused request (409 here) stores its answer too, and a retry replays the refusal. */
    @Test
    void aRefusedRequestStoresItsAnswerAndChangesNothing() {
        String account = newAccount();
        String subscription = subscribe(account, FREE_TRIAL);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("targetOfferId", "MS-AZR-0003P", "confirm", true);
        customer(account)
                .header(IdempotencyFilter.HEADER, UUID.randomUUID().toString())
                .body(body)
                .post("/v1/subscriptions/" + subscription + "/upgrade-requests")
                .then()
                .statusCode(201);
        for (int i = 0; i < 2; i++) {
            customer(account)
                    .header(IdempotencyFilter.HEADER, key)
                    .body(body)
                    .post("/v1/subscriptions/" + subscription + "/upgrade-requests")
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("upgrade-already-pending"))
                    .header(IdempotencyFilter.REPLAYED_HEADER, i == 0 ? nullValue() : equalTo("true"));
        }
        customer(account)
                .get("/v1/subscriptions/" + subscription + "/upgrade-requests")
                .then()
                .body("data.size()", equalTo(1));
    }

    /** One operator for all attempts: keys belong to the caller. */
    private static final String OPERATOR = "ops-" + UUID.randomUUID();

    private static Response grant(String subscription, String key) {
        return as(OPERATOR, "operator")
                .header(IdempotencyFilter.HEADER, key)
                .body(Map.of("amount", Map.of("amount", "25.00", "currency", "USD"), "reason", "atomic"))
                .post("/v1/subscriptions/" + subscription + "/benefits");
    }

    private static List<String> originals(String account, String subscription) {
        return customer(account)
                .get("/v1/subscriptions/" + subscription + "/benefits")
                .then()
                .statusCode(200)
                .extract()
                .path("data.original.amount");
    }

    private void failStoringAnswersOf(String key) throws SQLException {
        execute("CREATE FUNCTION test_fail_answer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " RAISE EXCEPTION 'test: storing the answer fails'; END $$");
        execute("CREATE TRIGGER test_fail_answer BEFORE UPDATE ON idempotency_key FOR EACH ROW"
                + " WHEN (NEW.idempotency_key = '" + key + "' AND NEW.state = 'COMPLETED')"
                + " EXECUTE FUNCTION test_fail_answer()");
    }

    private void stopFailing() throws SQLException {
        execute("DROP TRIGGER IF EXISTS test_fail_answer ON idempotency_key");
        execute("DROP FUNCTION IF EXISTS test_fail_answer()");
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
