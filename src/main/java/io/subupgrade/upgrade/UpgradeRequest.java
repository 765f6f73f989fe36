package io.subupgrade.upgrade;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.subupgrade.event.CompletionReason;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;

/**
 * A customer's request to move a subscription to another offer once its benefits run out.
 * {@code dueAt} is the finalizer's queue key: when the benefits run out as far as known now.
 * Completion is done with set-based SQL (see {@link UpgradeCompletion}), which bumps {@code version}.
 */
@Entity
@Table(name = "upgrade_request")
public class UpgradeRequest extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "subscription_id")
    public UUID subscriptionId;

    @Column(name = "from_offer_id")
    public String fromOfferId;

    @Column(name = "target_offer_id")
    public String targetOfferId;

    @Enumerated(EnumType.STRING)
    public UpgradeRequestStatus status;

    @Column(name = "requested_at")
    public Instant requestedAt;

    @Column(name = "requested_by")
    public String requestedBy;

    @Column(name = "due_at")
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "due_reason")
    public CompletionReason dueReason;

    @Column(name = "effective_at")
    public Instant effectiveAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "completion_reason")
    public CompletionReason completionReason;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Version
    public long version;

    public String etag() {
        return "\"" + version + "\"";
    }
}
