package io.subupgrade.webhook;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/** What an attempt's answer means for its delivery (docs/design.md §12). Pure: the caller passes the random. */
public final class RetryRules {
    /** A {@code Retry-After} longer than this is taken as this: a receiver cannot park a delivery for weeks. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private RetryRules() {}

    public enum Kind {
        DELIVERED,
        /** Attempt again after {@link Decision#delay}. */
        RETRY,
        /** No attempt follows. */
        FAILED,
        /** 410 Gone: no attempt follows, and the endpoint is disabled. */
        GONE
    }

    public record Decision(Kind kind, Duration delay) {}

    /**
     * @param statusCode the answer's status, or null when there was none (timeout, refused connection, refused URL)
     * @param retryAfter the answer's {@code Retry-After}, or null
     * @param failedBefore failed attempts before this one, so {@code schedule.get(failedBefore)} is the next delay
     * @param manualRetry this attempt was queued by hand: one attempt, no schedule
     * @param random a number in [0, 1) that picks the jitter (up to 10 % more than the schedule's step)
     */
    public static Decision decide(
            Integer statusCode,
            Duration retryAfter,
            int failedBefore,
            boolean manualRetry,
            List<Duration> schedule,
            double random) {
        if (statusCode != null && statusCode >= 200 && statusCode < 300) {
            return new Decision(Kind.DELIVERED, null);
        }
        if (statusCode != null && statusCode == 410) {
            return new Decision(Kind.GONE, null);
        }
        if (manualRetry || failedBefore >= schedule.size()) {
            return new Decision(Kind.FAILED, null);
        }
        Duration step = schedule.get(failedBefore);
        Duration delay = step.plusMillis((long) (step.toMillis() * 0.1 * random));
        boolean mayAskToWait = statusCode != null && (statusCode == 429 || statusCode == 503);
        if (mayAskToWait && retryAfter != null) {
            Duration asked = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
            if (asked.compareTo(delay) > 0) {
                delay = asked;
            }
        }
        return new Decision(Kind.RETRY, delay);
    }

    /** A {@code Retry-After} value (delay-seconds or an HTTP date, RFC 9110 section 10.2.3); null if neither. */
    public static Duration parseRetryAfter(String value, Instant now) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.matches("[0-9]{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            Instant at =
                    ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
