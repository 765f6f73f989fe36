package io.subupgrade.benefit;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * When the customer is told that a trial ends soon (docs/design.md §11): pure rules, no database (unit-tested in
 * NotificationRulesTest). The credit thresholds' crossing rule is {@link CreditRules#thresholdsCrossed}.
 */
public final class NotificationRules {
    private NotificationRules() {}

    /** The configured marks that count: positive day counts, each once, rising. */
    public static List<Integer> trialMarks(List<Integer> configured) {
        return configured.stream().filter(d -> d > 0).distinct().sorted().toList();
    }

    /**
     * The marks that apply at {@code now}, rising: a mark of {@code d} days applies from {@code trialEndsAt - d} days
     * (of 24 hours) until {@code trialEndsAt}, exclusive.
     */
    public static List<Integer> marksApplying(List<Integer> marks, Instant trialEndsAt, Instant now) {
        if (trialEndsAt == null || !now.isBefore(trialEndsAt)) {
            return List.of();
        }
        return trialMarks(marks).stream()
                .filter(d -> !trialEndsAt.minus(Duration.ofDays(d)).isAfter(now))
                .toList();
    }

    /**
     * The one mark to emit at {@code now}: the smallest that applies. When the clock jumped past several marks, the
     * larger ones are only recorded as done, so "7 days left" never follows "1 day left".
     */
    public static OptionalInt markToEmit(List<Integer> marks, Instant trialEndsAt, Instant now) {
        List<Integer> applying = marksApplying(marks, trialEndsAt, now);
        return applying.isEmpty() ? OptionalInt.empty() : OptionalInt.of(applying.get(0));
    }
}
