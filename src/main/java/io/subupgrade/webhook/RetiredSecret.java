package io.subupgrade.webhook;

import jakarta.persistence.Embeddable;
import java.time.Instant;

/** A secret an endpoint had before a rotation; it keeps signing deliveries until {@link #signsUntil}. */
@Embeddable
public class RetiredSecret {
    public String secret;

    public Instant signsUntil;

    protected RetiredSecret() {}

    RetiredSecret(String secret, Instant signsUntil) {
        this.secret = secret;
        this.signsUntil = signsUntil;
    }
}
