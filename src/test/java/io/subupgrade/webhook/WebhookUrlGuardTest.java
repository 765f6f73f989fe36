package io.subupgrade.webhook;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.IMAGINE;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.subupgrade.testing.WebhookReceiver;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SSRF guards as in production: https only, public addresses only, at registration and at delivery. */
@QuarkusTest
@TestProfile(WebhookUrlGuardTest.Production.class)
class WebhookUrlGuardTest {
    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "upgrades.webhooks.allow-http", "false",
                    "upgrades.webhooks.allow-private-networks", "false");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Test
    void registrationRefusesHttpAndHostsOnPrivateNetworks() {
        for (String url : List.of(
                "http://example.com/hooks",
                "https://127.0.0.1/hooks",
                "https://localhost/hooks",
                "https://[::1]/hooks",
                "https://10.0.0.7/hooks",
                "https://169.254.169.254/latest/meta-data/",
                "https://[::ffff:192.168.0.1]/hooks",
                "https://0.0.0.0/hooks",
                "https://no-such-host.invalid/hooks")) {
            operator()
                    .body(Map.of("url", url, "eventTypes", List.of("*")))
                    .post("/v1/webhook-endpoints")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body("code", equalTo("webhook-url-not-allowed"))
                    .body("errors[0].field", equalTo("url"));
        }
    }

    /**
     * A host that resolved to a public address at registration and to a private one now (DNS rebinding), played
     * by a row written straight to the table: the delivery's own resolution refuses it and nothing is sent.
     */
    @Test
    void deliveryChecksTheAddressesAgain() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            UUID endpoint = UUID.randomUUID();
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_endpoint"
                            + " (id, url, event_types, enabled, secret, created_at)"
                            + " VALUES (?, ?, '{*}', true, ?, now())")) {
                ps.setObject(1, endpoint);
                ps.setString(2, receiver.url().replace("http://127.0.0.1", "https://localhost"));
                ps.setString(3, "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw/3Fa2hBkYV8=");
                ps.executeUpdate();
            }
            try {
                String id = subscribe(newAccount(), IMAGINE);
                operator().post("/v1/jobs/webhook-delivery").then().statusCode(200);
                List<Map<String, Object>> mine = operator()
                        .queryParam("limit", 100)
                        .get("/v1/webhook-endpoints/" + endpoint + "/deliveries")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("data");
                Map<String, Object> d = mine.stream()
                        .filter(x -> id.equals(x.get("subscriptionId")))
                        .findFirst()
                        .orElseThrow();
                Map<?, ?> attempt = (Map<?, ?>) ((List<?>) d.get("attempts")).get(0);
                assertTrue(((String) attempt.get("error")).startsWith("url-not-allowed"), attempt.toString());
                assertEquals("PENDING", d.get("status"));
                assertTrue(Instant.parse((String) d.get("nextAttemptAt")).isAfter(Instant.now()));
                assertEquals(0, receiver.received().size());
            } finally {
                operator()
                        .accept("application/json, application/problem+json")
                        .delete("/v1/webhook-endpoints/" + endpoint)
                        .then()
                        .statusCode(204);
            }
        }
    }
}
