package io.subupgrade.usage;

import io.subupgrade.benefit.CreditGrant;
import io.subupgrade.event.DisabledReason;
import io.subupgrade.event.EventData;
import io.subupgrade.shared.Ids;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A subscription locked for the length of a batch, with its usable credit in burn-down order. */
final class ChargedSubscription {
    final UUID id;
    final String ownerId;
    final boolean active;
    final boolean spendingLimitOn;
    final Instant trialEndsAt;
    final boolean upgradePending;
    final List<CreditGrant> grants = new ArrayList<>();
    /** The subscription's one currency; null until its first priced usage (or grant) fixes it. */
    String currency;
    /** Set when this batch's first usage fixed the currency, so it is written back. */
    boolean currencyFixedNow;
    /** The original amount of all its grants (used or not); zero when it has no usable credit. */
    BigDecimal creditOriginal = BigDecimal.ZERO;
    /** The credit events of this batch's charges, in the order they happened (thresholds, then exhausted grants). */
    final List<EventData> creditEvents = new ArrayList<>();
    /** Set when this batch disables the subscription. */
    DisabledReason disabledNow;
    /** Its last usage record before this batch (null: none), read under the lock; its invoice's watermark starts here. */
    private UUID lastRecordBefore;
    /** Whether its DRAFT invoice of the batch's month exists already (read under the lock). */
    boolean invoiceOpen;
    /** The last record id handed out, this batch's included: the next one goes above it. */
    private UUID lastRecord;

    ChargedSubscription(
            UUID id,
            String ownerId,
            boolean active,
            boolean spendingLimitOn,
            Instant trialEndsAt,
            boolean upgradePending,
            String currency) {
        this.id = id;
        this.ownerId = ownerId;
        this.active = active;
        this.spendingLimitOn = spendingLimitOn;
        this.trialEndsAt = trialEndsAt;
        this.upgradePending = upgradePending;
        this.currency = currency;
    }

    void lastRecordBefore(UUID id) {
        lastRecordBefore = id;
        lastRecord = id;
    }

    UUID lastRecordBefore() {
        return lastRecordBefore;
    }

    /**
     * A new record's id, above every record of the subscription so far. Ids are time-ordered, but the clocks of two
     * instances (or one millisecond's random bits) need not agree; under the subscription's lock this makes a
     * subscription's ids grow in commit order, which the invoice fold's watermark relies on (invoice/InvoiceFold).
     */
    UUID nextRecordId() {
        lastRecord = Ids.above(Ids.newId(), lastRecord);
        return lastRecord;
    }

    boolean acceptsUsage() {
        return active && disabledNow == null;
    }

    /** Usage is priced in the subscription's currency; until one is fixed, any. */
    boolean billedIn(String meterCurrency) {
        return currency == null || currency.equals(meterCurrency);
    }

    /** The first priced usage of a subscription without credit fixes its currency. */
    void charged(String meterCurrency) {
        if (currency == null) {
            currency = meterCurrency;
            currencyFixedNow = true;
        }
    }

    /** A trial past its end with no upgrade waiting is disabled as soon as usage touches it. */
    boolean trialOver(Instant now) {
        return trialEndsAt != null && !trialEndsAt.isAfter(now) && !upgradePending;
    }

    /** Usage beyond the credit is billed when the limit is off or an upgrade will take over. */
    boolean billsOverage() {
        return !spendingLimitOn || upgradePending;
    }

    /** What is left of the usable credit. */
    BigDecimal creditRemaining() {
        return grants.stream().map(g -> g.remaining).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    boolean hadCredit() {
        return !grants.isEmpty();
    }

    boolean creditLeft() {
        return grants.stream().anyMatch(g -> !g.exhausted());
    }
}
