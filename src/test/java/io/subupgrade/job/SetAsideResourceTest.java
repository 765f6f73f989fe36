package io.subupgrade.job;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.subupgrade.testing.Api;
import io.subupgrade.testing.SetAside;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /v1/jobs/set-aside and its retry: operators only, newest first, paged like every list. */
@QuarkusTest
class SetAsideResourceTest {
    @Inject
    SetAsideStore store;

    @Test
    void theOpenEntriesArePagedNewestFirstAndARetriedOneLeavesTheList() {
        // Marked as a job marks them (the jobs' own tests corrupt real rows); rows of no table, so no job takes them.
        List<UUID> rows = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID row : rows) {
            QuarkusTransaction.requiringNew()
                    .run(() -> store.mark(Job.CREDIT_EXPIRY, row, "reason of " + row, Instant.now()));
        }
        // A second mark of an open row changes nothing: the first stays.
        QuarkusTransaction.requiringNew().run(() -> store.mark(Job.CREDIT_EXPIRY, rows.get(0), "again", Instant.now()));

        List<Map<String, Object>> mine = new ArrayList<>();
        String cursor = null;
        do {
            var request = operator().queryParam("job", "credit-expiry").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/v1/jobs/set-aside");
            page.then().statusCode(200);
            List<Map<String, Object>> data = page.path("data");
            assertEquals(true, data.size() <= 2);
            data.stream()
                    .filter(e -> rows.contains(UUID.fromString((String) e.get("rowId"))))
                    .forEach(mine::add);
            cursor = page.path("nextCursor");
        } while (cursor != null);

        assertEquals(
                List.of(
                        rows.get(2).toString(),
                        rows.get(1).toString(),
                        rows.get(0).toString()),
                mine.stream().map(e -> e.get("rowId")).toList());
        Map<String, Object> first = mine.get(2);
        assertEquals("credit-expiry", first.get("job"));
        assertEquals("reason of " + rows.get(0), first.get("reason"));
        assertNull(first.get("retriedAt"));

        Map<String, Object> retried = SetAside.retry((String) first.get("id"));
        String retriedAt = (String) retried.get("retriedAt");
        assertEquals(first.get("id"), retried.get("id"));
        // A second retry answers the entry as it is.
        assertEquals(retriedAt, SetAside.retry((String) first.get("id")).get("retriedAt"));
        assertEquals(List.of(), SetAside.entriesFor("credit-expiry", rows.get(0).toString()));
        for (Map<String, Object> e : mine.subList(0, 2)) {
            SetAside.retry((String) e.get("id"));
        }
    }

    @Test
    void onlyOperatorsListAndRetry() {
        customer(newAccount()).get("/v1/jobs/set-aside").then().statusCode(403).contentType("application/problem+json");
        customer(newAccount())
                .post("/v1/jobs/set-aside/" + UUID.randomUUID() + "/retry")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        operator()
                .post("/v1/jobs/set-aside/" + UUID.randomUUID() + "/retry")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("not-found"));
    }

    @Test
    void anUnknownJobOrABadIdIsA400() {
        raw().auth()
                .oauth2(Api.token("ops", "operator"))
                .queryParam("job", "payroll")
                .get("/v1/jobs/set-aside")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("job"));
        raw().auth()
                .oauth2(Api.token("ops", "operator"))
                .post("/v1/jobs/set-aside/not-a-uuid/retry")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("setAsideId"));
    }
}
