package io.subupgrade.invoice;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    public UUID subscriptionId;

    public String ownerId;

    public String currency;

    public Instant periodStart;

    public Instant periodEnd;

    @Enumerated(EnumType.STRING)
    public InvoiceStatus status;

    public Long numberSequence;

    public Instant finalizedAt;

    public BigDecimal subtotal;

    public BigDecimal creditApplied;

    public BigDecimal notCharged;

    public BigDecimal total;
}
