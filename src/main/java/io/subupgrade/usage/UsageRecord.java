package io.subupgrade.usage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    public UUID subscriptionId;

    public String eventId;

    public String meterId;

    public BigDecimal quantity;

    public Instant occurredAt;

    public Instant recordedAt;

    public BigDecimal unitPrice;

    public String currency;

    public BigDecimal cost;

    public BigDecimal coveredByCredit;

    public BigDecimal billable;

    public BigDecimal notCharged;
}
