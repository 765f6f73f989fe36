package io.subupgrade.usage;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.D2S_V3;
import static io.subupgrade.testing.Usage.hours;
import static io.subupgrade.testing.Usage.record;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UsageBatchTest {

    @Test
    void oneResultPerRecordInOrder() {
        String account = newAccount();
        String trial = subscribe(account, FREE_TRIAL);
        String payg = subscribe(account, PAYG);
        Response original = hours(trial, "already", 10);
        List<Map<String, Object>> records = List.of(
                record(trial, "b1", D2S_V3, "1000"),
                record(payg, "b2", D2S_V3, "10"),
                record(trial, "already", D2S_V3, "5"),
                record(trial, "b4", "no-such-meter", "1"),
                record("00000000-0000-7000-8000-000000000000", "b5", D2S_V3, "1"),
                record(trial, "b1", D2S_V3, "1000"),
                record(trial, "b7", D2S_V3, "0"));
        Response batch = meterRaw().body(Map.of("records", records)).post("/v1/usage-batches");
        batch.then()
                .statusCode(200)
                .body("results.size()", equalTo(7))
                .body("results.index", equalTo(List.of(0, 1, 2, 3, 4, 5, 6)))
                .body("results[0].status", equalTo("CREATED"))
                .body("results[0].record.coveredByCredit.amount", equalTo("96.00"))
                .body("results[1].status", equalTo("CREATED"))
                .body("results[1].record.billable.amount", equalTo("0.96"))
                .body("results[2].status", equalTo("DUPLICATE"))
                .body("results[2].record.id", equalTo(original.path("id")))
                .body("results[2].record.quantity", equalTo("10"))
                .body("results[3].status", equalTo("REJECTED"))
                .body("results[3].problem.code", equalTo("unknown-meter"))
                .body("results[4].status", equalTo("REJECTED"))
                .body("results[4].problem.code", equalTo("not-found"))
                .body("results[4].problem.status", equalTo(404))
                .body("results[5].status", equalTo("DUPLICATE"))
                .body("results[6].status", equalTo("REJECTED"))
                .body("results[6].problem.code", equalTo("validation-failed"))
                .body("results[6].problem.errors[0].field", equalTo("records[6].quantity"));
        // A repeat within the batch is a duplicate of the record the batch created.
        assertEquals(batch.<String>path("results[0].record.id"), batch.path("results[5].record.id"));
        // 0.96 earlier + 96.00 in the batch.
        customer(account).get("/v1/subscriptions/" + trial).then().body("creditRemaining.amount", equalTo("103.04"));
    }

    @Test
    void aBatchThatExhaustsTheCreditRejectsTheRestOfThatSubscription() {
        String account = newAccount();
        String trial = subscribe(account, FREE_TRIAL);
        List<Map<String, Object>> records = List.of(
                record(trial, "a", D2S_V3, "2000"),
                record(trial, "b", D2S_V3, "2000"),
                record(trial, "c", D2S_V3, "1"));
        meter().body(Map.of("records", records))
                .post("/v1/usage-batches")
                .then()
                .statusCode(200)
                .body("results[0].record.coveredByCredit.amount", equalTo("192.00"))
                .body("results[1].record.coveredByCredit.amount", equalTo("8.00"))
                .body("results[1].record.notCharged.amount", equalTo("184.00"))
                .body("results[2].status", equalTo("REJECTED"))
                .body("results[2].problem.code", equalTo("subscription-disabled"));
        customer(account)
                .get("/v1/subscriptions/" + trial + "/cost-summary")
                .then()
                .body("coveredByCredit.amount", equalTo("200.00"))
                .body("notCharged.amount", equalTo("184.00"));
    }

    @Test
    void overAThousandRecordsIsA400AndRecordsNothing() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            records.add(record(id, "r" + i, D2S_V3, "1"));
        }
        meterRaw()
                .body(Map.of("records", records))
                .post("/v1/usage-batches")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("records"));
        customer(account).get("/v1/subscriptions/" + id + "/usage").then().body("data.size()", equalTo(0));
    }

    @Test
    void aThousandRecordsAreAccepted() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            records.add(record(id, "r" + i, "vm-b1s-hour", "1"));
        }
        meter().body(Map.of("records", records))
                .post("/v1/usage-batches")
                .then()
                .statusCode(200);
        customer(account)
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .body("billable.amount", equalTo("10.40"));
    }

    @Test
    void malformedBatchIsA400() {
        meterRaw()
                .body("{\"records\": [{\"subscriptionId\": 12}")
                .post("/v1/usage-batches")
                .then()
                .statusCode(400);
        meterRaw().body("{\"records\": []}").post("/v1/usage-batches").then().statusCode(400);
        meterRaw()
                .body(
                        "{\"records\": [{\"subscriptionId\": \"not-a-uuid\", \"eventId\": \"e\", \"meterId\": \"m\", \"quantity\": \"1\"}]}")
                .post("/v1/usage-batches")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("records[0].subscriptionId"));
    }

    private static io.restassured.specification.RequestSpecification meterRaw() {
        return raw().auth().oauth2(token("meter-pipeline", "meter")).contentType("application/json");
    }
}
