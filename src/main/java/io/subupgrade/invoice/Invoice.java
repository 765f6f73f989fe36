package io.subupgrade.invoice;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A subscription's invoice for one calendar month. Written with set-based SQL only ({@link InvoiceFold} while
 * DRAFT, {@link InvoiceFinalizer} once); the entity is for reading.
 */
@Entity
@Table(name = "invoice")
public class Invoice extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "owner_id")
    public String ownerId;

    public String currency;

    @Column(name = "period_start")
    public Instant periodStart;

    @Column(name = "period_end")
    public Instant periodEnd;

    @Enumerated(EnumType.STRING)
    public InvoiceStatus status;

    @Column(name = "number_sequence")
    public Long numberSequence;

    @Column(name = "finalized_at")
    public Instant finalizedAt;

    public BigDecimal subtotal;

    @Column(name = "credit_applied")
    public BigDecimal creditApplied;

    @Column(name = "not_charged")
    public BigDecimal notCharged;

    public BigDecimal total;
}
