package io.subupgrade.offer;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.subupgrade.web.Languages;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** An offer of the catalog (Free Trial, Pay-As-You-Go, ...) and the benefits it grants. */
@Entity
public class Offer extends PanacheEntityBase {
    @Id
    public String id;

    public String nameEn;

    public String nameZhTw;

    @Enumerated(EnumType.STRING)
    public OfferCategory category;

    public BigDecimal creditAmount;

    public String creditCurrency;

    public Integer termDays;

    @Enumerated(EnumType.STRING)
    public SpendingLimit spendingLimit;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "offer_upgrade_target", joinColumns = @JoinColumn(name = "offer_id"))
    @Column(name = "target_offer_id")
    @OrderBy
    public List<String> upgradableTo = new ArrayList<>();

    @Version
    public long version;

    public String name(Locale language) {
        return nameZhTw != null && Languages.isChinese(language) ? nameZhTw : nameEn;
    }

    public boolean hasCredit() {
        return creditAmount != null && creditAmount.signum() > 0;
    }

    public Duration term() {
        return termDays == null ? null : Duration.ofDays(termDays);
    }

    public boolean canUpgradeTo(String targetOfferId) {
        return upgradableTo.contains(targetOfferId);
    }
}
