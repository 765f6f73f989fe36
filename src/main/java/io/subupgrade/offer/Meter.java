package io.subupgrade.offer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.subupgrade.web.Languages;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.util.Locale;

/** A rate-card entry: usage of this meter costs {@code quantity × unitPrice}. */
@Entity
public class Meter extends PanacheEntityBase {
    @Id
    public String id;

    @Column(name = "name_en")
    public String nameEn;

    @Column(name = "name_zh_tw")
    public String nameZhTw;

    public String unit;

    @Column(name = "unit_price_amount")
    public BigDecimal unitPriceAmount;

    @Column(name = "unit_price_currency")
    public String unitPriceCurrency;

    @Version
    public long version;

    public String name(Locale language) {
        return nameZhTw != null && Languages.isChinese(language) ? nameZhTw : nameEn;
    }
}
