package io.subupgrade.usage;

import io.subupgrade.problem.ProblemException;
import io.subupgrade.shared.Money;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/** The checks every usage record passes before it is priced, and the pricing itself. */
final class UsageRules {
    /** A positive decimal with at most 9 integer digits and 6 decimals. */
    private static final Pattern QUANTITY = Pattern.compile("^[0-9]{1,9}(\\.[0-9]{1,6})?$");

    private static final Pattern EVENT_ID = Pattern.compile("^[A-Za-z0-9._:-]{1,128}$");
    private static final Pattern CATALOG_ID = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    /** How far ahead of the service clock a meter's clock may run. */
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** A cost must stay below this: usage_record.cost is NUMERIC(29,16), 13 integer digits. */
    private static final BigDecimal COST_BOUND = BigDecimal.TEN.pow(13);

    private UsageRules() {}

    /** Parses and checks one record; throws a 400 problem naming the field. */
    static BigDecimal checkedQuantity(UsageInput input, String prefix, Instant now) {
        if (input.subscriptionId() == null) {
            throw ProblemException.invalid(prefix + "subscriptionId", "is required");
        }
        if (input.eventId() == null || !EVENT_ID.matcher(input.eventId()).matches()) {
            throw ProblemException.invalid(
                    prefix + "eventId", "must be 1 to 128 characters of letters, digits, '.', '_', ':', '-'");
        }
        if (input.meterId() == null || !CATALOG_ID.matcher(input.meterId()).matches()) {
            throw ProblemException.invalid(prefix + "meterId", "must be a meter id");
        }
        if (input.quantity() == null || !QUANTITY.matcher(input.quantity()).matches()) {
            throw ProblemException.invalid(
                    prefix + "quantity", "must be a decimal greater than 0 with at most 9 digits and 6 decimals");
        }
        BigDecimal quantity = new BigDecimal(input.quantity());
        if (quantity.signum() <= 0) {
            throw ProblemException.invalid(prefix + "quantity", "must be greater than 0");
        }
        if (input.occurredAt() != null && input.occurredAt().isAfter(now.plus(MAX_CLOCK_SKEW))) {
            throw ProblemException.invalid(
                    prefix + "occurredAt", "must not be more than 5 minutes ahead of the service clock (" + now + ")");
        }
        return quantity;
    }

    /**
     * {@code quantity × unitPrice}, exact: never rounded (docs/design.md §14), so a record whose cost is above zero
     * never costs 0 and an invoice line is its quantity × unit price. A quantity has at most 6 decimals and a unit
     * price at most {@value Money#INPUT_SCALE}, so the cost has at most {@value Money#EXACT_SCALE}, which its column
     * holds.
     */
    static BigDecimal cost(BigDecimal quantity, BigDecimal unitPrice, String prefix) {
        BigDecimal cost = quantity.multiply(unitPrice);
        if (cost.compareTo(COST_BOUND) >= 0) {
            throw ProblemException.invalid(prefix + "quantity", "prices to more than the largest amount recorded");
        }
        return cost;
    }
}
