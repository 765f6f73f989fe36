package io.subupgrade.client.sdk;

import io.subupgrade.client.ApiException;
import io.subupgrade.client.model.Problem;
import java.time.Duration;
import java.util.Optional;

/**
 * A call the service refused, with its RFC 9457 problem document parsed: {@link #code()} is the stable
 * machine-readable code (docs/design.md §15), {@link #problem()} the whole document (field errors included).
 * Unchecked, unlike the generated {@link ApiException}, which carries only the raw body.
 */
public final class ProblemException extends RuntimeException {

    private final int status;
    private final Problem problem;
    private final Duration retryAfter;
    private final String requestId;

    ProblemException(int status, Problem problem, Duration retryAfter, String requestId, ApiException cause) {
        super(message(status, problem, cause), cause);
        this.status = status;
        this.problem = problem;
        this.retryAfter = retryAfter;
        this.requestId = requestId;
    }

    /** The HTTP status; 0 when no response came (connection refused, timeout). */
    public int status() {
        return status;
    }

    /** The problem document, when the response had one. */
    public Optional<Problem> problem() {
        return Optional.ofNullable(problem);
    }

    /** The problem's {@code code} (for example {@code not-eligible}), or {@code null} without a document. */
    public String code() {
        return problem == null ? null : problem.getCode();
    }

    /** The response's {@code Retry-After}, when the service sent one (429, 503). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The response's {@code X-Request-Id}: quote it when reporting a problem; it is in the service's logs. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }

    /** 429, 503 and no response at all are worth retrying with the same idempotency key or eventId. */
    public boolean isRetryable() {
        return status == 0 || status == 429 || status == 503;
    }

    private static String message(int status, Problem problem, ApiException cause) {
        if (problem != null) {
            return status + " " + problem.getCode() + ": "
                    + (problem.getDetail() != null ? problem.getDetail() : problem.getTitle());
        }
        return status == 0 ? "no response: " + cause.getMessage() : "HTTP " + status;
    }
}
