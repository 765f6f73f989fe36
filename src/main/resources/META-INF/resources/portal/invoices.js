// The Invoices tab: the upcoming (DRAFT) invoice of the current month, a chart of the month, the finalized invoices,
// each downloadable as CSV or PDF.
import { api } from './client.js';
import { attachmentName, path, withQuery } from './api.js';
import { store, t } from './state.js';
import { $, announce, h, showError } from './dom.js';
import { formatAmount, formatDecimal, isZero } from './money.js';
import { formatDate, formatMonth, formatPeriod } from './dates.js';
import { listSubscriptions } from './subscriptions.js';
import { chartSection } from './chart.js';

const INVOICE_PAGE = 12;
let invoicesGeneration = 0;
let chosenSubscriptionId = null; // the subscription the tab shows

const amount = (money) => formatAmount(store.get('language'), money, t('none'));

/** Shows the invoices of `subscriptionId` from now on (the picker's choice). */
export function chooseInvoiceSubscription(subscriptionId) {
    chosenSubscriptionId = subscriptionId;
}

export async function renderInvoices() {
    const generation = ++invoicesGeneration;
    const content = $('invoices-content');
    const select = $('invoice-subscription');
    content.setAttribute('aria-busy', 'true');
    showError('invoices-error', '');
    try {
        const subscriptions = await listSubscriptions();
        if (generation !== invoicesGeneration) return;
        select.closest('.invoice-picker').hidden = !subscriptions.length;
        if (!subscriptions.length) {
            content.replaceChildren(h('p', { class: 'empty' }, t('noSubscriptionsForInvoices')));
            return;
        }
        if (!subscriptions.some((s) => s.id === chosenSubscriptionId)) chosenSubscriptionId = subscriptions[0].id;
        select.replaceChildren(...subscriptions.map((s) => h('option', { value: s.id }, s.displayName)));
        select.value = chosenSubscriptionId;
        const sections = await invoiceSections(chosenSubscriptionId);
        if (generation !== invoicesGeneration) return;
        content.replaceChildren(...sections);
    } catch (e) {
        if (store.get('token') && generation === invoicesGeneration) showError('invoices-error', e.message);
    } finally {
        if (generation === invoicesGeneration) content.setAttribute('aria-busy', 'false');
    }
}

const finalizedPage = (subscriptionId, cursor) =>
    api('GET', withQuery(path`/v1/subscriptions/${subscriptionId}/invoices`, { status: 'FINALIZED', limit: INVOICE_PAGE, cursor }));

async function invoiceSections(subscriptionId) {
    const [upcoming, finalized] = await Promise.all([
        api('GET', path`/v1/subscriptions/${subscriptionId}/invoices/upcoming`),
        finalizedPage(subscriptionId, null),
    ]);
    // The invoice stands on its own: a chart that cannot be drawn says why instead of hiding the invoice.
    const chart = await chartSection(subscriptionId, upcoming).catch((e) =>
        h('section', { class: 'card' }, h('h2', {}, t('chartTitle')), h('p', { class: 'error', role: 'alert' }, e.message)),
    );
    return [upcomingCard(upcoming), chart, finalizedSection(subscriptionId, finalized)];
}

function upcomingCard(invoice) {
    const hasLines = invoice.lines.length > 0;
    return h(
        'section',
        { class: 'card invoice', 'aria-labelledby': 'upcoming-title', 'data-invoice': 'upcoming', 'data-invoice-id': invoice.id || '' },
        h(
            'div',
            { class: 'invoice-head' },
            h('h2', { id: 'upcoming-title' }, t('upcomingTitle')),
            h('span', { class: 'badge draft', 'data-invoice-status': invoice.status }, t(`invoiceStatus_${invoice.status}`)),
        ),
        h('p', { class: 'hint' }, t('upcomingHint')),
        h('dl', { class: 'facts' }, h('div', {}, h('dt', {}, t('invoicePeriod')),
            h('dd', { 'data-field': 'period' }, formatPeriod(store.get('language'), invoice, t)))),
        hasLines ? linesTable(invoice) : h('p', { class: 'empty', 'data-nothing-used': '' }, t('nothingUsed')),
        hasLines ? totalsList(invoice) : null,
        invoice.id ? downloadButtons(invoice, t('upcomingInvoiceName')) : null,
    );
}

function linesTable(invoice) {
    const num = (text, field) => h('td', { class: 'num', 'data-field': field }, text);
    return h(
        'table',
        { class: 'lines' },
        h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('lineDescription')),
            h('th', { scope: 'col', class: 'num' }, t('lineQuantity')),
            h('th', { scope: 'col', class: 'num' }, t('lineUnitPrice')),
            h('th', { scope: 'col', class: 'num' }, t('lineAmount')))),
        h('tbody', {}, invoice.lines.map((line) =>
            h('tr', { 'data-line': line.meterId },
                h('th', { scope: 'row', 'data-field': 'description' }, line.description),
                num(`${formatDecimal(store.get('language'), line.quantity, 0)} × ${line.unit}`, 'quantity'),
                num(amount(line.unitPrice), 'unit-price'),
                num(amount(line.amount), 'amount')))),
    );
}

function totalsList(invoice) {
    const minus = (money) => (isZero(money) ? amount(money) : `−\u2009${amount(money)}`);
    const rows = [
        ['subtotal', t('subtotal'), amount(invoice.subtotal)],
        ['credit-applied', t('creditApplied'), minus(invoice.creditApplied)],
        isZero(invoice.notCharged) ? null : ['not-charged', t('notCharged'), minus(invoice.notCharged)],
        ['total', t('total'), amount(invoice.total)],
        ['amount-due', t('amountDue'), amount(invoice.amountDue)],
    ].filter(Boolean);
    return h('dl', { class: 'totals' }, rows.map(([field, term, value]) =>
        h('div', { class: field === 'amount-due' ? 'due' : null }, h('dt', {}, term), h('dd', { 'data-total': field }, value))));
}

function downloadButtons(invoice, name) {
    const error = h('div', { class: 'error', role: 'alert', hidden: true, 'data-download-error': '' });
    const button = (kind, label, aria) =>
        h('button', {
            type: 'button',
            class: 'secondary',
            'aria-label': t(aria, { invoice: name }),
            'data-download': kind,
            onclick: (e) => downloadInvoice(invoice, kind, error, e.currentTarget),
        }, t(label));
    return h('div', { class: 'downloads' },
        h('div', { class: 'download-buttons' }, button('csv', 'downloadCsv', 'downloadCsvOf'), button('pdf', 'downloadPdf', 'downloadPdfOf')),
        error);
}

/**
 * The file needs the bearer token, so it cannot be a plain link: fetch it, then hand the browser a Blob URL to save.
 */
async function downloadInvoice(invoice, kind, errorEl, button) {
    if (button.getAttribute('aria-busy') === 'true') return; // a double click downloads once
    button.setAttribute('aria-busy', 'true');
    errorEl.hidden = true;
    try {
        const response = await api('GET', path`/v1/invoices/${invoice.id}`, {
            accept: kind === 'pdf' ? 'application/pdf' : 'text/csv',
        });
        const blob = await response.blob();
        const file = (attachmentName(response.headers.get('Content-Disposition')) || `${invoice.number || `invoice-${invoice.id}`}.${kind}`)
            .replace(/[\\/]/g, '_');
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: file, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        announce(t('downloadStarted', { file }));
    } catch (e) {
        errorEl.textContent = t('downloadFailed', { reason: e.message });
        errorEl.hidden = false;
    } finally {
        button.removeAttribute('aria-busy');
    }
}

function finalizedSection(subscriptionId, firstPage) {
    const section = h(
        'section',
        { class: 'card', 'aria-labelledby': 'finalized-title', 'data-invoices': 'finalized' },
        h('h2', { id: 'finalized-title' }, t('finalizedTitle')),
    );
    if (!firstPage.data.length) {
        section.append(h('p', { class: 'empty', 'data-no-finalized': '' }, t('noFinalized')));
        return section;
    }
    const body = h('tbody', {});
    const table = h(
        'table',
        { class: 'invoice-list' },
        h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, t('invoiceNumberColumn')),
            h('th', { scope: 'col' }, t('invoicePeriod')),
            h('th', { scope: 'col', class: 'num' }, t('amountDue')),
            h('th', { scope: 'col' }, t('finalizedAt')),
            h('th', { scope: 'col' }, t('downloads')))),
        body,
    );
    section.append(table);
    const addRows = (invoices) => {
        const language = store.get('language');
        const rows = invoices.map((inv) =>
            h('tr', { 'data-invoice-id': inv.id, 'data-invoice-number': inv.number },
                h('th', { scope: 'row', tabindex: '-1', 'data-field': 'number' }, inv.number),
                h('td', { 'data-field': 'period' }, formatMonth(language, inv.periodStart)),
                h('td', { class: 'num', 'data-field': 'amount-due' }, amount(inv.amountDue)),
                h('td', { 'data-field': 'finalized-at' }, formatDate(language, inv.finalizedAt)),
                h('td', {}, downloadButtons(inv, t('invoiceNumber', { number: inv.number })))));
        body.append(...rows);
        return rows;
    };
    addRows(firstPage.data);
    let cursor = firstPage.nextCursor;
    if (cursor) {
        const error = h('div', { class: 'error', role: 'alert', hidden: true });
        const more = h('button', {
            type: 'button',
            class: 'secondary',
            onclick: async () => {
                error.hidden = true;
                try {
                    const page = await finalizedPage(subscriptionId, cursor);
                    const rows = addRows(page.data);
                    cursor = page.nextCursor;
                    if (!cursor) more.remove();
                    // Focus moves to the first new invoice, so a keyboard user continues where the list grew.
                    rows[0]?.querySelector('th').focus();
                } catch (e) {
                    error.textContent = e.message;
                    error.hidden = false;
                }
            },
        }, t('showMore'));
        section.append(more, error);
    }
    return section;
}
