// Money and other decimals for people, exactly. Amounts arrive as decimal strings (up to 16 places); they are
// formatted from the string and summed as BigInt units of 10⁻¹⁶, never through a JS number, so what the portal
// shows is what the API said. No DOM here.

export const PLACES = 16;
const UNIT = 10n ** BigInt(PLACES);
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** `'7.7376'` → 77376000000000000n (units of 10⁻¹⁶); more than 16 places or anything else is an error. */
export function toUnits(decimal) {
    const m = DECIMAL.exec(String(decimal));
    if (!m || (m[3] || '').length > PLACES) throw new Error(`not a decimal amount: ${decimal}`);
    const value = BigInt(m[2]) * UNIT + BigInt((m[3] || '').padEnd(PLACES, '0'));
    return m[1] ? -value : value;
}

/** The inverse of toUnits, with all 16 places: 77376000000000000n → `'7.7376000000000000'`. */
export function unitsToDecimal(units) {
    const sign = units < 0n ? '-' : '';
    const abs = units < 0n ? -units : units;
    return `${sign}${abs / UNIT}.${String(abs % UNIT).padStart(PLACES, '0')}`;
}

/** Units as a number, for a chart's geometry only (bar heights, point positions), never for a figure shown. */
export function unitsToNumber(units) {
    return Number(unitsToDecimal(units)); // the nearest number to the exact value (a division would round twice)
}

export const isZero = (money) => toUnits(money.amount) === 0n;

/** A decimal string for people: grouped in the language's way, trailing zeros dropped down to `minDigits` places. */
export function formatDecimal(language, decimal, minDigits = 2) {
    const m = DECIMAL.exec(String(decimal));
    if (!m) return String(decimal);
    let fraction = (m[3] || '').replace(/0+$/, '');
    if (fraction.length < minDigits) fraction = fraction.padEnd(minDigits, '0');
    const whole = new Intl.NumberFormat(language).format(BigInt(m[2]));
    const point = new Intl.NumberFormat(language).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    return `${m[1] ? '−' : ''}${whole}${fraction ? point + fraction : ''}`;
}

/** The currency's minor unit in decimal places (USD 2, JPY 0, KWD 3), as the browser knows it; 2 if it does not. */
export function minorDigits(currency) {
    try {
        return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch {
        return 2;
    }
}

/**
 * The API's amount as it is, to the currency's minor unit at least: `USD 7.7376`, `USD 50.00`, `JPY 200`; `none` when
 * there is no amount.
 */
export function formatAmount(language, money, none) {
    if (!money) return none;
    return `${money.currency}\u00a0${formatDecimal(language, money.amount, minorDigits(money.currency))}`;
}

/**
 * An amount rounded to the currency's minor unit (half away from zero) in the language's currency style:
 * `USD 1,234.57`, `JPY 1,235`. The string
 * goes to Intl.NumberFormat as it is, which reads a string as an exact decimal (ECMA-402's Intl.NumberFormat v3);
 * only a well-formed decimal is passed on (anything else is shown as it came), since Intl would read it as NaN.
 */
export function formatMoney(language, money, none) {
    if (!money) return none;
    if (!DECIMAL.test(String(money.amount))) return `${money.currency}\u00a0${money.amount}`;
    return new Intl.NumberFormat(language, {
        style: 'currency',
        currency: money.currency,
        currencyDisplay: 'code',
    }).format(String(money.amount));
}

/** A whole percentage: 90 → `90%`. */
export function formatPercent(language, percent) {
    return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}
