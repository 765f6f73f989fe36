package io.subupgrade.shared;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An exact amount of money on the wire: the amount is a decimal string so that no client
 * parses it as a float. Stored as NUMERIC(19,6) plus the currency.
 */
public record Money(
        @NotNull
        @Pattern(regexp = "^-?[0-9]{1,13}(\\.[0-9]{1,6})?$", message = "must be a decimal with at most 6 decimals")
        String amount,

        @NotNull @Pattern(regexp = "^[A-Z]{3}$", message = "must be an ISO 4217 code such as USD")
        String currency) {

    /** Amounts are kept to 6 decimal places, the precision of the rate card. */
    public static final int SCALE = 6;

    public static Money of(BigDecimal amount, String currency) {
        return new Money(format(amount), currency);
    }

    public static Money ofNullable(BigDecimal amount, String currency) {
        return amount == null ? null : of(amount, currency);
    }

    public BigDecimal toBigDecimal() {
        return new BigDecimal(amount).setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    /** "200.00", "96.00", "0.0104": at least cents, never trailing zeros past them. */
    public static String format(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return (stripped.scale() < 2 ? stripped.setScale(2, RoundingMode.UNNECESSARY) : stripped).toPlainString();
    }
}
