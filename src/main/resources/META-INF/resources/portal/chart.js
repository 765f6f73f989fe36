// The month's chart: daily cost (stacked by how it was covered) and the credit burn-down, drawn as SVG generated
// here (no charting library: two simple charts do not need one, and nothing else has to be vendored or updated).
// The numbers and coordinates come from chart-model.js; this module reads the usage and builds the elements.
import { api } from './client.js';
import { allPages, path, withQuery } from './api.js';
import { store, t } from './state.js';
import { h, svg } from './dom.js';
import { formatAmount, toUnits, unitsToDecimal } from './money.js';
import { formatDay } from './dates.js';
import { CHART, chartTotals, costBars, creditLine, monthChart } from './chart-model.js';

const USAGE_PAGE = 100;
const USAGE_PAGE_CAP = 50; // 5,000 records; past that the chart says it is incomplete rather than keep reading

/** Every usage record recorded in [start, end), read oldest first; stops at the page cap. */
async function periodUsage(subscriptionId, start, end) {
    const records = [];
    let cursor = null;
    for (let pages = 1; ; pages++) {
        const page = await api('GET', withQuery(path`/v1/subscriptions/${subscriptionId}/usage`, { limit: USAGE_PAGE, cursor }));
        let past = false;
        for (const r of page.data) {
            const at = Date.parse(r.recordedAt);
            if (at >= end) past = true;
            else if (at >= start) records.push(r);
        }
        cursor = page.nextCursor;
        if (!cursor || past) return { records, capped: false };
        if (pages >= USAGE_PAGE_CAP) return { records, capped: true };
    }
}

function allBenefits(subscriptionId) {
    return allPages(
        (cursor) => api('GET', withQuery(path`/v1/subscriptions/${subscriptionId}/benefits`, { limit: 100, cursor })),
        { maxPages: 20 },
    );
}

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

/** The chart's section of the Invoices tab for the month of `invoice` (the upcoming one). */
export async function chartSection(subscriptionId, invoice) {
    const language = store.get('language');
    const section = h('section', { class: 'card chart', 'aria-labelledby': 'chart-title', 'data-chart': '' },
        h('h2', { id: 'chart-title' }, t('chartTitle')));
    const [usage, grants] = await Promise.all([
        periodUsage(subscriptionId, Date.parse(invoice.periodStart), Date.parse(invoice.periodEnd)),
        allBenefits(subscriptionId),
    ]);
    if (usage.capped) {
        section.append(h('p', { class: 'warning', 'data-chart-capped': '' },
            t('chartCapped', { count: new Intl.NumberFormat(language).format(USAGE_PAGE * USAGE_PAGE_CAP) })));
        return section;
    }
    if (!usage.records.length) {
        section.append(h('p', { class: 'empty', 'data-chart-empty': '' }, t('chartEmpty')));
        return section;
    }
    const chart = monthChart(invoice, usage.records, grants, Date.now());
    const money = (units) => formatAmount(language, { amount: unitsToDecimal(units), currency: invoice.currency }, t('none'));
    const day = (ms) => formatDay(language, ms);
    const { total, top } = chartTotals(chart);
    const first = chart.buckets[0].start;
    const last = chart.buckets[chart.buckets.length - 1].start;

    section.append(h('p', { id: 'chart-cost-summary', class: 'chart-summary' },
        t('chartSummary', { from: day(first), to: day(last), total: money(total), maxDay: day(top.start), max: money(top.cost) })));
    const anyNotCharged = chart.buckets.some((b) => b.notCharged > 0n);
    const segments = [
        ['covered', 'coveredByCredit'],
        ['billable', 'billable'],
        anyNotCharged ? ['notCharged', 'notCharged'] : null,
    ].filter(Boolean);
    section.append(
        h('h3', {}, t('chartCostTitle')),
        h('ul', { class: 'legend', 'aria-hidden': 'true' }, segments.map(([key, label]) =>
            h('li', {}, h('span', { class: `swatch seg-${key}` }), t(label)))),
        costSvg(chart, segments, money, day),
    );
    if (chart.hasCredit) {
        const endBalance = chart.buckets[chart.lastDay].credit;
        section.append(
            h('h3', {}, t('chartCreditTitle')),
            h('p', { id: 'chart-credit-summary', class: 'chart-summary' }, t('creditSummary', {
                start: money(chart.startBalance), end: money(endBalance), endDay: day(chart.buckets[chart.lastDay].start),
            })),
            creditSvg(chart, money, day),
        );
    } else {
        section.append(h('p', { class: 'hint', 'data-no-credit': '' }, t('noCredit')));
    }
    if (total !== toUnits(invoice.subtotal.amount)) {
        section.append(h('p', { class: 'warning', 'data-chart-incomplete': '' }, t('chartIncomplete')));
    }
    section.append(chartTable(chart, segments, money, day));
    return section;
}

/** The gridlines with their values, the currency, and the day numbers under the plot. */
function axes(height, area, days, currency) {
    const tickFormat = new Intl.NumberFormat(store.get('language'), { maximumFractionDigits: 2 });
    const nodes = [];
    for (const v of area.ticks) {
        nodes.push(
            svg('line', { class: v === 0 ? 'axis' : 'grid', x1: CHART.left, x2: CHART.width - CHART.right, y1: area.y(v), y2: area.y(v) }),
            svg('text', { class: 'tick', x: CHART.left - 6, y: area.y(v) + 4, 'text-anchor': 'end' }, tickFormat.format(v)),
        );
    }
    nodes.push(svg('text', { class: 'tick unit', x: 4, y: CHART.top + 4 }, currency));
    for (const i of area.dayLabels) {
        nodes.push(svg('text', { class: 'tick', x: CHART.left + area.band * (i + 0.5), y: height - 8, 'text-anchor': 'middle' }, String(i + 1)));
    }
    return nodes;
}

function costSvg(chart, segments, money, day) {
    const height = 200;
    const { area, bars } = costBars(chart, segments.map(([key]) => key), height);
    return svg('svg', {
        viewBox: `0 0 ${CHART.width} ${height}`, role: 'img', 'aria-labelledby': 'chart-cost-summary', 'data-chart-cost': '',
        class: 'chart-svg',
    }, axes(height, area, chart.buckets.length, chart.currency), bars.map(({ bucket, rects }) =>
        svg('g', { class: 'bar', 'data-day': isoDay(bucket.start) },
            svg('title', {}, t('chartDayLabel', { date: day(bucket.start), cost: money(bucket.cost) })),
            rects.map((r) => svg('rect', { class: `seg-${r.key}`, x: r.x, y: r.y, width: r.width, height: r.height })))));
}

function creditSvg(chart, money, day) {
    const height = 160;
    const { area, points, line, polygon } = creditLine(chart, height);
    const dots = points.filter((p) => p.bucket).map((p) =>
        svg('circle', { class: 'credit-point', cx: p.x, cy: p.y, r: 3.5, 'data-day': isoDay(p.bucket.start) },
            svg('title', {}, t('chartDayLabel', { date: day(p.bucket.start), cost: money(p.bucket.credit) }))));
    return svg('svg', {
        viewBox: `0 0 ${CHART.width} ${height}`, role: 'img', 'aria-labelledby': 'chart-credit-summary', 'data-chart-credit': '',
        class: 'chart-svg',
    }, axes(height, area, chart.buckets.length, chart.currency),
    svg('polygon', { class: 'credit-area', points: polygon }), svg('polyline', { class: 'credit-line', points: line }), dots);
}

/** The chart's text alternative: every day up to today, with the exact amounts. */
function chartTable(chart, segments, money, day) {
    const rows = chart.buckets.slice(0, chart.lastDay + 1);
    return h('details', { class: 'chart-table' },
        h('summary', {}, t('chartTable')),
        h('table', { 'data-chart-table': '' },
            h('thead', {}, h('tr', {},
                h('th', { scope: 'col' }, t('chartDay')),
                h('th', { scope: 'col', class: 'num' }, t('chartCost')),
                segments.map(([, label]) => h('th', { scope: 'col', class: 'num' }, t(label))),
                chart.hasCredit ? h('th', { scope: 'col', class: 'num' }, t('chartCreditLeft')) : null)),
            h('tbody', {}, rows.map((b) => h('tr', { 'data-day': isoDay(b.start) },
                h('th', { scope: 'row' }, day(b.start)),
                h('td', { class: 'num', 'data-field': 'cost' }, money(b.cost)),
                segments.map(([key]) => h('td', { class: 'num', 'data-field': key }, money(b[key]))),
                chart.hasCredit ? h('td', { class: 'num', 'data-field': 'credit' }, money(b.credit)) : null)))));
}
