package io.subupgrade.upgrade;

import io.subupgrade.problem.ProblemCode;
import io.subupgrade.shared.Money;
import java.time.Instant;
import java.util.List;

/** The {@code UpgradePreview} schema: what upgrading now would do; nothing is changed. */
public record UpgradePreview(
        boolean eligible,
        List<Reason> reasons,
        String fromOfferId,
        String targetOfferId,
        Money creditRemaining,
        Instant trialEndsAt,
        Instant expectedEffectiveAt,
        boolean completesImmediately,
        List<Change> changes) {

    /** The {@code UpgradeReason} schema: why the upgrade is not possible. */
    public record Reason(String code, String message) {
        /** A reason is the problem a request for the same upgrade would be refused with. */
        public Reason(ProblemCode code, String message) {
            this(code.wireName(), message);
        }
    }

    /** The {@code UpgradeChange} schema: a subscription field the upgrade would change. */
    public record Change(String field, String from, String to, String description) {}
}
