package io.subupgrade.ops;

import static io.restassured.RestAssured.given;
import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.hours;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.subupgrade.testing.SandboxClock;
import io.subupgrade.testing.Usage;
import io.subupgrade.testing.WebhookReceiver;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The section-12 metrics count what happened, once committed, read from the management port as Prometheus reads them.
 * The application is shared with the other tests, so counters are compared before and after, against what the job
 * endpoints say they did.
 */
@QuarkusTest
class MetricsTest {

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Inject
    BacklogGauges backlog;

    @Test
    void usageRecordsAreCountedByTheStatusTheIngestionReported() {
        String id = subscribe(newAccount(), PAYG);
        Scrape before = Scrape.of(metrics);

        hours(id, "m1", 10).then().statusCode(201);
        hours(id, "m1", 10).then().statusCode(200); // a replay
        Usage.post(id, "m2", "no-such-meter", "1").then().statusCode(422);

        Scrape after = Scrape.of(metrics);
        for (String status : List.of("created", "duplicate", "rejected")) {
            assertEquals(
                    before.value("subupgrade_usage_records_total", "status", status) + 1,
                    after.value("subupgrade_usage_records_total", "status", status),
                    status);
        }
    }

    @Test
    void anUpgradeIsDueWhenTheCreditRunsOutAndCountedWhenTheFinalizerCompletesIt() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        String requestId = customer(account)
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + id + "/upgrade-requests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        backlog.refresh();
        double dueBefore = Scrape.of(metrics).value("subupgrade_upgrade_requests_due");

        hours(id, "all-of-it", 2100).then().statusCode(201); // 201.60 USD: the 200.00 of credit is used up
        backlog.refresh();
        Scrape before = Scrape.of(metrics);
        assertEquals(dueBefore + 1, before.value("subupgrade_upgrade_requests_due"));

        JsonPath run = operator()
                .post("/v1/jobs/upgrade-finalization")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Scrape after = Scrape.of(metrics);
        assertEquals(
                "COMPLETED",
                customer(account).get("/v1/upgrade-requests/" + requestId).path("status"));
        assertTrue(run.getInt("finalized") >= 1);
        assertEquals(
                before.value("subupgrade_upgrades_completed_total") + run.getInt("finalized"),
                after.value("subupgrade_upgrades_completed_total"));
        // Fewer due requests than a batch holds: the run is one finalizer batch.
        assertEquals(
                before.value("subupgrade_finalizer_batch_seconds_count") + 1,
                after.value("subupgrade_finalizer_batch_seconds_count"));
    }

    @Test
    void finalizedInvoicesAndTheirWebhookDeliveriesAreCounted() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonPath endpoint = operator()
                    .body(Map.of(
                            "url",
                            receiver.url(),
                            "eventTypes",
                            List.of("invoice.finalized"),
                            "description",
                            "metrics"))
                    .post("/v1/webhook-endpoints")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            receiver.secrets(endpoint.getString("secret"));
            try {
                String account = newAccount();
                String id = subscribe(account, PAYG);
                hours(id, "w1", 100).then().statusCode(201);
                Instant end = Instant.parse(customer(account)
                        .get("/v1/subscriptions/" + id + "/invoices/upcoming")
                        .path("periodEnd"));
                SandboxClock.advance(Duration.between(SandboxClock.now(), end).plusMinutes(6));
                Scrape before = Scrape.of(metrics);

                int finalized = operator()
                        .post("/v1/jobs/invoice-finalization")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("finalized");
                backlog.refresh();
                Scrape queued = Scrape.of(metrics);
                JsonPath pass = operator()
                        .post("/v1/jobs/webhook-delivery")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                Scrape after = Scrape.of(metrics);

                assertTrue(finalized >= 1);
                assertEquals(
                        before.value("subupgrade_invoices_finalized_total") + finalized,
                        after.value("subupgrade_invoices_finalized_total"));
                assertTrue(queued.value("subupgrade_webhook_backlog") >= 1, "this invoice's delivery is pending");
                assertTrue(pass.getInt("delivered") >= 1);
                for (String result : List.of("delivered", "failed", "retried")) {
                    assertEquals(
                            before.value("subupgrade_webhook_deliveries_total", "result", result) + pass.getInt(result),
                            after.value("subupgrade_webhook_deliveries_total", "result", result),
                            result);
                }
            } finally {
                operator()
                        .accept("application/json, application/problem+json")
                        .delete("/v1/webhook-endpoints/" + endpoint.getString("id"))
                        .then()
                        .statusCode(204);
            }
        }
    }

    @Test
    void junkPathsAndMethodsShareOneUriBucketAndRealRoutesKeepTheirTemplates() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        customer(account).get("/v1/subscriptions/" + id).then().statusCode(200);
        List<String> junk = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String random = UUID.randomUUID().toString();
            junk.add(random);
            // No token: these are the requests anyone on the internet can send.
            switch (i % 3) {
                case 0 -> given().delete("/v1/subscriptions/" + random).then().statusCode(405);
                case 1 -> given().get("/v1/nope/" + random).then().statusCode(404);
                default -> given().request("PROPFIND", "/v1/" + random).then().statusCode(404);
            }
        }

        Scrape s = Scrape.of(metrics);
        Set<String> uris = s.labelValues("http_server_requests_seconds_count", "uri");
        for (Scrape.Series series : s.series()) {
            for (String value : series.labels().values()) {
                for (String random : junk) {
                    assertTrue(!value.contains(random), series + " carries the junk id " + random);
                }
            }
        }
        assertTrue(uris.contains("/v1/subscriptions/{subscriptionId}"), uris.toString());
        assertTrue(uris.contains(HttpServerMetrics.UNMATCHED), uris.toString());
        assertTrue(
                s.value("http_server_requests_seconds_count", "uri", "UNMATCHED", "method", "DELETE", "status", "405")
                        >= 17);
        assertTrue(s.value("http_server_requests_seconds_count", "uri", "UNMATCHED", "method", "GET", "status", "404")
                >= 17);
        assertTrue(s.value("http_server_requests_seconds_count", "uri", "UNMATCHED", "method", "OTHER", "status", "404")
                >= 16);
        // The RED dashboard's p99 needs the buckets.
        assertTrue(
                s.find("http_server_requests_seconds_bucket", "uri", "/v1/subscriptions/{subscriptionId}", "le", "0.1")
                        .isPresent());
    }

    @Test
    void metricsAreNotServedOnThePublicPort() {
        given().get("/q/metrics").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theDashboardQueriesOnlyMetricsTheServiceExposes() throws Exception {
        customer(newAccount()).get("/v1/subscriptions").then().statusCode(200);
        Set<String> exposed = Scrape.of(metrics).names();
        JsonNode dashboard = new ObjectMapper()
                .readTree(Path.of("ops/grafana/subupgrade.json").toFile());
        List<String> exprs = dashboard.findValuesAsText("expr");
        assertTrue(exprs.size() >= 8, "the dashboard's queries: " + exprs);
        Set<String> unknown = new TreeSet<>();
        Pattern metric = Pattern.compile("\\b(?:subupgrade|http_server)_[a-zA-Z0-9_]+");
        for (String expr : exprs) {
            Matcher m = metric.matcher(expr);
            while (m.find()) {
                if (!exposed.contains(m.group())) {
                    unknown.add(m.group());
                }
            }
        }
        assertEquals(Set.of(), unknown, "metric names the dashboard uses that /q/metrics does not expose");
    }
}
