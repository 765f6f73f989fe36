package io.subupgrade.webhook;

import io.subupgrade.event.EventData.WebhookDisabledReason;
import io.subupgrade.event.EventType;
import io.subupgrade.problem.FieldError;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.shared.Ids;
import io.subupgrade.time.ServiceClock;
import io.subupgrade.web.KeysetFilter;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The endpoint API (operators only): register, change, rotate the secret, remove. */
@ApplicationScoped
public class WebhookEndpointService {
    /** After a rotation the old secret signs too, for this long, so receivers can switch without losing messages. */
    static final Duration ROTATION_OVERLAP = Duration.ofHours(24);

    @Inject
    WebhookUrlPolicy urlPolicy;

    @Inject
    ServiceClock clock;

    @Transactional
    public WebhookEndpoint create(WebhookEndpointRequest request) {
        WebhookEndpoint e = new WebhookEndpoint();
        e.id = Ids.newId();
        e.url = urlPolicy.check(request.url()).toString();
        e.eventTypes = eventTypes(request.eventTypes());
        e.description = emptyToNull(request.description());
        e.enabled = true;
        e.secret = WebhookSecrets.newSecret();
        e.createdAt = clock.now();
        e.persist();
        return e;
    }

    public Page<WebhookEndpointView> list(int limit, String cursor) {
        return KeysetFilter.ascending(cursor)
                .page((q, p) -> WebhookEndpoint.find(q, p), limit, e -> e.id.toString(), WebhookEndpointView::of);
    }

    public WebhookEndpoint get(UUID id) {
        WebhookEndpoint e = WebhookEndpoint.findById(id);
        if (e == null) {
            throw ProblemException.notFound("Webhook endpoint " + id);
        }
        return e;
    }

    @Transactional
    public WebhookEndpoint update(UUID id, WebhookEndpointPatch patch) {
        WebhookEndpoint e = get(id);
        if (patch.url() != null) {
            e.url = urlPolicy.check(patch.url()).toString();
        }
        if (patch.eventTypes() != null) {
            e.eventTypes = eventTypes(patch.eventTypes());
        }
        if (patch.description() != null) {
            e.description = emptyToNull(patch.description());
        }
        if (patch.enabled() != null && patch.enabled() != e.enabled) {
            e.enabled = patch.enabled();
            e.disabledReason = e.enabled ? null : WebhookDisabledReason.MANUAL;
        }
        return e;
    }

    /**
     * A new secret; the current one keeps signing (one more signature) for {@link #ROTATION_OVERLAP}, as does every
     * secret rotated out before it whose own overlap has not ended.
     */
    @Transactional
    public WebhookEndpoint rotateSecret(UUID id) {
        WebhookEndpoint e = get(id);
        Instant now = clock.now();
        Instant until = now.plus(ROTATION_OVERLAP);
        e.retiredSecrets.removeIf(r -> !r.signsUntil.isAfter(now));
        e.retiredSecrets.add(new RetiredSecret(e.secret, until));
        e.previousSecret = e.secret;
        e.previousSecretUntil = until;
        e.secret = WebhookSecrets.newSecret();
        return e;
    }

    /** Removes the endpoint with its deliveries. */
    @Transactional
    public void delete(UUID id) {
        get(id).delete();
    }

    /** The types as stored: known wire names without repeats, or the single {@code *}. */
    static String[] eventTypes(List<String> given) {
        Set<String> types = new LinkedHashSet<>(given);
        if (types.contains("*")) {
            if (types.size() > 1) {
                throw ProblemException.invalid("eventTypes", "\"*\" subscribes to every type and stands alone");
            }
            return new String[] {"*"};
        }
        List<FieldError> unknown = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            try {
                EventType.fromWireName(given.get(i));
            } catch (IllegalArgumentException ex) {
                unknown.add(new FieldError("eventTypes[" + i + "]", "is not an event type"));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(ProblemCode.UNKNOWN_EVENT_TYPE, "An event type is not known.", unknown);
        }
        return types.toArray(String[]::new);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
