package io.subupgrade.benefit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which trial-ending mark applies and which one is emitted (docs/design.md §11). */
class NotificationRulesTest {
    private static final Instant TRIAL_ENDS = Instant.parse("2025-01-31T10:00:00Z");

    @ParameterizedTest(name = "marks {0}, {1} before the trial ends: applying {2}, emitted {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                // marks | time left        | applying | emitted
                "7,1     | P8D              |          |",
                "7,1     | PT168H0.000001S  |          |",
                "7,1     | P7D              | 7        | 7",
                "7,1     | P3D              | 7        | 7",
                "7,1     | PT24H0.000001S   | 7        | 7",
                "7,1     | P1D              | 1,7      | 1", // the clock jumped past both: only the smallest
                "7,1     | PT1S             | 1,7      | 1",
                "7,1     | PT0S             |          |", // the trial has ended: no mark applies
                "7,1     | -PT1H            |          |",
                "1,7,7   | PT12H            | 1,7      | 1", // configured in any order, duplicates once
                "14,0,-3 | P10D             | 14       | 14", // non-positive marks never count
                "30      | P2D              | 30       | 30",
            })
    void theSmallestApplyingMarkIsEmitted(String marks, Duration left, String applying, String emitted) {
        List<Integer> configured = ints(marks);
        Instant now = TRIAL_ENDS.minus(left);
        assertEquals(
                applying == null ? List.of() : ints(applying),
                NotificationRules.marksApplying(configured, TRIAL_ENDS, now));
        assertEquals(
                emitted == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(emitted)),
                NotificationRules.markToEmit(configured, TRIAL_ENDS, now));
    }

    @ParameterizedTest(name = "no trial end, marks {0}: nothing applies")
    @CsvSource({"'7,1'", "'1'"})
    void withoutATrialEndNothingApplies(String marks) {
        assertEquals(List.of(), NotificationRules.marksApplying(ints(marks), null, TRIAL_ENDS));
        assertEquals(OptionalInt.empty(), NotificationRules.markToEmit(ints(marks), null, TRIAL_ENDS));
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
    }
}
