package io.subupgrade.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.subupgrade.job.Job;
import io.subupgrade.job.RowSetAside;
import io.subupgrade.shared.AfterCommit;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's own metrics (docs/design.md §17): the one place their names and tags are defined. Every series is
 * registered at start-up, so a dashboard and an alert see 0 rather than no data before the first event. Counters
 * count what a transaction did only once it has committed: a rolled-back batch is retried and would otherwise be
 * counted twice. The gauges are set by {@link BacklogGauges} from the database on a schedule, never per scrape.
 *
 * <p>The features call it with plain counts, and the tags are its own enums, so that ops/ depends on no feature
 * (docs/architecture.md, layout); the set-aside counter's tag is {@code job/}'s {@link Job}, which is below ops/, and
 * {@code job/} announces a set-aside row as a CDI event that this observes.
 */
@Startup
@ApplicationScoped
public class Metrics {
    /**
     * The {@code status} tag of {@code subupgrade_usage_records_total}: the outcome the ingestion reported for a record
     * (the values of {@code usage/UsageBatchResult.Status}).
     */
    public enum UsageStatus {
        CREATED,
        DUPLICATE,
        REJECTED
    }

    /** The {@code result} tag of {@code subupgrade_webhook_deliveries_total}: the outcome of one attempt. */
    public enum DeliveryResult {
        DELIVERED,
        /** The last attempt of the schedule, or the endpoint answered 410 Gone. */
        FAILED,
        /** Failed, another attempt is scheduled. */
        RETRIED
    }

    @Inject
    MeterRegistry registry;

    @Inject
    TransactionSynchronizationRegistry transactions;

    private final AtomicLong upgradeRequestsDue = new AtomicLong();
    private final AtomicLong webhookBacklog = new AtomicLong();
    private final Map<UsageStatus, Counter> usageRecords = new EnumMap<>(UsageStatus.class);
    private final Map<DeliveryResult, Counter> webhookDeliveries = new EnumMap<>(DeliveryResult.class);
    private final Map<Job, Counter> rowsSetAside = new EnumMap<>(Job.class);
    private Counter upgradesCompleted;
    private Counter invoicesFinalized;
    private Timer finalizerBatch;

    @PostConstruct
    void register() {
        Gauge.builder("subupgrade.upgrade.requests.due", upgradeRequestsDue, AtomicLong::get)
                .description("PENDING upgrade requests whose benefits are used up, waiting for the finalizer")
                .register(registry);
        Gauge.builder("subupgrade.webhook.backlog", webhookBacklog, AtomicLong::get)
                .description("Webhook deliveries PENDING (due now or waiting for a retry)")
                .register(registry);
        upgradesCompleted = Counter.builder("subupgrade.upgrades.completed")
                .description("Upgrade requests completed")
                .register(registry);
        invoicesFinalized = Counter.builder("subupgrade.invoices.finalized")
                .description("Invoices finalized")
                .register(registry);
        for (UsageStatus status : UsageStatus.values()) {
            usageRecords.put(
                    status,
                    Counter.builder("subupgrade.usage.records")
                            .description("Usage records received, by the outcome the ingestion reported")
                            .tag("status", tagValue(status))
                            .register(registry));
        }
        for (DeliveryResult result : DeliveryResult.values()) {
            webhookDeliveries.put(
                    result,
                    Counter.builder("subupgrade.webhook.deliveries")
                            .description("Webhook delivery attempts, by outcome")
                            .tag("result", tagValue(result))
                            .register(registry));
        }
        for (Job job : Job.values()) {
            rowsSetAside.put(
                    job,
                    Counter.builder("subupgrade.job.rows.set.aside")
                            .description("Rows a batch job could not process and set aside for an operator")
                            .tag("job", job.wireName())
                            .register(registry));
        }
        // Buckets from a few milliseconds (an empty claim) to the 10 s a batch of 500 must stay well under.
        finalizerBatch = Timer.builder("subupgrade.finalizer.batch")
                .description("Duration of one finalizer batch transaction (claim, complete, commit)")
                .serviceLevelObjectives(
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(2500),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10))
                .register(registry);
    }

    /** {@code count} upgrade requests completed by the current transaction. */
    public void upgradesCompleted(int count) {
        AfterCommit.run(transactions, () -> upgradesCompleted.increment(count));
    }

    /** The outcomes of the usage records the current transaction handled, counted by status. */
    public void usageRecorded(int created, int duplicates, int rejected) {
        AfterCommit.run(transactions, () -> {
            usageRecords.get(UsageStatus.CREATED).increment(created);
            usageRecords.get(UsageStatus.DUPLICATE).increment(duplicates);
            usageRecords.get(UsageStatus.REJECTED).increment(rejected);
        });
    }

    /** The outcomes of the delivery attempts the current transaction records. */
    public void webhookDeliveries(int delivered, int failed, int retried) {
        AfterCommit.run(transactions, () -> {
            webhookDeliveries.get(DeliveryResult.DELIVERED).increment(delivered);
            webhookDeliveries.get(DeliveryResult.FAILED).increment(failed);
            webhookDeliveries.get(DeliveryResult.RETRIED).increment(retried);
        });
    }

    /** {@code count} invoices finalized by the current transaction. */
    public void invoicesFinalized(int count) {
        AfterCommit.run(transactions, () -> invoicesFinalized.increment(count));
    }

    /** A row the current transaction set aside ({@code job/SetAsideStore} fires it in that transaction). */
    void jobRowSetAside(@Observes RowSetAside row) {
        AfterCommit.run(transactions, () -> rowsSetAside.get(row.job()).increment());
    }

    /** The timer of one finalizer batch, its transaction included (a batch that failed is timed too). */
    public Timer finalizerBatch() {
        return finalizerBatch;
    }

    /** The backlog as the database had it at the last {@link BacklogGauges} run. */
    void backlog(long requestsDue, long deliveriesPending) {
        upgradeRequestsDue.set(requestsDue);
        webhookBacklog.set(deliveriesPending);
    }

    private static String tagValue(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
