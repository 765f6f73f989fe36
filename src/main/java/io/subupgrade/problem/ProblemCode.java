package io.subupgrade.problem;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every problem the service answers with: its HTTP status and its stable wire name, which is the {@code code} and
 * {@code /problems/<code>} type clients match on and the key of its title in {@code problems*.properties}. A code is
 * added here, in openapi.yaml and in both properties files together; ProblemCodesTest checks they stay in step.
 */
public enum ProblemCode {
    VALIDATION_FAILED(400, "validation-failed"),
    MALFORMED_JSON(400, "malformed-json"),
    MALFORMED_REQUEST(400, "malformed-request"),
    UNAUTHENTICATED(401, "unauthenticated"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not-found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable"),
    TRIAL_ALREADY_USED(409, "trial-already-used"),
    SUBSCRIPTION_DISABLED(409, "subscription-disabled"),
    SUBSCRIPTION_CANCELLED(409, "subscription-cancelled"),
    NOT_UPGRADABLE(409, "not-upgradable"),
    UPGRADE_ALREADY_PENDING(409, "upgrade-already-pending"),
    UPGRADE_NOT_PENDING(409, "upgrade-not-pending"),
    WEBHOOK_ENDPOINT_DISABLED(409, "webhook-endpoint-disabled"),
    IDEMPOTENCY_KEY_IN_USE(409, "idempotency-key-in-use"),
    PRECONDITION_FAILED(412, "precondition-failed"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type"),
    IDEMPOTENCY_KEY_REUSED(422, "idempotency-key-reused"),
    UNKNOWN_OFFER(422, "unknown-offer"),
    UNKNOWN_METER(422, "unknown-meter"),
    CURRENCY_MISMATCH(422, "currency-mismatch"),
    CONFIRMATION_REQUIRED(422, "confirmation-required"),
    UNKNOWN_EVENT_TYPE(422, "unknown-event-type"),
    WEBHOOK_URL_NOT_ALLOWED(422, "webhook-url-not-allowed"),
    INTERNAL_ERROR(500, "internal-error"),
    SERVICE_UNAVAILABLE(503, "service-unavailable");

    private static final Map<String, ProblemCode> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ProblemCode::wireName, Function.identity()));

    private final int status;
    private final String wireName;

    ProblemCode(int status, String wireName) {
        this.status = status;
        this.wireName = wireName;
    }

    public int status() {
        return status;
    }

    /** The {@code code} on the wire, and the key of the title in {@code problems*.properties}. */
    public String wireName() {
        return wireName;
    }

    /** The problem's {@code type}: a relative URI reference per code (RFC 9457 section 3.1.1). */
    public String type() {
        return "/problems/" + wireName;
    }

    /**
     * The code of a wire name this service wrote itself (an upgrade preview's reason, a batch record's problem), so an
     * unknown name is a bug of ours, not a client error.
     */
    public static ProblemCode ofWireName(String wireName) {
        ProblemCode code = BY_WIRE_NAME.get(wireName);
        if (code == null) {
            throw new IllegalArgumentException("No problem code " + wireName);
        }
        return code;
    }
}
