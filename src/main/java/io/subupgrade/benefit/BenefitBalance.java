package io.subupgrade.benefit;

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
 * A credit grant. Charges burn {@code remaining} down with set-based SQL (see the usage
 * package); the database refuses a negative remainder.
 */
@Entity
@Table(name = "benefit_balance")
public class BenefitBalance extends PanacheEntityBase {
    @Id
    public UUID id;

    public UUID subscriptionId;

    public String kind = "CREDIT";

    public BigDecimal originalAmount;

    public BigDecimal remainingAmount;

    public String currency;

    public Instant grantedAt;

    public Instant expiresAt;

    @Enumerated(EnumType.STRING)
    public BenefitStatus status;

    public String reason;

    /** Expired grants stop covering usage even before the expiry job marks them. */
    public BenefitStatus statusAt(Instant now) {
        if (status == BenefitStatus.ACTIVE && expiresAt != null && !expiresAt.isAfter(now)) {
            return BenefitStatus.EXPIRED;
        }
        return status;
    }
}
