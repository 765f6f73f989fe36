package io.subupgrade.upgrade;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.subupgrade.event.CompletionReason;
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

    public UUID subscriptionId;

    public String fromOfferId;

    public String targetOfferId;

    @Enumerated(EnumType.STRING)
    public UpgradeRequestStatus status;

    public Instant requestedAt;

    public String requestedBy;

    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    public CompletionReason dueReason;

    public Instant effectiveAt;

    public Instant completedAt;

    @Enumerated(EnumType.STRING)
    public CompletionReason completionReason;

    public Instant cancelledAt;

    @Version
    public long version;

    public String etag() {
        return "\"" + version + "\"";
    }
}
