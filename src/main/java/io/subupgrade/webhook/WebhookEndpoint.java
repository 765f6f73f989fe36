package io.subupgrade.webhook;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.subupgrade.event.EventData.WebhookDisabledReason;
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
    @Column(name = "event_types")
    public String[] eventTypes;

    public String description;

    public boolean enabled;

    @Enumerated(EnumType.STRING)
    @Column(name = "disabled_reason")
    public WebhookDisabledReason disabledReason;

    public String secret;

    /** The secret before the last rotation; it signs too until {@link #previousSecretUntil}. */
    @Column(name = "previous_secret")
    public String previousSecret;

    @Column(name = "previous_secret_until")
    public Instant previousSecretUntil;

    @Column(name = "created_at")
    public Instant createdAt;

    @Version
    public long version;
}
