import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { PORTAL, load } from './portal.mjs';

const { toUnits, unitsToDecimal, unitsToNumber, isZero, formatDecimal, formatAmount, formatMoney, formatPercent, PLACES } =
    await load('money.js');

const NBSP = '\u00a0';

test('toUnits reads up to 16 places exactly, and unitsToDecimal gives them back', () => {
    assert.equal(PLACES, 16);
    assert.equal(toUnits('7.7376'), 77_376_000_000_000_000n);
    assert.equal(toUnits('0.0000000000000001'), 1n);
    assert.equal(toUnits('-12.5'), -125_000_000_000_000_000n);
    assert.equal(toUnits('123456789012345678901234.9999999999999999'), 1234567890123456789012349999999999999999n);
    assert.equal(unitsToDecimal(1n), '0.0000000000000001');
    assert.equal(unitsToDecimal(-125_000_000_000_000_000n), '-12.5000000000000000');
    assert.equal(unitsToDecimal(toUnits('90071992547409931.0000000000000007')), '90071992547409931.0000000000000007');
});

test('toUnits refuses what is not a decimal of at most 16 places', () => {
    for (const bad of ['1.00000000000000001', '1e3', '', '1.', '.5', 'NaN', '1,5', ' 1']) {
        assert.throws(() => toUnits(bad), /not a decimal amount/, bad);
    }
});

test('sums of 16-place amounts are exact where floats are not', () => {
    const parts = ['0.1000000000000001', '0.2000000000000002', '9007199254740993.0000000000000003'];
    const sum = parts.map(toUnits).reduce((a, b) => a + b, 0n);
    assert.equal(unitsToDecimal(sum), '9007199254740993.3000000000000006');
    assert.equal(isZero({ amount: '0.0000000000000000' }), true);
    assert.equal(isZero({ amount: '0.0000000000000001' }), false);
    assert.equal(isZero({ amount: '-0.00' }), true);
});

test('unitsToNumber is for geometry only: the nearest number to the exact value', () => {
    assert.equal(unitsToNumber(toUnits('7.7376')), 7.7376);
    assert.equal(unitsToNumber(toUnits('38.4')), 38.4);
    assert.equal(unitsToNumber(0n), 0);
});

test('formatDecimal groups the whole part and keeps every place the API sent, trailing zeros dropped', () => {
    assert.equal(formatDecimal('en', '90.3104000000000000'), '90.3104');
    assert.equal(formatDecimal('en', '50.0000000000000000'), '50.00');
    assert.equal(formatDecimal('en', '1234567.5'), '1,234,567.50');
    assert.equal(formatDecimal('en', '-3.25'), '−3.25');
    assert.equal(formatDecimal('en', '12.0000000000000000', 0), '12');
    assert.equal(formatDecimal('en', '0.0000000000000001'), '0.0000000000000001');
    assert.equal(formatDecimal('zh-TW', '1234.56'), '1,234.56');
    assert.equal(formatDecimal('en', '9007199254740993.0000000000000007'), '9,007,199,254,740,993.0000000000000007');
    assert.equal(formatDecimal('en', 'garbage'), 'garbage');
});

test('formatAmount: the currency code, a no-break space, the exact amount; the none text without one', () => {
    assert.equal(formatAmount('en', { amount: '40.3104000000000000', currency: 'USD' }, '—'), `USD${NBSP}40.3104`);
    assert.equal(formatAmount('zh-TW', { amount: '50', currency: 'TWD' }, '無'), `TWD${NBSP}50.00`);
    assert.equal(formatAmount('en', null, '—'), '—');
});

test('amounts follow the currency minor unit: whole yen, three places of dinar', () => {
    assert.equal(formatAmount('en', { amount: '200', currency: 'JPY' }, '—'), `JPY${NBSP}200`);
    assert.equal(formatAmount('en', { amount: '200.5', currency: 'JPY' }, '—'), `JPY${NBSP}200.5`);
    assert.equal(formatAmount('en', { amount: '1.5', currency: 'KWD' }, '—'), `KWD${NBSP}1.500`);
    assert.equal(formatAmount('en', { amount: '1.50001', currency: 'KWD' }, '—'), `KWD${NBSP}1.50001`);
    assert.equal(formatMoney('en', { amount: '1234.5', currency: 'JPY' }, 'none'), `JPY${NBSP}1,235`);
    assert.equal(formatMoney('en', { amount: '1.2345', currency: 'KWD' }, 'none'), `KWD${NBSP}1.235`);
});

test('formatMoney rounds to the cent half away from zero, from the string, in each language', () => {
    const usd = (amount, language = 'en') => formatMoney(language, { amount, currency: 'USD' }, 'none');
    assert.equal(usd('50.0000000000000000'), `USD${NBSP}50.00`);
    assert.equal(usd('1234.5'), `USD${NBSP}1,234.50`);
    assert.equal(usd('0.125'), `USD${NBSP}0.13`);
    assert.equal(usd('-0.125'), `-USD${NBSP}0.13`);
    // 2.675 as a float is 2.67499999999999982236431605997495353221893310546875: it would round down.
    assert.equal(usd('2.675'), `USD${NBSP}2.68`);
    assert.equal(usd('0.0049999999999999'), `USD${NBSP}0.00`);
    assert.equal(usd('0.0050000000000000'), `USD${NBSP}0.01`);
    // Beyond 2^53 a float cannot hold the whole part, let alone the cents.
    assert.equal(usd('9007199254740993.0150000000000000'), `USD${NBSP}9,007,199,254,740,993.02`);
    assert.equal(usd('123456789012345678901.9949999999999999'), `USD${NBSP}123,456,789,012,345,678,901.99`);
    assert.equal(usd('1234.5', 'zh-TW'), `USD${NBSP}1,234.50`);
    assert.equal(formatMoney('zh-TW', { amount: '90', currency: 'TWD' }, '無'), `TWD${NBSP}90.00`);
    assert.equal(formatMoney('en', null, 'none'), 'none');
    assert.equal(formatMoney('en', { amount: 'oops', currency: 'USD' }, 'none'), `USD${NBSP}oops`);
});

/** A small deterministic generator, so a failure can be replayed. */
function* randomDecimals(count, seed = 20261207) {
    let x = seed;
    const next = () => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        return x;
    };
    for (let i = 0; i < count; i++) {
        const wholeDigits = 1 + (next() % 24);
        let whole = String(1 + (next() % 9));
        for (let d = 1; d < wholeDigits; d++) whole += String(next() % 10);
        if (next() % 4 === 0) whole = '0';
        let fraction = '';
        const places = next() % 17;
        for (let d = 0; d < places; d++) fraction += String(next() % 10);
        const sign = next() % 5 === 0 ? '-' : '';
        yield `${sign}${whole}${places ? `.${fraction}` : ''}`;
    }
}

/** The cent an exact decimal rounds to, half away from zero, by BigInt arithmetic, grouped as en does. */
function expectedCents(decimal) {
    const negative = decimal.startsWith('-');
    const units = toUnits(negative ? decimal.slice(1) : decimal);
    const per = 10n ** 14n; // units in a cent
    let cents = units / per;
    if ((units % per) * 2n >= per) cents += 1n;
    const whole = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const text = `USD${NBSP}${whole}.${String(cents % 100n).padStart(2, '0')}`;
    return negative ? `-${text}` : text; // Intl keeps the sign of a negative amount that rounds to zero: -USD 0.00
}

test('property: formatMoney and formatAmount never lose a digit to a float (2,000 random 16-place amounts)', () => {
    for (const amount of randomDecimals(2000)) {
        assert.equal(formatMoney('en', { amount, currency: 'USD' }, ''), expectedCents(amount), amount);
        // formatAmount shows the API's digits as they are: the same digits back, less grouping and trailing zeros.
        const shown = formatAmount('en', { amount, currency: 'USD' }, '').slice(4).replace(/,/g, '').replace('−', '-');
        const [whole, fraction = ''] = amount.split('.');
        const trimmed = fraction.replace(/0+$/, '').padEnd(2, '0');
        assert.equal(shown, `${whole}.${trimmed}`, amount);
    }
});

test('the money module turns no amount into a number: Number() only in unitsToNumber, for geometry', async () => {
    const source = await readFile(new URL('money.js', PORTAL), 'utf8');
    const code = source.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    const numberCalls = [...code.matchAll(/\b(Number|parseFloat|parseInt)\s*\(/g)].map((m) => m.index);
    const geometry = code.indexOf('export function unitsToNumber');
    assert.equal(numberCalls.length, 1, 'one conversion to a number');
    assert.ok(numberCalls[0] > geometry && numberCalls[0] < code.indexOf('}', geometry), 'and it is in unitsToNumber');
    assert.doesNotMatch(code, /[+*/-]\s*1e\d|\*\s*100\b/, 'no float arithmetic on amounts');
});

test('formatPercent: a whole percentage in the language', () => {
    assert.equal(formatPercent('en', 90), '90%');
    assert.equal(formatPercent('zh-TW', 75), '75%');
});
