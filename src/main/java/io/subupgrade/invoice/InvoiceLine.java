package io.subupgrade.invoice;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
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

    @Column(name = "invoice_id")
    public UUID invoiceId;

    @Column(name = "meter_id")
    public String meterId;

    @Column(name = "unit_price")
    public BigDecimal unitPrice;

    public String unit;

    @Column(name = "name_en")
    public String nameEn;

    @Column(name = "name_zh_tw")
    public String nameZhTw;

    public BigDecimal quantity;

    public BigDecimal amount;
}
