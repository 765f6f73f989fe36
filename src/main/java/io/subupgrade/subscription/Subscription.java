package io.subupgrade.subscription;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.subupgrade.event.DisabledReason;
import io.subupgrade.offer.SpendingLimit;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/** A customer's subscription to an offer. Hot paths (usage, finalizer) update it with SQL, bumping {@code version}. */
@Entity
public class Subscription extends PanacheEntityBase {
    @Id
    public UUID id;

    public String ownerId;

    public String displayName;

    public String offerId;

    public String originalOfferId;

    public boolean freeTrial;

    @Enumerated(EnumType.STRING)
    public SubscriptionState state;

    @Enumerated(EnumType.STRING)
    public DisabledReason disabledReason;

    @Enumerated(EnumType.STRING)
    public SpendingLimit spendingLimit;

    public Instant createdAt;

    public Instant trialEndsAt;

    public UUID pendingUpgradeRequestId;

    /**
     * The one currency of its credit, usage and costs: the offer's credit currency, else fixed by the first grant
     * or the first priced usage; null until then. The database refuses grants and usage in another one.
     */
    public String currency;

    @Version
    public long version;

    public boolean isActive() {
        return state == SubscriptionState.ACTIVE;
    }

    /** A trial past its end with no upgrade waiting: disabled the moment anything touches it. */
    public boolean trialOverWithoutUpgrade(Instant now) {
        return trialEndsAt != null && !trialEndsAt.isAfter(now) && !hasPendingUpgrade();
    }

    public boolean hasPendingUpgrade() {
        return pendingUpgradeRequestId != null;
    }

    /** The ETag of this version: a quoted string, as HTTP wants it. */
    public String etag() {
        return etag(version);
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }
}
