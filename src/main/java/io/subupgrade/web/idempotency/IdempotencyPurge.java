package io.subupgrade.web.idempotency;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Forgets Idempotency-Keys older than {@link IdempotencyStore#RETENTION}. Wall-clock time, not the
 * sandbox clock: moving the business clock forward must not shorten the retry window. Safe on
 * every instance at once (a plain DELETE by age).
 */
@ApplicationScoped
public class IdempotencyPurge {
    private static final Logger LOG = Logger.getLogger(IdempotencyPurge.class);

    @Inject
    IdempotencyStore store;

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeExpired() {
        int deleted = store.purge(Instant.now());
        if (deleted > 0) {
            LOG.infof("Purged %d expired Idempotency-Keys", deleted);
        }
    }
}
