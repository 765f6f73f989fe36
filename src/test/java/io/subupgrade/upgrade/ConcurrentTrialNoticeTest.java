package io.subupgrade.upgrade;

import static io.subupgrade.testing.Api.newAccount;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.time.ServiceClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two job runs at once (think: two service instances) emit each trial.ending_soon notice exactly once. */
@QuarkusTest
class ConcurrentTrialNoticeTest {
    private static final int TRIALS = 1_200; // more than one batch of 500

    @Inject
    EntityManager em;

    @Inject
    ServiceClock clock;

    @Inject
    UpgradeJobs jobs;

    @Test
    void twoJobRunsAtOnceNoticeEachTrialOnce() throws Exception {
        String owner = newAccount();
        // Three days left: the 7-day mark applies, the 1-day mark not yet.
        seedTrials(owner, clock.now().plus(Duration.ofDays(3)));

        CountDownLatch start = new CountDownLatch(1);
        Callable<JobRunResult> run = () -> {
            start.await();
            return jobs.runAll();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<JobRunResult>> runs = List.of(pool.submit(run), pool.submit(run));
            start.countDown();
            for (Future<JobRunResult> r : runs) {
                r.get();
            }
        } finally {
            pool.shutdown();
        }
        jobs.runAll(); // and a third, later, finds nothing left to notice

        assertEquals(
                TRIALS,
                count(
                        "SELECT count(*) FROM event WHERE owner_id = ?1 AND type = 'trial.ending_soon'"
                                + " AND (data->>'markDays')::int = 7",
                        owner));
        assertEquals(
                TRIALS,
                count(
                        "SELECT count(DISTINCT subscription_id) FROM event WHERE owner_id = ?1"
                                + " AND type = 'trial.ending_soon'",
                        owner));
        assertEquals(
                TRIALS,
                count(
                        "SELECT count(*) FROM trial_notice n JOIN subscription s ON s.id = n.subscription_id"
                                + " WHERE s.owner_id = ?1 AND n.mark_days = 7 AND n.emitted",
                        owner));
    }

    /** Imagine subscriptions (no credit) whose trial ends at {@code trialEndsAt}. */
    private void seedTrials(String owner, Instant trialEndsAt) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                        "INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id,"
                                + " free_trial, state, spending_limit, created_at, trial_ends_at)"
                                + " SELECT gen_random_uuid(), ?1, 'Seeded ' || g, 'MS-AZR-0144P', 'MS-AZR-0144P',"
                                + " false, 'ACTIVE', 'ON', ?2, ?3 FROM generate_series(1, ?4) g")
                .setParameter(1, owner)
                .setParameter(2, clock.now())
                .setParameter(3, trialEndsAt)
                .setParameter(4, TRIALS)
                .executeUpdate());
    }

    private long count(String sql, String owner) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, owner).getSingleResult()).longValue();
    }
}
