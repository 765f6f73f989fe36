package io.subupgrade.invoice;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.util.UUID;

/** A line of an invoice: the usage of one meter at one unit price in the period. For reading, like {@link Invoice}. */
@Entity
@Table(name = "invoice_line")
public class InvoiceLine extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID invoiceId;

    public String meterId;

    public BigDecimal unitPrice;

    public String unit;

    public String nameEn;

    public String nameZhTw;

    public BigDecimal quantity;

    public BigDecimal amount;
}
