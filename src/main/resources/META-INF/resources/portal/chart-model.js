// The month's chart as data and geometry, without DOM: daily buckets of exact amounts (BigInt units, see money.js),
// the credit balance worked back day by day, the axis scale, the bars' and the line's coordinates. chart.js draws it.
import { toUnits, unitsToNumber } from './money.js';
import { DAY_MS } from './dates.js';

/**
 * Credit remaining at time T, worked backwards from the grants as they stand now (the API has no history of
 * balances). Walking back from now: a usage record's coveredByCredit was still in the balance before it; a grant
 * granted after T was not there yet (its original out); a grant that expired after T still held what it has now
 * (an expired grant's remaining is frozen at its expiry, and nothing is taken from it after). So
 *   balance(T) = Σ remaining of grants alive at T (granted ≤ T < expiresAt)
 *              + Σ coveredByCredit of records recorded after T
 *              − Σ (original − remaining) of grants granted after T   (what they covered, already in the sum above)
 * Assumptions: every record recorded after T is at hand (T is in the current month, so the month's records are
 * all of them; the chart is not drawn when the page cap cut the reading short), and credit is applied at
 * recordedAt, as the service does. The grants and the usage are two reads: usage arriving between them can make
 * one day off by that usage until the next reload (the chart's sum check says so).
 */
export function creditAt(T, grants, coveredAfter) {
    let balance = coveredAfter;
    for (const g of grants) {
        const granted = Date.parse(g.grantedAt);
        const remaining = toUnits(g.remaining.amount);
        if (granted > T) balance -= toUnits(g.original.amount) - remaining;
        else if (g.expiresAt === null || Date.parse(g.expiresAt) > T) balance += remaining;
    }
    return balance;
}

/**
 * The month of `invoice` by UTC day: each day's cost, covered, billable and notCharged (summed exactly), and, with
 * grants in the invoice's currency, the credit left at each day's end up to `lastDay`. `records` are the month's
 * usage records, oldest first (at least one); `now` is the browser's clock (ms).
 */
export function monthChart(invoice, records, grants, now) {
    const start = Date.parse(invoice.periodStart);
    const days = Math.round((Date.parse(invoice.periodEnd) - start) / DAY_MS);
    const buckets = Array.from({ length: days }, (_, i) => ({
        start: start + i * DAY_MS, cost: 0n, covered: 0n, billable: 0n, notCharged: 0n,
    }));
    for (const r of records) {
        const b = buckets[Math.floor((Date.parse(r.recordedAt) - start) / DAY_MS)];
        b.cost += toUnits(r.cost.amount);
        b.covered += toUnits(r.coveredByCredit.amount);
        b.billable += toUnits(r.billable.amount);
        b.notCharged += toUnits(r.notCharged.amount);
    }
    // The line runs to the service's today: the last day with usage, or the browser's today when later (the
    // sandbox clock may be ahead of the browser, never behind it for long).
    const lastUsage = Math.floor((Date.parse(records[records.length - 1].recordedAt) - start) / DAY_MS);
    const browserToday = Math.floor((now - start) / DAY_MS);
    const lastDay = browserToday < days ? Math.max(lastUsage, browserToday) : lastUsage;
    const credit = grants.filter((g) => g.original.currency === invoice.currency);
    if (credit.length) {
        const dayEnd = (i) => start + (i + 1) * DAY_MS;
        let coveredAfter = 0n;
        const after = new Array(days).fill(0n); // Σ covered of the days after day i
        for (let i = days - 1; i >= 0; i--) {
            after[i] = coveredAfter;
            coveredAfter += buckets[i].covered;
        }
        const startBalance = creditAt(start, credit, coveredAfter);
        for (let i = 0; i <= lastDay; i++) {
            // The last day is "so far": what the grants hold now, as the service judged them (its clock).
            buckets[i].credit = i === lastDay
                ? credit.filter((g) => g.status === 'ACTIVE').reduce((sum, g) => sum + toUnits(g.remaining.amount), 0n)
                : creditAt(dayEnd(i), credit, after[i]);
        }
        return { buckets, lastDay, startBalance, hasCredit: true, currency: invoice.currency };
    }
    return { buckets, lastDay, startBalance: null, hasCredit: false, currency: invoice.currency };
}

/** The chart's totals: the month's cost and its most expensive day (the first of equals). */
export function chartTotals(chart) {
    const total = chart.buckets.reduce((sum, b) => sum + b.cost, 0n);
    const top = chart.buckets.reduce((best, b) => (b.cost > best.cost ? b : best));
    return { total, top };
}

/** 1, 2 or 5 × 10ⁿ steps, four or so of them up to the largest value (geometry only, so Number is fine). */
export function niceScale(max) {
    if (!(max > 0)) return { max: 1, step: 0.25 };
    const rough = max / 4;
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough);
    return { max: Math.ceil(max / step) * step, step };
}

export const CHART = { width: 720, left: 56, right: 12, top: 10, bottom: 26 };

/** The plot of a chart `height` high over `days` days: value → y, each day's band width, the gridlines' values. */
export function plotArea(height, scale, days) {
    const plotW = CHART.width - CHART.left - CHART.right;
    const bottom = height - CHART.bottom;
    const y = (v) => bottom - (v / scale.max) * (bottom - CHART.top);
    const ticks = [];
    for (let v = 0; v <= scale.max + scale.step / 2; v += scale.step) ticks.push(v);
    // Day labels: the first day and every fifth.
    const dayLabels = [];
    for (let i = 0; i < days; i++) if (i === 0 || (i + 1) % 5 === 0) dayLabels.push(i);
    return { y, band: plotW / days, bottom, ticks, dayLabels };
}

/**
 * The cost chart's bars: per day with a cost, its stacked rectangles in the order of `segments` (keys of a bucket),
 * bottom up; a segment of zero has none, a tiny one is at least 0.5 high so it shows.
 */
export function costBars(chart, segments, height) {
    const scale = niceScale(Math.max(...chart.buckets.map((b) => unitsToNumber(b.cost))));
    const area = plotArea(height, scale, chart.buckets.length);
    const bars = [];
    chart.buckets.forEach((b, i) => {
        if (b.cost === 0n) return;
        let top = area.bottom;
        const x = CHART.left + area.band * i + area.band * 0.15;
        const rects = [];
        for (const key of segments) {
            const value = unitsToNumber(b[key]);
            if (value <= 0) continue;
            const segmentHeight = area.bottom - area.y(value);
            top -= segmentHeight;
            rects.push({ key, x, y: top, width: area.band * 0.7, height: Math.max(segmentHeight, 0.5) });
        }
        bars.push({ bucket: b, rects });
    });
    return { scale, area, bars };
}

/** The credit line's points: the month's start on the left edge, then each day's end balance mid-day. */
export function creditLine(chart, height) {
    const values = [chart.startBalance, ...chart.buckets.slice(0, chart.lastDay + 1).map((b) => b.credit)];
    const scale = niceScale(Math.max(...values.map(unitsToNumber)));
    const area = plotArea(height, scale, chart.buckets.length);
    const points = [{ x: CHART.left, y: area.y(unitsToNumber(chart.startBalance)), bucket: null }];
    for (let i = 0; i <= chart.lastDay; i++) {
        const b = chart.buckets[i];
        points.push({ x: CHART.left + area.band * (i + 0.5), y: area.y(unitsToNumber(b.credit)), bucket: b });
    }
    const line = points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const polygon = `${CHART.left},${area.bottom} ${line} ${points[points.length - 1].x.toFixed(1)},${area.bottom}`;
    return { scale, area, points, line, polygon };
}
