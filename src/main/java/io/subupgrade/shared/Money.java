package io.subupgrade.shared;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An exact amount of money on the wire: the amount is a decimal string so that no client parses it as a float.
 * Amounts are never rounded on their way in or out (docs/design.md §14): a client sends at most
 * {@value #INPUT_SCALE} decimal places (a unit price of a cloud price list, 0.0000166667 per GB-second), and a cost
 * is quantity (at most 6 places) × unit price, so what the service answers carries at most {@value #EXACT_SCALE}.
 */
public record Money(
        @NotNull
        @Pattern(
                regexp = "^-?[0-9]{1,13}(\\.[0-9]{1,10})?$",
                message = "must be a decimal with at most 13 integer digits and 10 decimals")
        String amount,

        @NotNull @IsoCurrency String currency) {

    /** The decimal places of an amount a client sends: unit prices, credit. */
    public static final int INPUT_SCALE = 10;

    /** The decimal places of a cost: a quantity's 6 plus a unit price's 10, kept exact. */
    public static final int EXACT_SCALE = 16;

    /** Minor-unit digits by ISO 4217 code, as the JDK knows them (JPY 0, USD 2, KWD 3). */
    private static final Map<String, Integer> MINOR_DIGITS = Currency.getAvailableCurrencies().stream()
            .collect(Collectors.toUnmodifiableMap(Currency::getCurrencyCode, Money::minorDigitsOf));

    /** What an amount in a code the JDK does not know (a row stored before codes were checked) is shown with. */
    private static final int UNKNOWN_MINOR_DIGITS = 2;

    public static Money of(BigDecimal amount, String currency) {
        return new Money(format(amount, currency), currency);
    }

    public static Money ofNullable(BigDecimal amount, String currency) {
        return amount == null ? null : of(amount, currency);
    }

    public BigDecimal toBigDecimal() {
        return new BigDecimal(amount);
    }

    /** Whether {@code code} is an ISO 4217 currency the JDK knows. */
    public static boolean isIsoCurrency(String code) {
        return code != null && MINOR_DIGITS.containsKey(code);
    }

    /**
     * The currency's minor unit in decimal places: 2 for USD, 0 for JPY, 3 for KWD; 0 for the codes without one
     * (gold, XAU). A code the JDK does not know keeps the 2 places every amount was shown with before codes were
     * checked, so such a stored row can still be read.
     */
    public static int minorDigits(String currency) {
        return currency == null ? UNKNOWN_MINOR_DIGITS : MINOR_DIGITS.getOrDefault(currency, UNKNOWN_MINOR_DIGITS);
    }

    /**
     * The exact amount with at least the currency's minor digits and no trailing zeros past them: "200.00",
     * "0.0104", "0.0000000016666670" is "0.000000001666667"; "200" in JPY, "1.500" in KWD. Never rounds.
     */
    public static String format(BigDecimal amount, String currency) {
        BigDecimal stripped = amount.stripTrailingZeros();
        int minor = minorDigits(currency);
        return (stripped.scale() < minor ? stripped.setScale(minor, RoundingMode.UNNECESSARY) : stripped)
                .toPlainString();
    }

    private static int minorDigitsOf(Currency currency) {
        return Math.max(currency.getDefaultFractionDigits(), 0);
    }
}
