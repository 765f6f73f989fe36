import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './portal.mjs';

const { creditAt, monthChart, chartTotals, niceScale, plotArea, costBars, creditLine, CHART } = await load('chart-model.js');
const { toUnits, unitsToDecimal } = await load('money.js');

const usd = (amount) => ({ amount, currency: 'USD' });
const record = (recordedAt, cost, covered, billable, notCharged = '0') =>
    ({ recordedAt, cost: usd(cost), coveredByCredit: usd(covered), billable: usd(billable), notCharged: usd(notCharged) });
const grant = (grantedAt, original, remaining, status, expiresAt = null, currency = 'USD') =>
    ({ grantedAt, original: { amount: original, currency }, remaining: { amount: remaining, currency }, status, expiresAt });

const invoice = { periodStart: '2027-01-01T00:00:00Z', periodEnd: '2027-02-01T00:00:00Z', currency: 'USD', subtotal: usd('48.4000000000000001') };
const records = [
    record('2027-01-01T09:00:00Z', '10.0000000000000000', '10.0000000000000000', '0.0000000000000000'),
    record('2027-01-02T10:00:00Z', '38.4', '30.8', '7.6'),
    // One unit of 10⁻¹⁶: kept in the sums, where a float would drop it against 38.4.
    record('2027-01-02T23:59:59Z', '0.0000000000000001', '0', '0.0000000000000001'),
];
const grants = [
    grant('2026-12-15T00:00:00Z', '50', '9.2', 'ACTIVE'), // covered 40.8 this month
    grant('2027-01-02T12:00:00Z', '5', '5', 'ACTIVE'), // granted during the month, unused
    grant('2026-12-01T00:00:00Z', '3', '3', 'EXPIRED', '2027-01-02T00:00:00Z'), // expired at the end of day 1
    grant('2026-12-01T00:00:00Z', '100', '100', 'ACTIVE', null, 'EUR'), // another currency: not this chart's
];
const now = Date.parse('2027-01-03T12:00:00Z');
const dec = (units) => unitsToDecimal(units).replace(/\.?0+$/, '');

test('the month by UTC day: exact sums of 16-place amounts', () => {
    const chart = monthChart(invoice, records, grants, now);
    assert.equal(chart.buckets.length, 31);
    assert.equal(chart.buckets[0].start, Date.parse('2027-01-01T00:00:00Z'));
    assert.equal(chart.buckets[30].start, Date.parse('2027-01-31T00:00:00Z'));
    assert.deepEqual(
        [chart.buckets[0], chart.buckets[1]].map((b) => [b.cost, b.covered, b.billable, b.notCharged].map(dec)),
        [['10', '10', '0', '0'], ['38.4000000000000001', '30.8', '7.6000000000000001', '0']],
    );
    assert.ok(chart.buckets.slice(2).every((b) => b.cost === 0n));
    const { total, top } = chartTotals(chart);
    assert.equal(total, toUnits(invoice.subtotal.amount));
    assert.equal(top, chart.buckets[1]);
});

test('the credit line: worked back from the grants to the month\'s start, today from the active grants', () => {
    const chart = monthChart(invoice, records, grants, now);
    assert.equal(chart.hasCredit, true);
    assert.equal(chart.currency, 'USD');
    // The browser's today (day 3) is after the last usage (day 2): the line runs to it.
    assert.equal(chart.lastDay, 2);
    // 9.20 left + 40.80 covered since + 3 in the grant that expired on the 2nd; the one granted later not yet.
    assert.equal(dec(chart.startBalance), '53');
    assert.equal(dec(chart.buckets[0].credit), '40'); // the expired grant is gone at its expiry
    assert.equal(dec(chart.buckets[1].credit), '14.2'); // the new grant is in
    assert.equal(dec(chart.buckets[2].credit), '14.2');
    assert.equal(chart.buckets[3].credit, undefined);
});

test('creditAt adds the live grants and the coverage after T, less what later grants covered', () => {
    const T = Date.parse('2027-01-10T00:00:00Z');
    const used = [grant('2027-01-05T00:00:00Z', '20', '12', 'ACTIVE')];
    assert.equal(dec(creditAt(T, used, toUnits('3'))), '15'); // granted before T: 12 left + 3 covered after
    const later = [grant('2027-01-20T00:00:00Z', '20', '12', 'ACTIVE')];
    assert.equal(dec(creditAt(T, later, toUnits('8'))), '0'); // not there yet: its 8 covered comes back out
    const atT = [grant('2027-01-10T00:00:00Z', '20', '12', 'ACTIVE', '2027-01-20T00:00:00Z')];
    assert.equal(dec(creditAt(T, atT, toUnits('3'))), '15'); // granted at T is there at T
    const expiresAtT = [grant('2027-01-05T00:00:00Z', '20', '12', 'EXPIRED', '2027-01-10T00:00:00Z')];
    assert.equal(dec(creditAt(T, expiresAtT, toUnits('3'))), '3'); // expiring at T is gone at T
});

test('without usage on the browser\'s today (a clock ahead), the line ends at the last usage; no grant, no line', () => {
    const late = monthChart(invoice, records, grants, Date.parse('2027-03-01T00:00:00Z'));
    assert.equal(late.lastDay, 1);
    assert.equal(dec(late.buckets[1].credit), '14.2');
    const none = monthChart(invoice, records, [], now);
    assert.equal(none.hasCredit, false);
    assert.equal(none.startBalance, null);
    assert.equal(none.buckets[0].credit, undefined);
});

test('niceScale: steps of 1, 2, 2.5 or 5 × 10ⁿ, four or so up to the largest value', () => {
    assert.deepEqual(niceScale(38.4), { max: 40, step: 10 });
    assert.deepEqual(niceScale(7.7376), { max: 8, step: 2 });
    assert.deepEqual(niceScale(53), { max: 60, step: 20 });
    assert.deepEqual(niceScale(100), { max: 100, step: 25 });
    assert.deepEqual(niceScale(0.3), { max: 0.30000000000000004, step: 0.1 });
    assert.deepEqual(niceScale(0), { max: 1, step: 0.25 });
    assert.deepEqual(niceScale(NaN), { max: 1, step: 0.25 });
});

test('plot area: gridlines at each step, day labels on the 1st and every 5th day', () => {
    const area = plotArea(200, { max: 40, step: 10 }, 31);
    assert.deepEqual(area.ticks, [0, 10, 20, 30, 40]);
    assert.equal(area.bottom, 200 - CHART.bottom);
    assert.equal(area.y(0), area.bottom);
    assert.equal(area.y(40), CHART.top);
    assert.equal(area.band, (CHART.width - CHART.left - CHART.right) / 31);
    assert.deepEqual(area.dayLabels, [0, 4, 9, 14, 19, 24, 29]);
});

test('cost bars: one per day with a cost, segments stacked bottom up in proportion, a sliver still shows', () => {
    const chart = monthChart(invoice, records, grants, now);
    const { scale, area, bars } = costBars(chart, ['covered', 'billable', 'notCharged'], 200);
    assert.deepEqual(scale, { max: 40, step: 10 });
    assert.deepEqual(bars.map((b) => b.bucket.start), [chart.buckets[0].start, chart.buckets[1].start]);
    const [covered, billable] = bars[1].rects;
    assert.deepEqual(bars[1].rects.map((r) => r.key), ['covered', 'billable']);
    const plotHeight = area.bottom - CHART.top;
    assert.ok(Math.abs(covered.height - (30.8 / 40) * plotHeight) < 1e-9);
    assert.ok(Math.abs(billable.height - (7.6 / 40) * plotHeight) < 1e-9);
    assert.ok(Math.abs(covered.y - (area.bottom - covered.height)) < 1e-9);
    assert.ok(Math.abs(billable.y - (covered.y - billable.height)) < 1e-9);
    assert.equal(covered.x, CHART.left + area.band * 1.15);
    assert.equal(covered.width, area.band * 0.7);
    // Day 1: all covered, no billable rectangle.
    assert.deepEqual(bars[0].rects.map((r) => r.key), ['covered']);
    const sliver = costBars({ buckets: [{ start: 0, cost: 1n, covered: 1n, billable: 0n }, { start: 1, cost: toUnits('100'), covered: toUnits('100'), billable: 0n }] }, ['covered'], 200);
    assert.equal(sliver.bars[0].rects[0].height, 0.5);
});

test('credit line: the month\'s start on the left edge, each day\'s end mid-day, the area closed on the axis', () => {
    const chart = monthChart(invoice, records, grants, now);
    const { scale, area, points, line, polygon } = creditLine(chart, 160);
    assert.deepEqual(scale, { max: 60, step: 20 });
    assert.equal(points.length, 4);
    assert.deepEqual(points[0], { x: CHART.left, y: area.y(53), bucket: null });
    assert.equal(points[3].x, CHART.left + area.band * 2.5);
    assert.equal(points[3].y, area.y(14.2));
    assert.equal(line.split(' ').length, 4);
    assert.equal(line.split(' ')[0], `${CHART.left.toFixed(1)},${area.y(53).toFixed(1)}`);
    assert.ok(polygon.startsWith(`${CHART.left},${area.bottom} `));
    assert.ok(polygon.endsWith(` ${points[3].x.toFixed(1)},${area.bottom}`));
});
