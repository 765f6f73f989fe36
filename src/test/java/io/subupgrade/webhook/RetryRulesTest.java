package io.subupgrade.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.subupgrade.webhook.RetryRules.Decision;
import io.subupgrade.webhook.RetryRules.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryRulesTest {
    private static final List<Duration> SCHEDULE =
            List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30));

    @Test
    void anyTwoHundredIsDelivered() {
        assertEquals(
                Kind.DELIVERED,
                RetryRules.decide(200, null, 0, false, SCHEDULE, 0).kind());
        assertEquals(
                Kind.DELIVERED,
                RetryRules.decide(204, null, 2, true, SCHEDULE, 0).kind());
    }

    @Test
    void failuresFollowTheScheduleWithUpToTenPercentJitterThenFail() {
        assertEquals(
                new Decision(Kind.RETRY, Duration.ofSeconds(5)), RetryRules.decide(500, null, 0, false, SCHEDULE, 0));
        assertEquals(
                new Decision(Kind.RETRY, Duration.ofMillis(5499)),
                RetryRules.decide(null, null, 0, false, SCHEDULE, 0.999));
        assertEquals(
                new Decision(Kind.RETRY, Duration.ofMinutes(30)), RetryRules.decide(302, null, 2, false, SCHEDULE, 0));
        assertEquals(
                Kind.FAILED, RetryRules.decide(500, null, 3, false, SCHEDULE, 0).kind());
    }

    @Test
    void goneIsFinalAndAManualRetryIsOneAttempt() {
        assertEquals(
                Kind.GONE, RetryRules.decide(410, null, 0, false, SCHEDULE, 0).kind());
        assertEquals(
                Kind.FAILED, RetryRules.decide(500, null, 0, true, SCHEDULE, 0).kind());
    }

    @Test
    void retryAfterCountsOnlyOn429And503AndOnlyWhenLonger() {
        Duration twoMinutes = Duration.ofMinutes(2);
        assertEquals(
                twoMinutes,
                RetryRules.decide(503, twoMinutes, 0, false, SCHEDULE, 0).delay());
        assertEquals(
                twoMinutes,
                RetryRules.decide(429, twoMinutes, 0, false, SCHEDULE, 0).delay());
        assertEquals(
                Duration.ofSeconds(5),
                RetryRules.decide(500, twoMinutes, 0, false, SCHEDULE, 0).delay());
        assertEquals(
                Duration.ofMinutes(5),
                RetryRules.decide(503, twoMinutes, 1, false, SCHEDULE, 0).delay());
        assertEquals(
                RetryRules.MAX_RETRY_AFTER,
                RetryRules.decide(503, Duration.ofDays(30), 0, false, SCHEDULE, 0)
                        .delay());
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        Instant now = Instant.parse("2025-01-12T09:15:00Z");
        assertEquals(Duration.ofSeconds(120), RetryRules.parseRetryAfter("120", now));
        assertEquals(Duration.ofSeconds(60), RetryRules.parseRetryAfter("Sun, 12 Jan 2025 09:16:00 GMT", now));
        assertEquals(Duration.ZERO, RetryRules.parseRetryAfter("Sun, 12 Jan 2025 09:00:00 GMT", now));
        assertNull(RetryRules.parseRetryAfter("soon", now));
        assertNull(RetryRules.parseRetryAfter("-5", now));
        assertNull(RetryRules.parseRetryAfter(null, now));
    }
}
