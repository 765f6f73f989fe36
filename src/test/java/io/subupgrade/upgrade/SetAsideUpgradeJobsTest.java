package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.upgrade.UpgradeSteps.runJobs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.testing.SeededUpgrades;
import io.subupgrade.testing.SetAside;
import io.subupgrade.testing.TwoInstances;
import io.subupgrade.time.ServiceClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * One bad row never stalls the upgrade jobs (docs/design.md §14): a row corrupted directly in the database, as a bad
 * import would leave it, is set aside with its reason while every other row of its batch and of later batches is
 * processed, on one instance and on two.
 */
@QuarkusTest
class SetAsideUpgradeJobsTest {
    /** More than a batch (upgrades.finalizer.batch-size=500): the run goes on to a second batch. */
    private static final int DUE = 600;

    private static final List<String> DISABLED_EVENTS =
            List.of("subscription.created", "credit.granted", "subscription.disabled", "credit.expired");

    @Inject
    EntityManager em;

    @Inject
    ServiceClock clock;

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    @Test
    void twoFinalizersSetAsideTheRequestThatFailsItsConstraintOnceAndCompleteTheOtherFiveHundredNinetyNine()
            throws Exception {
        String owner = newAccount();
        Instant dueAt = clock.now().minus(1, ChronoUnit.MINUTES);
        SeededUpgrades.dueRequests(em, owner, dueAt, DUE);
        // The earliest due, so in the first batch: a PENDING request with a due time but no reason, which a completed
        // request must have (upgrade_request's CHECK), as an import that knew nothing of due_reason would write it.
        UUID bad = (UUID)
                em.createNativeQuery("SELECT id FROM upgrade_request WHERE requested_by = ?1 ORDER BY id LIMIT 1")
                        .setParameter(1, owner)
                        .getSingleResult();
        sql("UPDATE upgrade_request SET due_reason = NULL, due_at = ?1 WHERE id = ?2", dueAt.minusSeconds(60), bad);
        double before = SetAside.counted(metrics, "upgrade-finalization");

        int finalized = TwoInstances.run(() -> runJobs().getInt("finalized"));

        assertTrue(finalized >= DUE - 1, "finalized " + finalized);
        assertEquals(
                DUE - 1,
                count("SELECT count(*) FROM upgrade_request WHERE requested_by = ?1 AND status = 'COMPLETED'", owner));
        assertEquals(
                DUE - 1, count("SELECT count(*) FROM event WHERE owner_id = ?1 AND type = 'upgrade.completed'", owner));
        assertEquals(
                DUE - 1,
                count(
                        "SELECT count(*) FROM subscription WHERE owner_id = ?1 AND offer_id = 'MS-AZR-0003P'"
                                + " AND pending_upgrade_request_id IS NULL AND version = 1",
                        owner));
        assertEquals("PENDING", status(bad));
        List<Map<String, Object>> entries = SetAside.entriesFor("upgrade-finalization", bad.toString());
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(
                "ERROR: new row for relation \"upgrade_request\" violates check constraint \"upgrade_request_check\""
                        + " (SQLSTATE 23514)",
                entries.get(0).get("reason"));
        assertNotNull(entries.get(0).get("setAsideAt"));
        assertEquals(before + 1, SetAside.counted(metrics, "upgrade-finalization"));

        // Later runs skip it: not attempted, not set aside again.
        runJobs();
        assertEquals("PENDING", status(bad));
        assertEquals(
                1, SetAside.entriesFor("upgrade-finalization", bad.toString()).size());
        assertEquals(before + 1, SetAside.counted(metrics, "upgrade-finalization"));

        // The operator fixes the row and retries it: the next run completes it, once.
        sql("UPDATE upgrade_request SET due_reason = 'NO_BENEFITS' WHERE id = ?1", bad, null);
        Map<String, Object> retried = SetAside.retry((String) entries.get(0).get("id"));
        assertEquals(bad.toString(), retried.get("rowId"));
        assertNotNull(retried.get("retriedAt"));
        assertEquals(List.of(), SetAside.entriesFor("upgrade-finalization", bad.toString()));
        runJobs();
        assertEquals("COMPLETED", status(bad));
        assertEquals(
                DUE, count("SELECT count(*) FROM event WHERE owner_id = ?1 AND type = 'upgrade.completed'", owner));
        assertEquals(before + 1, SetAside.counted(metrics, "upgrade-finalization"));
    }

    @Test
    void aTrialThatCannotBeDisabledIsSetAsideAndTheOtherEndedTrialsAreDisabled() {
        List<String> trials = List.of(
                subscribe(newAccount(), FREE_TRIAL),
                subscribe(newAccount(), FREE_TRIAL),
                subscribe(newAccount(), FREE_TRIAL));
        for (String id : trials) {
            sql(
                    "UPDATE subscription SET trial_ends_at = ?1 WHERE id = CAST(?2 AS uuid)",
                    clock.now().minusSeconds(60),
                    id);
        }
        // The optimistic-lock counter at bigint's maximum: disabling the trial bumps it, which PostgreSQL refuses.
        String bad = trials.get(1);
        sql("UPDATE subscription SET version = 9223372036854775807 WHERE id = CAST(?1 AS uuid)", bad, null);
        double before = SetAside.counted(metrics, "trial-expiry");

        runJobs();

        for (String id : List.of(trials.get(0), trials.get(2))) {
            assertEquals("DISABLED/TRIAL_EXPIRED", state(id));
            assertEquals(DISABLED_EVENTS, eventTypes(id));
        }
        assertEquals("ACTIVE/null", state(bad));
        assertEquals(List.of("subscription.created", "credit.granted"), eventTypes(bad));
        List<Map<String, Object>> entries = SetAside.entriesFor("trial-expiry", bad);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(
                "ERROR: bigint out of range (SQLSTATE 22003)", entries.get(0).get("reason"));
        assertEquals(before + 1, SetAside.counted(metrics, "trial-expiry"));

        runJobs();
        assertEquals("ACTIVE/null", state(bad));
        assertEquals(before + 1, SetAside.counted(metrics, "trial-expiry"));

        sql("UPDATE subscription SET version = 0 WHERE id = CAST(?1 AS uuid)", bad, null);
        SetAside.retry((String) entries.get(0).get("id"));
        runJobs();
        assertEquals("DISABLED/TRIAL_EXPIRED", state(bad));
        assertEquals(DISABLED_EVENTS, eventTypes(bad));
        assertEquals(List.of(), SetAside.entriesFor("trial-expiry", bad));
    }

    private void sql(String statement, Object first, Object second) {
        QuarkusTransaction.requiringNew().run(() -> {
            var q = em.createNativeQuery(statement).setParameter(1, first);
            if (second != null) {
                q.setParameter(2, second);
            }
            q.executeUpdate();
        });
    }

    private long count(String sql, String owner) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, owner).getSingleResult()).longValue();
    }

    private String status(UUID request) {
        return (String) em.createNativeQuery("SELECT status FROM upgrade_request WHERE id = ?1")
                .setParameter(1, request)
                .getSingleResult();
    }

    private String state(String subscription) {
        return (String) em.createNativeQuery(
                        "SELECT state || '/' || coalesce(disabled_reason, 'null') FROM subscription WHERE id = CAST(?1 AS uuid)")
                .setParameter(1, subscription)
                .getSingleResult();
    }

    @SuppressWarnings("unchecked")
    private List<String> eventTypes(String subscription) {
        return em.createNativeQuery("SELECT type FROM event WHERE subscription_id = CAST(?1 AS uuid) ORDER BY id")
                .setParameter(1, subscription)
                .getResultList();
    }
}
