package io.subupgrade.usage;

import io.subupgrade.UpgradesConfig;
import io.subupgrade.benefit.CreditBurnDown;
import io.subupgrade.benefit.CreditGrant;
import io.subupgrade.benefit.CreditRules;
import io.subupgrade.event.DisabledReason;
import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.invoice.InvoiceFold;
import io.subupgrade.offer.Meter;
import io.subupgrade.ops.Metrics;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.shared.Money;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.upgrade.UpgradeDueTimes;
import io.subupgrade.web.ProblemTitles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Prices usage and burns credit down. One path serves single records and batches: a batch locks
 * its subscriptions once, burns their credit in memory in record order, and writes records,
 * balances, state changes and events with a few set-based statements in one transaction.
 */
@ApplicationScoped
public class UsageService {
    @Inject
    UsageWriter writer;

    @Inject
    UpgradeDueTimes upgrades;

    @Inject
    EventLog events;

    @Inject
    InvoiceFold invoices;

    @Inject
    ServiceClock clock;

    @Inject
    UpgradesConfig config;

    @Inject
    Metrics metrics;

    /** One result per input, in order. Rejections are results, so the batch's other work still commits. */
    @Transactional
    public List<UsageBatchResult> record(List<UsageInput> inputs, boolean batch) {
        Instant now = clock.now();
        List<Integer> thresholds =
                CreditRules.notifiedThresholds(config.notifications().creditThresholds());
        Parsed parsed = parse(inputs, now, batch);
        Map<UUID, ChargedSubscription> subscriptions = writer.lock(parsed.subscriptionIds(), now);
        Map<String, UsageRecord> stored = writer.existing(parsed.pairSubscriptions(), parsed.pairEvents());
        Map<String, Meter> meters = writer.meters(parsed.meterIds());

        // Trials past their end with no upgrade waiting are disabled before anything is charged.
        for (ChargedSubscription s : subscriptions.values()) {
            if (s.active && s.trialOver(now) && hasNewUsage(parsed, s.id, stored)) {
                s.disabledNow = DisabledReason.TRIAL_EXPIRED;
            }
        }

        UsageBatchResult[] results = new UsageBatchResult[inputs.size()];
        List<UsageRecord> created = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (parsed.rejections[i] != null) {
                results[i] = rejected(i, parsed.rejections[i]);
                continue;
            }
            UsageInput input = inputs.get(i);
            String key = UsageWriter.key(input.subscriptionId(), input.eventId());
            UsageRecord original = stored.get(key);
            if (original != null) {
                results[i] =
                        new UsageBatchResult(i, UsageBatchResult.Status.DUPLICATE, UsageRecordView.of(original), null);
                continue;
            }
            ChargedSubscription s = subscriptions.get(input.subscriptionId());
            Meter meter = meters.get(input.meterId());
            String prefix = batch ? "records[" + i + "]." : "";
            try {
                if (s == null) {
                    throw ProblemException.notFound("Subscription " + input.subscriptionId());
                }
                if (meter == null) {
                    throw new ProblemException(
                            ProblemCode.UNKNOWN_METER, "Meter " + input.meterId() + " does not exist.");
                }
                if (!s.acceptsUsage()) {
                    throw new ProblemException(
                            ProblemCode.SUBSCRIPTION_DISABLED,
                            "Subscription " + s.id + " is not active; usage is refused.");
                }
                if (!s.billedIn(meter.unitPriceCurrency)) {
                    // Credit and costs of one subscription are never added across currencies.
                    throw new ProblemException(
                            ProblemCode.CURRENCY_MISMATCH,
                            "Meter " + meter.id + " is priced in " + meter.unitPriceCurrency + "; subscription " + s.id
                                    + " is billed in " + s.currency + ".");
                }
                BigDecimal cost = UsageRules.cost(parsed.quantities[i], meter.unitPriceAmount, prefix);
                UsageRecord record = charge(s, input, parsed.quantities[i], meter, cost, thresholds, now);
                s.charged(meter.unitPriceCurrency);
                created.add(record);
                stored.put(key, record);
                results[i] = new UsageBatchResult(i, UsageBatchResult.Status.CREATED, UsageRecordView.of(record), null);
            } catch (ProblemException e) {
                results[i] = rejected(i, e);
            }
        }
        save(subscriptions, created, now);
        List<UsageBatchResult> outcome = List.of(results);
        metrics.usageRecorded(
                count(outcome, UsageBatchResult.Status.CREATED),
                count(outcome, UsageBatchResult.Status.DUPLICATE),
                count(outcome, UsageBatchResult.Status.REJECTED));
        return outcome;
    }

    private static int count(List<UsageBatchResult> results, UsageBatchResult.Status status) {
        return (int) results.stream().filter(r -> r.status() == status).count();
    }

    /** Burns credit for one record and decides what the rest of its cost is. */
    private UsageRecord charge(
            ChargedSubscription s,
            UsageInput input,
            BigDecimal quantity,
            Meter meter,
            BigDecimal cost,
            List<Integer> thresholds,
            Instant now) {
        CreditBurnDown.Split split = CreditBurnDown.charge(s.grants, cost, s.billsOverage());
        if (split.covered().signum() > 0) {
            creditEvents(s, split, thresholds);
        }
        if (CreditBurnDown.limitReached(split, s.grants, s.billsOverage())) {
            s.disabledNow = DisabledReason.CREDIT_EXHAUSTED;
        }
        UsageRecord r = new UsageRecord();
        r.id = s.nextRecordId();
        r.subscriptionId = s.id;
        r.eventId = input.eventId();
        r.meterId = meter.id;
        r.quantity = quantity;
        r.occurredAt = input.occurredAt() == null ? now : input.occurredAt();
        r.recordedAt = now;
        r.unitPrice = meter.unitPriceAmount;
        r.currency = meter.unitPriceCurrency;
        r.cost = cost;
        r.coveredByCredit = split.covered();
        r.billable = split.billable();
        r.notCharged = split.notCharged();
        return r;
    }

    /**
     * The credit events of one charge that took credit: the thresholds its used share rose through (rising order),
     * then the grants it exhausted, in burn-down order.
     */
    private static void creditEvents(ChargedSubscription s, CreditBurnDown.Split split, List<Integer> thresholds) {
        BigDecimal remainingAfter = s.creditRemaining();
        BigDecimal remainingBefore = remainingAfter.add(split.covered());
        String currency = s.grants.get(0).currency; // credit that covered something: grants are there
        Money original = Money.of(s.creditOriginal, currency);
        Money remaining = Money.of(remainingAfter, currency);
        for (int t : CreditRules.thresholdsCrossed(s.creditOriginal, remainingBefore, remainingAfter, thresholds)) {
            s.creditEvents.add(new EventData.CreditThresholdReached(t, original, remaining));
        }
        for (CreditGrant g : split.exhausted()) {
            s.creditEvents.add(new EventData.CreditExhausted(g.id, Money.of(g.original, g.currency)));
        }
    }

    private void save(Map<UUID, ChargedSubscription> locked, List<UsageRecord> created, Instant now) {
        Collection<ChargedSubscription> subscriptions = locked.values();
        writer.fixCurrencies(
                subscriptions.stream().filter(s -> s.currencyFixedNow).toList());
        writer.insert(created);
        // The period's invoice is opened here if it is new; the records are folded into it later, many batches at
        // once (invoice/InvoiceFold): a read or a finalization folds first, so neither ever misses one.
        Set<UUID> charged = new LinkedHashSet<>();
        created.forEach(r -> charged.add(r.subscriptionId));
        invoices.open(
                charged.stream()
                        .map(locked::get)
                        .filter(s -> !s.invoiceOpen)
                        .map(s -> new InvoiceFold.Opened(s.id, s.ownerId, s.currency, now, s.lastRecordBefore()))
                        .toList(),
                charged);
        List<CreditGrant> burnt = new ArrayList<>();
        List<ChargedSubscription> disabled = new ArrayList<>();
        Set<UUID> trialsEnded = new LinkedHashSet<>();
        List<UUID> creditRanOut = new ArrayList<>();
        for (ChargedSubscription s : subscriptions) {
            s.grants.stream().filter(g -> g.changed).forEach(burnt::add);
            if (s.disabledNow != null) {
                disabled.add(s);
                if (s.disabledNow == DisabledReason.TRIAL_EXPIRED) {
                    trialsEnded.add(s.id);
                }
            }
            if (s.upgradePending
                    && s.hadCredit()
                    && !s.creditLeft()
                    && s.grants.stream().anyMatch(g -> g.changed)) {
                creditRanOut.add(s.id);
            }
        }
        writer.saveGrants(burnt);
        writer.disable(disabled);
        Map<UUID, List<EventData.CreditExpired>> expired = writer.expireCredit(trialsEnded);
        upgrades.creditRanOut(creditRanOut, now);
        appendEvents(subscriptions, expired, now);
    }

    /** The events of the batch in one statement, per subscription in the order its changes happened. */
    private void appendEvents(
            Iterable<ChargedSubscription> subscriptions,
            Map<UUID, List<EventData.CreditExpired>> expired,
            Instant now) {
        List<EventLog.NewEvent> batch = new ArrayList<>();
        for (ChargedSubscription s : subscriptions) {
            for (EventData e : s.creditEvents) {
                batch.add(new EventLog.NewEvent(s.id, s.ownerId, now, e));
            }
            for (EventData.CreditExpired e : expired.getOrDefault(s.id, List.of())) {
                batch.add(new EventLog.NewEvent(s.id, s.ownerId, now, e));
            }
            if (s.disabledNow != null) {
                batch.add(new EventLog.NewEvent(
                        s.id, s.ownerId, now, new EventData.SubscriptionDisabled(s.disabledNow, s.trialEndsAt)));
            }
        }
        events.appendAll(batch);
    }

    private static UsageBatchResult rejected(int index, ProblemException e) {
        return new UsageBatchResult(index, UsageBatchResult.Status.REJECTED, null, ProblemTitles.embedded(e));
    }

    private static boolean hasNewUsage(Parsed parsed, UUID subscriptionId, Map<String, UsageRecord> stored) {
        for (int i = 0; i < parsed.inputs.size(); i++) {
            UsageInput input = parsed.inputs.get(i);
            if (parsed.rejections[i] == null
                    && subscriptionId.equals(input.subscriptionId())
                    && !stored.containsKey(UsageWriter.key(subscriptionId, input.eventId()))) {
                return true;
            }
        }
        return false;
    }

    private static Parsed parse(List<UsageInput> inputs, Instant now, boolean batch) {
        Parsed parsed = new Parsed(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            UsageInput input = inputs.get(i);
            try {
                parsed.quantities[i] = UsageRules.checkedQuantity(input, batch ? "records[" + i + "]." : "", now);
                parsed.subscriptionIds.add(input.subscriptionId());
                parsed.meterIds.add(input.meterId());
            } catch (ProblemException e) {
                parsed.rejections[i] = e;
            }
        }
        return parsed;
    }

    /** The inputs after field checks: quantities, or why a record was rejected. */
    private static final class Parsed {
        final List<UsageInput> inputs;
        final BigDecimal[] quantities;
        final ProblemException[] rejections;
        final Set<UUID> subscriptionIds = new LinkedHashSet<>();
        final Set<String> meterIds = new LinkedHashSet<>();

        Parsed(List<UsageInput> inputs) {
            this.inputs = inputs;
            this.quantities = new BigDecimal[inputs.size()];
            this.rejections = new ProblemException[inputs.size()];
        }

        Set<UUID> subscriptionIds() {
            return subscriptionIds;
        }

        Set<String> meterIds() {
            return meterIds;
        }

        List<UUID> pairSubscriptions() {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                if (rejections[i] == null) {
                    ids.add(inputs.get(i).subscriptionId());
                }
            }
            return ids;
        }

        List<String> pairEvents() {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                if (rejections[i] == null) {
                    ids.add(inputs.get(i).eventId());
                }
            }
            return ids;
        }
    }
}
