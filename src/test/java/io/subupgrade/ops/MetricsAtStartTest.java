package io.subupgrade.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service that has done nothing yet already has every section-12 series, at 0: dashboards and alerts see a value,
 * not "no data". Its own profile gives it an application of its own, which no other test has used.
 */
@QuarkusTest
@TestProfile(MetricsAtStartTest.FreshStart.class)
class MetricsAtStartTest {

    public static class FreshStart implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Any override makes a profile of its own; this one states what the test relies on.
            return Map.of("upgrades.metrics.backlog-every", "off");
        }
    }

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void everySeriesIsThereAtZeroBeforeTheFirstEvent() {
        Scrape s = Scrape.of(metrics);
        assertEquals(0.0, s.value("subupgrade_upgrade_requests_due"));
        assertEquals(0.0, s.value("subupgrade_webhook_backlog"));
        assertEquals(0.0, s.value("subupgrade_upgrades_completed_total"));
        assertEquals(0.0, s.value("subupgrade_invoices_finalized_total"));
        for (String status : new String[] {"created", "duplicate", "rejected"}) {
            assertEquals(0.0, s.value("subupgrade_usage_records_total", "status", status), status);
        }
        for (String result : new String[] {"delivered", "failed", "retried"}) {
            assertEquals(0.0, s.value("subupgrade_webhook_deliveries_total", "result", result), result);
        }
        for (String job : new String[] {
            "upgrade-finalization", "credit-expiry", "trial-expiry", "invoice-finalization", "webhook-delivery"
        }) {
            assertEquals(0.0, s.value("subupgrade_job_rows_set_aside_total", "job", job), job);
        }
        assertEquals(0.0, s.value("subupgrade_finalizer_batch_seconds_count"));
        assertEquals(0.0, s.value("subupgrade_finalizer_batch_seconds_bucket", "le", "+Inf"));
        assertEquals(0.0, s.value("subupgrade_finalizer_batch_seconds_bucket", "le", "0.1"));
    }
}
