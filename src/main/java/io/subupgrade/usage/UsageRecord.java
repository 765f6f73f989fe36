package io.subupgrade.usage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A priced usage record and how its cost was covered. Written with set-based SQL by
 * {@link UsageWriter}; the entity is for reading.
 */
@Entity
@Table(name = "usage_record")
public class UsageRecord extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "meter_id")
    public String meterId;

    public BigDecimal quantity;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "recorded_at")
    public Instant recordedAt;

    @Column(name = "unit_price")
    public BigDecimal unitPrice;

    public String currency;

    public BigDecimal cost;

    @Column(name = "covered_by_credit")
    public BigDecimal coveredByCredit;

    public BigDecimal billable;

    @Column(name = "not_charged")
    public BigDecimal notCharged;
}
