package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.testing.SeededUpgrades;
import io.subupgrade.testing.TwoInstances;
import io.subupgrade.time.ServiceClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Two finalizers (think: two service instances) share one database and never complete a request twice. */
@QuarkusTest
class ConcurrentFinalizationTest {
    private static final int DUE = 1_000;

    @Inject
    EntityManager em;

    @Inject
    ServiceClock clock;

    @Inject
    UpgradeJobs jobs;

    @Test
    void twoFinalizersCompleteEachDueRequestExactlyOnce() throws Exception {
        String owner = newAccount();
        SeededUpgrades.dueRequests(em, owner, clock.now().minus(1, ChronoUnit.MINUTES), DUE);

        int finalized = TwoInstances.run(() -> jobs.finalizeDue());

        assertTrue(finalized >= DUE, "finalized " + finalized);
        assertEquals(
                DUE,
                count(
                        "SELECT count(*) FROM upgrade_request WHERE requested_by = ?1 AND status = 'COMPLETED'"
                                + " AND completion_reason = 'NO_BENEFITS'",
                        owner));
        assertEquals(
                DUE, count("SELECT count(*) FROM event WHERE owner_id = ?1 AND type = 'upgrade.completed'", owner));
        assertEquals(
                DUE,
                count(
                        "SELECT count(*) FROM subscription WHERE owner_id = ?1 AND offer_id = 'MS-AZR-0003P'"
                                + " AND spending_limit = 'OFF' AND pending_upgrade_request_id IS NULL AND version = 1",
                        owner));
    }

    private long count(String sql, String owner) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, owner).getSingleResult()).longValue();
    }
}
