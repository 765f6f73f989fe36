package io.subupgrade.webhook;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.subupgrade.UpgradesConfig;
import io.subupgrade.event.EventData;
import io.subupgrade.event.EventData.WebhookDisabledReason;
import io.subupgrade.event.EventLog;
import io.subupgrade.job.Job;
import io.subupgrade.job.RowFailures;
import io.subupgrade.job.SetAsideStore;
import io.subupgrade.ops.Metrics;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.webhook.DeliveryStore.Claimed;
import io.subupgrade.webhook.DeliveryStore.Recorded;
import io.subupgrade.webhook.RetryRules.Decision;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One delivery pass (docs/design.md §12): claim due deliveries (a short transaction that leases them), POST them
 * concurrently outside any transaction, then record every outcome in a second short transaction; again until
 * nothing is due. No database connection or row lock is held while a receiver answers, so a slow receiver holds up
 * neither the pool nor the feed horizon. A crash between a POST and its record leaves the lease to run out, and the
 * delivery is POSTed again: at least once, and exactly once barring such a crash.
 */
@ApplicationScoped
public class WebhookDeliveries {
    /** Leeway on top of the attempts' own deadlines before a lease is taken as abandoned. */
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(5);

    /** Claimed batches being POSTed at once. */
    private static final int BATCHES_IN_FLIGHT = 2;

    private final ReentrantLock onePassAtATime = new ReentrantLock();

    @Inject
    DeliveryStore store;

    @Inject
    WebhookHttp http;

    @Inject
    WebhookUrlPolicy urlPolicy;

    @Inject
    EventLog events;

    @Inject
    ServiceClock clock;

    @Inject
    UpgradesConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Metrics metrics;

    @Inject
    SetAsideStore setAside;

    private ExecutorService posters;

    /** The body: {@code {type, timestamp, data}} with {@code data} the feed's Event resource. */
    record Body(String type, Instant timestamp, EventResource data) {}

    record EventResource(
            long id,
            String type,
            UUID subscriptionId,
            Instant occurredAt,
            @JsonRawValue String data) {}

    @PostConstruct
    void start() {
        AtomicInteger n = new AtomicInteger();
        posters = Executors.newFixedThreadPool(config.webhooks().concurrency(), r -> {
            Thread thread = new Thread(r, "webhook-post-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @PreDestroy
    void stop() {
        posters.shutdownNow();
    }

    /**
     * Delivers everything due now; what it did. One pass at a time per instance (the scheduler's and the job
     * endpoint's wait for each other), so a pass has the posters to itself and the leases it takes hold. Two batches
     * are in flight: while one is POSTed the next is claimed and queued, and the posters do not idle on the claim and
     * record transactions. A claim never takes a delivery whose subscription has an earlier one in flight (that one is
     * still PENDING), so order holds across batches.
     */
    public DeliveryRunResult runPass() {
        onePassAtATime.lock();
        try {
            DeliveryRunResult total = new DeliveryRunResult(0, 0, 0);
            Deque<Posting> inFlight = new ArrayDeque<>();
            while (true) {
                while (inFlight.size() < BATCHES_IN_FLIGHT) {
                    List<Claimed> claimed = claimBatch();
                    if (claimed.isEmpty()) {
                        break;
                    }
                    inFlight.add(post(claimed));
                }
                if (inFlight.isEmpty()) {
                    return total;
                }
                total = total.plus(record(inFlight.poll()));
            }
        } finally {
            onePassAtATime.unlock();
        }
    }

    private List<Claimed> claimBatch() {
        int batch = config.webhooks().batchSize();
        int concurrency = config.webhooks().concurrency();
        // The batches in flight are POSTed in rounds of `concurrency`; the lease covers every round's deadline.
        long rounds = ((long) BATCHES_IN_FLIGHT * batch + concurrency - 1) / concurrency;
        Duration lease = config.webhooks().timeout().multipliedBy(rounds).plus(LEASE_MARGIN);
        return QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.now();
            return store.claim(now, now.plus(lease), batch);
        });
    }

    /** A claimed batch whose POSTs are queued. */
    private record Posting(List<Claimed> claimed, List<Future<Recorded>> results) {}

    private Posting post(List<Claimed> claimed) {
        List<Future<Recorded>> results = new ArrayList<>(claimed.size());
        for (Claimed delivery : claimed) {
            results.add(posters.submit(() -> attempt(delivery)));
        }
        return new Posting(claimed, results);
    }

    private DeliveryRunResult record(Posting posting) {
        List<Claimed> claimed = posting.claimed();
        List<Recorded> results = new ArrayList<>(claimed.size());
        List<Claimed> recorded = new ArrayList<>(claimed.size());
        List<Claimed> gone = new ArrayList<>();
        Map<Claimed, RuntimeException> refused = new LinkedHashMap<>();
        int delivered = 0, failed = 0, retried = 0;
        for (int i = 0; i < claimed.size(); i++) {
            Recorded r;
            try {
                r = await(posting.results().get(i));
            } catch (RowFailure f) {
                // Its attempt could not even be made (a stored URL or secret the code refuses): set aside, the
                // others are recorded.
                refused.put(claimed.get(i), f.failure);
                continue;
            }
            results.add(r);
            recorded.add(claimed.get(i));
            switch (r.status()) {
                case DELIVERED -> delivered++;
                case FAILED -> failed++;
                case PENDING -> retried++;
            }
            if (r.status() == DeliveryStatus.FAILED && isGone(r.attempt())) {
                gone.add(claimed.get(i));
            }
        }
        DeliveryRunResult outcome = new DeliveryRunResult(delivered, failed, retried);
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                recordInTransaction(results, outcome, gone);
                refused.forEach(this::setAside);
            });
        } catch (RuntimeException batchFailure) {
            if (!RowFailures.inTheRow(batchFailure)) {
                throw batchFailure;
            }
            recordOneByOne(recorded, results, gone);
            refused.forEach((d, f) -> QuarkusTransaction.requiringNew().run(() -> setAside(d, f)));
        }
        return outcome;
    }

    private void recordInTransaction(List<Recorded> results, DeliveryRunResult outcome, List<Claimed> gone) {
        store.record(results);
        metrics.webhookDeliveries(outcome.delivered(), outcome.failed(), outcome.retried());
        for (Claimed delivery : gone) {
            store.disableGone(delivery.endpointId())
                    .ifPresent(url -> events.append(
                            null,
                            null,
                            clock.now(),
                            new EventData.WebhookEndpointDisabled(
                                    delivery.endpointId(), url, WebhookDisabledReason.GONE)));
        }
    }

    // The outcomes' one statement failed on a row: each outcome in its own transaction, and the one that fails alone
    // is set aside. (The metric then counts per transaction: what committed.)
    private void recordOneByOne(List<Claimed> claimed, List<Recorded> results, List<Claimed> gone) {
        for (int i = 0; i < results.size(); i++) {
            Claimed d = claimed.get(i);
            Recorded r = results.get(i);
            DeliveryRunResult one = new DeliveryRunResult(
                    r.status() == DeliveryStatus.DELIVERED ? 1 : 0,
                    r.status() == DeliveryStatus.FAILED ? 1 : 0,
                    r.status() == DeliveryStatus.PENDING ? 1 : 0);
            try {
                QuarkusTransaction.requiringNew()
                        .run(() -> recordInTransaction(List.of(r), one, gone.contains(d) ? List.of(d) : List.of()));
            } catch (RuntimeException failure) {
                if (!RowFailures.inTheRow(failure)) {
                    throw failure;
                }
                QuarkusTransaction.requiringNew().run(() -> setAside(d, failure));
            }
        }
    }

    /**
     * Releases the delivery's lease and sets it aside, if the lease is still this pass's (else another worker has it
     * now, and its outcome counts). It stays PENDING, and the claim skips it until an operator retries it; the
     * subscription's later deliveries to the same endpoint wait behind it, as the order rule says.
     */
    private void setAside(Claimed d, RuntimeException failure) {
        if (store.release(d.id(), d.leasedUntil())) {
            setAside.mark(Job.WEBHOOK_DELIVERY, d.id(), RowFailures.reason(failure), clock.now());
        }
    }

    private Recorded attempt(Claimed d) {
        Instant at = clock.now();
        String body = body(d);
        URI url = URI.create(d.url());
        // The receiver checks webhook-timestamp against its own clock: real time, not the sandbox clock.
        long timestamp = Instant.now().getEpochSecond();
        String webhookId = "msg_" + d.id();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", webhookId);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSigner.signature(d.secrets(), webhookId, timestamp, body));
        WebhookHttp.Answer answer = urlPolicy.schemeAllowed(url)
                ? http.post(url, headers, body)
                : new WebhookHttp.Answer(null, null, "url-not-allowed: the scheme is not allowed", 0);
        DeliveryAttempt attempt = new DeliveryAttempt(at, answer.statusCode(), answer.durationMs(), answer.error());
        Decision decision = RetryRules.decide(
                answer.statusCode(),
                RetryRules.parseRetryAfter(answer.retryAfter(), Instant.now()),
                d.failedAttempts(),
                d.manualRetry(),
                config.webhooks().retrySchedule(),
                ThreadLocalRandom.current().nextDouble());
        Instant now = clock.now();
        return switch (decision.kind()) {
            case DELIVERED ->
                new Recorded(d.id(), d.leasedUntil(), DeliveryStatus.DELIVERED, null, d.failedAttempts(), now, attempt);
            case RETRY ->
                new Recorded(
                        d.id(),
                        d.leasedUntil(),
                        DeliveryStatus.PENDING,
                        now.plus(decision.delay()),
                        d.failedAttempts() + 1,
                        null,
                        attempt);
            case FAILED, GONE ->
                new Recorded(
                        d.id(), d.leasedUntil(), DeliveryStatus.FAILED, null, d.failedAttempts() + 1, null, attempt);
        };
    }

    private static boolean isGone(DeliveryAttempt attempt) {
        return attempt.statusCode() != null && attempt.statusCode() == 410;
    }

    private String body(Claimed d) {
        try {
            return json.writeValueAsString(new Body(
                    d.eventType(),
                    d.occurredAt(),
                    new EventResource(d.eventId(), d.eventType(), d.subscriptionId(), d.occurredAt(), d.eventData())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A webhook body must be serializable", e);
        }
    }

    private static Recorded await(Future<Recorded> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while delivering webhooks", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure && RowFailures.inTheRow(failure)) {
                throw new RowFailure(failure);
            }
            throw new IllegalStateException("A webhook attempt failed unexpectedly", e.getCause());
        }
    }

    /** An attempt that failed on its delivery's own data. */
    private static final class RowFailure extends RuntimeException {
        final RuntimeException failure;

        RowFailure(RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
