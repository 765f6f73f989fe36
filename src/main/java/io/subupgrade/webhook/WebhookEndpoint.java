package io.subupgrade.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.subupgrade.event.EventData.WebhookDisabledReason;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where an operator wants events POSTed. Written one at a time by {@link WebhookEndpointService}; the delivery path
 * reads its url and secrets with the deliveries it claims ({@link DeliveryStore}).
 */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint extends PanacheEntityBase {
    @Id
    public UUID id;

    public String url;

    /** Wire names of event types, or the one element {@code *}. */
    public String[] eventTypes;

    public String description;

    public boolean enabled;

    @Enumerated(EnumType.STRING)
    public WebhookDisabledReason disabledReason;

    public String secret;

    /**
     * Every secret rotated out, each signing until its own time: a second rotation within the overlap does not cut the
     * first one short. Expired ones are dropped at the next rotation; the delivery path reads only those still signing.
     */
    @ElementCollection
    @CollectionTable(name = "webhook_endpoint_retired_secret", joinColumns = @JoinColumn(name = "endpoint_id"))
    public List<RetiredSecret> retiredSecrets = new ArrayList<>();

    /**
     * The secret before the last rotation and its end (V8's shape). Still written, for instances of before V17 that
     * sign with it during a rolling update, and still read by the delivery path for rotations such an instance made;
     * {@link #retiredSecrets} is what this version keeps.
     */
    public String previousSecret;

    public Instant previousSecretUntil;

    public Instant createdAt;

    @Version
    public long version;
}
