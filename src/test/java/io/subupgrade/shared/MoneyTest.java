package io.subupgrade.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How amounts are written: exact, at least the currency's minor digits, no trailing zeros beyond them. */
class MoneyTest {

    @ParameterizedTest(name = "{0} {1} is \"{2}\"")
    @CsvSource({
        "200, USD, 200.00",
        "200.000000, USD, 200.00",
        "96.0000000000000000, USD, 96.00",
        "0.0104000000, USD, 0.0104",
        "0.000000435, USD, 0.000000435",
        "0.0000000001166669, USD, 0.0000000001166669",
        "199.9999999998833331, USD, 199.9999999998833331",
        "0E-16, USD, 0.00",
        "0, USD, 0.00",
        "200, JPY, 200",
        "200.0000000000000000, JPY, 200",
        "500.5, JPY, 500.5",
        "0E-16, JPY, 0",
        "1.5, KWD, 1.500",
        "1.5005, KWD, 1.5005",
        "0, KWD, 0.000",
        "0.1, BHD, 0.100",
        "12.5, EUR, 12.50",
        "3, XAU, 3",
        "-4.8, USD, -4.80",
        "9999999999999.9999999999999999, USD, 9999999999999.9999999999999999",
        // A code stored before codes were checked is shown as every amount was: to the cent at least.
        "7.5, ABC, 7.50"
    })
    void amountsAreWrittenExactlyWithTheCurrencysMinorDigits(String amount, String currency, String written) {
        assertEquals(written, Money.format(new BigDecimal(amount), currency));
        Money money = Money.of(new BigDecimal(amount), currency);
        assertEquals(written, money.amount());
        assertEquals(0, new BigDecimal(amount).compareTo(money.toBigDecimal()), "read back as the same number");
    }

    @ParameterizedTest
    @CsvSource({"USD, 2", "EUR, 2", "JPY, 0", "KRW, 0", "KWD, 3", "BHD, 3", "CLF, 4", "XAU, 0", "ABC, 2"})
    void theMinorUnitComesFromTheCurrency(String currency, int digits) {
        assertEquals(digits, Money.minorDigits(currency));
    }

    @Test
    void onlyIsoCurrenciesAreCurrencies() {
        assertTrue(Money.isIsoCurrency("USD"));
        assertTrue(Money.isIsoCurrency("JPY"));
        assertTrue(Money.isIsoCurrency("KWD"));
        assertFalse(Money.isIsoCurrency("ABC"));
        assertFalse(Money.isIsoCurrency("usd"));
        assertFalse(Money.isIsoCurrency("US"));
        assertFalse(Money.isIsoCurrency(""));
        assertFalse(Money.isIsoCurrency(null));
    }
}
