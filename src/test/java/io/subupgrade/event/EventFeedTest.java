package io.subupgrade.event;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EventFeedTest {

    @Test
    void customersReadOnlyTheirOwnEventsInIncreasingIdOrder() {
        String alice = newAccount();
        String bob = newAccount();
        String aliceSub = subscribe(alice, FREE_TRIAL);
        String bobSub = subscribe(bob, FREE_TRIAL);

        JsonPath feed = customer(alice)
                .queryParam("limit", 100)
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of(aliceSub, aliceSub), feed.getList("data.subscriptionId"));
        assertEquals(List.of("subscription.created", "credit.granted"), feed.getList("data.type"));
        List<Long> ids = feed.getList("data.id", Long.class);
        assertTrue(ids.get(0) < ids.get(1));
        assertEquals(String.valueOf(ids.get(1)), feed.getString("nextCursor"));
        assertEquals("200.00", feed.getString("data[1].data.amount.amount"));

        customer(alice)
                .queryParam("subscriptionId", bobSub)
                .get("/v1/events")
                .then()
                .body("data", equalTo(List.of()))
                .body("nextCursor", nullValue());
        operator()
                .queryParam("subscriptionId", bobSub)
                .get("/v1/events")
                .then()
                .body("data.type", equalTo(List.of("subscription.created", "credit.granted")));
    }

    @Test
    void pagingWithAfterAndFilteringByType() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        JsonPath first = customer(account)
                .queryParam("limit", 1)
                .get("/v1/events")
                .then()
                .extract()
                .jsonPath();
        assertEquals("subscription.created", first.getString("data[0].type"));
        String after = first.getString("nextCursor");

        JsonPath second = customer(account)
                .queryParam("after", after)
                .get("/v1/events")
                .then()
                .extract()
                .jsonPath();
        assertEquals(List.of("credit.granted"), second.getList("data.type"));
        customer(account)
                .queryParam("after", second.getString("nextCursor"))
                .get("/v1/events")
                .then()
                .body("data", equalTo(List.of()))
                .body("nextCursor", nullValue());

        customer(account)
                .queryParam("type", "credit.granted")
                .queryParam("subscriptionId", id)
                .get("/v1/events")
                .then()
                .body("data.type", equalTo(List.of("credit.granted")));
    }

    @Test
    void badFeedParametersAreBadRequests() {
        String bearer = token(newAccount(), "customer");
        raw().auth()
                .oauth2(bearer)
                .queryParam("type", "upgrade.exploded")
                .get("/v1/events")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("type"));
        raw().auth()
                .oauth2(bearer)
                .queryParam("after", "-1")
                .get("/v1/events")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("after"));
        raw().auth()
                .oauth2(token(newAccount(), "meter"))
                .get("/v1/events")
                .then()
                .statusCode(403);
    }
}
