package io.subupgrade.offer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.subupgrade.web.Languages;
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

    public String nameEn;

    public String nameZhTw;

    public String unit;

    public BigDecimal unitPriceAmount;

    public String unitPriceCurrency;

    @Version
    public long version;

    public String name(Locale language) {
        return nameZhTw != null && Languages.isChinese(language) ? nameZhTw : nameEn;
    }
}
