// The account portal: plain modules, no build step. Talks only to the public /v1 API with a bearer token.
import { STRINGS, LANGUAGES, languageFor } from './i18n.js';

const TOKEN_KEY = 'portal.token';
const LANGUAGE_KEY = 'portal.language';
const DISMISSED_KEY = 'portal.dismissedNotices';
const $ = (id) => document.getElementById(id);

const state = {
    language: chooseLanguage(),
    token: sessionStorage.getItem(TOKEN_KEY),
    offers: new Map(), // `${language}:${offerId}` -> Offer
    dialog: null, // { subscription, preview, idempotencyKey, opener }
    noticeFeeds: new Map(), // `${subscriptionId}:${type}` -> { after, latest }: where the feed was last read
};

// ---------------------------------------------------------------------------------------------
// Language

function chooseLanguage() {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
    return languageFor(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
}

function t(key, params = {}) {
    const text = STRINGS[state.language][key] ?? STRINGS.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

function applyStaticStrings() {
    document.documentElement.lang = state.language;
    document.title = t('brand');
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-aria-label]')) {
        el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
    }
    $('language').value = state.language;
}

function formatMoney(money) {
    if (!money) return t('none');
    // Display only: amounts are decimal strings; two places is what a person reads.
    return new Intl.NumberFormat(state.language, {
        style: 'currency',
        currency: money.currency,
        currencyDisplay: 'code',
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
    }).format(Number(money.amount));
}

function formatPercent(percent) {
    return new Intl.NumberFormat(state.language, { style: 'percent', maximumFractionDigits: 0 }).format(percent / 100);
}

function formatDate(iso) {
    return new Intl.DateTimeFormat(state.language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

// ---------------------------------------------------------------------------------------------
// API

class ApiError extends Error {
    constructor(status, problem) {
        super((problem && (problem.detail || problem.title)) || t('genericError', { status }));
        this.status = status;
        this.problem = problem;
    }
}

async function api(method, path, { body, idempotencyKey, auth = true } = {}) {
    const headers = { Accept: 'application/json', 'Accept-Language': state.language };
    if (auth && state.token) headers.Authorization = `Bearer ${state.token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    let response;
    try {
        response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
        throw new ApiError(0, { detail: t('networkError') });
    }
    const type = response.headers.get('Content-Type') || '';
    const payload = type.includes('json') ? await response.json().catch(() => null) : null;
    if (!response.ok) {
        const error = new ApiError(response.status, payload);
        if (response.status === 401 && auth) signOut(t('sessionExpired'));
        throw error;
    }
    return payload;
}

async function offer(id) {
    const key = `${state.language}:${id}`;
    if (!state.offers.has(key)) {
        state.offers.set(key, api('GET', `/v1/offers/${encodeURIComponent(id)}`).catch((e) => {
            state.offers.delete(key);
            throw e;
        }));
    }
    return state.offers.get(key);
}

async function offerName(id) {
    try {
        return (await offer(id)).name;
    } catch {
        return id;
    }
}

// ---------------------------------------------------------------------------------------------
// Small DOM helpers (textContent only: nothing from the API is parsed as HTML)

function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
        if (value === undefined || value === null || value === false) continue;
        if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
        else if (name === 'class') el.className = value;
        else el.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
        if (child !== null && child !== undefined && child !== false) {
            el.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
    }
    return el;
}

function showError(id, message) {
    const el = $(id);
    el.textContent = message || '';
    el.hidden = !message;
}

function announce(message) {
    const el = $('announcer');
    el.textContent = '';
    // A fresh text node so screen readers announce repeated messages too.
    setTimeout(() => {
        el.textContent = message;
    }, 50);
}

function newKey() {
    return crypto.randomUUID();
}

// ---------------------------------------------------------------------------------------------
// Sign-in

function accountOf(token) {
    try {
        const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        return JSON.parse(decodeURIComponent(escape(atob(payload)))).sub || '?';
    } catch {
        return '?';
    }
}

function signIn(token) {
    state.token = token;
    state.noticeFeeds.clear();
    sessionStorage.setItem(TOKEN_KEY, token);
    showView();
}

function signOut(message) {
    state.token = null;
    state.noticeFeeds.clear();
    sessionStorage.removeItem(TOKEN_KEY);
    showView();
    if (message) showError('sign-in-error', message);
}

/** The dev sign-in exists only in sandbox mode: an empty body is a 400 there, and a 404 everywhere else. */
async function probeSandbox() {
    try {
        await api('POST', '/v1/sandbox/tokens', { body: {}, auth: false });
        return true;
    } catch (e) {
        return e.status === 400;
    }
}

async function devSignIn(event) {
    event.preventDefault();
    showError('sign-in-error', '');
    const accountId = $('account-id').value.trim();
    if (!accountId) {
        showError('sign-in-error', t('accountRequired'));
        $('account-id').focus();
        return;
    }
    try {
        const { token } = await api('POST', '/v1/sandbox/tokens', {
            body: { accountId, roles: ['customer'] },
            auth: false,
        });
        signIn(token);
    } catch (e) {
        showError('sign-in-error', e.message);
    }
}

function tokenSignIn(event) {
    event.preventDefault();
    showError('sign-in-error', '');
    const token = $('bearer-token').value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
        showError('sign-in-error', t('tokenRequired'));
        $('bearer-token').focus();
        return;
    }
    $('bearer-token').value = '';
    signIn(token);
}

async function showView() {
    const signedIn = Boolean(state.token);
    $('sign-in-view').hidden = signedIn;
    $('portal-view').hidden = !signedIn;
    $('sign-out').hidden = !signedIn;
    $('signed-in-as').hidden = !signedIn;
    if (signedIn) {
        $('signed-in-as').textContent = t('signedInAs', { account: accountOf(state.token) });
        showError('sign-in-error', '');
        await Promise.all([renderSubscriptions(), renderOfferChoices()]);
    } else {
        $('dev-sign-in').hidden = !(await probeSandbox());
    }
}

// ---------------------------------------------------------------------------------------------
// Subscriptions tab

async function listSubscriptions() {
    const all = [];
    let cursor = null;
    do {
        const query = new URLSearchParams({ limit: '100' });
        if (cursor) query.set('cursor', cursor);
        const page = await api('GET', `/v1/subscriptions?${query}`);
        all.push(...page.data);
        cursor = page.nextCursor;
    } while (cursor && all.length < 1000);
    return all;
}

let renderGeneration = 0;

async function renderSubscriptions(focusSubscriptionId) {
    const list = $('subscription-list');
    // A later render (after a language switch, say) wins over one still in flight.
    const generation = ++renderGeneration;
    list.setAttribute('aria-busy', 'true');
    showError('portal-error', '');
    try {
        const subscriptions = await listSubscriptions();
        const cards = await Promise.all(subscriptions.map(subscriptionCard));
        if (generation !== renderGeneration) return;
        list.replaceChildren(...(cards.length ? cards : [h('p', { class: 'empty' }, t('noSubscriptions'))]));
        if (focusSubscriptionId) {
            document.querySelector(`[data-status-for="${CSS.escape(focusSubscriptionId)}"]`)?.focus();
        }
    } catch (e) {
        if (state.token) showError('portal-error', e.message);
    } finally {
        if (generation === renderGeneration) list.setAttribute('aria-busy', 'false');
    }
}

function daysLeft(trialEndsAt) {
    const ms = new Date(trialEndsAt).getTime() - Date.now();
    return ms <= 0 ? 0 : Math.ceil(ms / 86_400_000);
}

async function subscriptionCard(s) {
    const [current, notices] = await Promise.all([
        offer(s.offerId).catch(() => ({ id: s.offerId, name: s.offerId, upgradableTo: [] })),
        latestNotices(s),
    ]);
    const titleId = `sub-${s.id}-title`;
    let trial = t('none');
    if (s.trialEndsAt) {
        const days = daysLeft(s.trialEndsAt);
        trial = days === 0 ? t('trialOver') : days === 1 ? t('oneDayLeft') : t('daysLeft', { days });
    }
    const credit = s.creditRemaining
        ? t('creditOf', { remaining: formatMoney(s.creditRemaining), original: formatMoney(s.creditOriginal) })
        : t('none');
    const facts = [
        [t('offer'), current.name, 'offer'],
        [t('state'), t(`state_${s.state}`), 'state'],
        [t('creditRemaining'), credit, 'credit'],
        [t('trialDaysLeft'), trial, 'trial'],
        [t('spendingLimit'), t(`spendingLimit_${s.spendingLimit}`), 'spending-limit'],
    ];
    return h(
        'article',
        { class: 'card subscription', 'aria-labelledby': titleId, 'data-subscription-id': s.id, 'data-state': s.state },
        h('h2', { id: titleId }, s.displayName),
        h('dl', { class: 'facts' }, facts.map(([term, value, field]) => h('div', {}, h('dt', {}, term), h('dd', { 'data-field': field }, value)))),
        await statusSection(s, current, notices),
    );
}

async function statusSection(s, current, notices) {
    const headingId = `sub-${s.id}-status`;
    const section = h(
        'section',
        { class: 'status', 'aria-labelledby': headingId },
        h('h3', { id: headingId, tabindex: '-1', 'data-status-for': s.id }, t('status')),
        notices.map((e) => noticeElement(s, e)),
    );
    const target = current.upgradableTo && current.upgradableTo[0];

    if (s.state === 'CANCELLED') {
        section.append(h('p', {}, t('cancelledStatus')));
        return section;
    }
    if (s.pendingUpgradeRequestId) {
        section.append(await pendingStatus(s, target));
        return section;
    }
    if (s.state === 'DISABLED') {
        section.append(
            h('p', { class: 'warning', 'data-disabled-reason': s.disabledReason || '' },
                t(s.disabledReason ? `disabled_${s.disabledReason}` : 'disabled_other')),
        );
    }
    if (target) {
        const targetName = await offerName(target);
        const text = s.state === 'DISABLED' ? t('bannerReactivate', { target: targetName }) : t('bannerText', { target: targetName });
        section.append(
            h(
                'button',
                { type: 'button', class: 'banner', 'data-upgrade-banner': s.id, onclick: (e) => openUpgradeDialog(s, target, e.currentTarget) },
                h('span', { class: 'banner-title' }, t('bannerTitle')),
                h('span', { class: 'banner-text' }, text),
            ),
        );
    } else if (current.category === 'PAY_AS_YOU_GO' || s.spendingLimit === 'OFF') {
        section.append(h('p', { class: 'ok', 'data-payg': '' }, t('paygStatus', { offer: current.name })));
    } else if (s.state === 'ACTIVE') {
        section.append(h('p', {}, t('activeStatus')));
    }
    return section;
}

async function pendingStatus(s, fallbackTarget) {
    let request = null;
    try {
        request = await api('GET', `/v1/upgrade-requests/${encodeURIComponent(s.pendingUpgradeRequestId)}`);
    } catch {
        // Still show the pending state; the cancel call will report any problem.
    }
    const targetName = await offerName((request && request.targetOfferId) || fallbackTarget || '');
    const text = s.trialEndsAt
        ? t('pendingText', { target: targetName, date: formatDate(s.trialEndsAt) })
        : t('pendingTextNoDate', { target: targetName });
    const errorId = `sub-${s.id}-cancel-error`;
    return h(
        'div',
        { class: 'pending' },
        h('p', {}, h('span', { class: 'badge', 'data-upgrade-status': 'PENDING' }, t('pendingBadge'))),
        h('p', { 'data-pending-text': '' }, text),
        h('div', { id: errorId, class: 'error', role: 'alert', hidden: true }),
        h(
            'button',
            {
                type: 'button',
                class: 'secondary',
                'data-cancel-upgrade': s.pendingUpgradeRequestId,
                onclick: () => cancelUpgrade(s, errorId),
            },
            t('cancelUpgrade'),
        ),
    );
}

async function cancelUpgrade(s, errorId) {
    try {
        await api('POST', `/v1/upgrade-requests/${encodeURIComponent(s.pendingUpgradeRequestId)}/cancel`, {
            idempotencyKey: newKey(),
        });
        announce(t('upgradeCancelled'));
        await renderSubscriptions(s.id);
    } catch (e) {
        showError(errorId, e.message);
    }
}

// ---------------------------------------------------------------------------------------------
// Notices: the latest credit notice and the latest trial notice of a subscription, from its events.
// Dismissing one hides that event for the session; a newer event of its kind shows again.

const CREDIT_NOTICE_TYPES = ['credit.threshold_reached', 'credit.exhausted'];
const TRIAL_NOTICE_TYPE = 'trial.ending_soon';
const EVENT_PAGE = 100;

/**
 * The newest event of one type for a subscription, or null. The feed reads forward only (ids ascending from
 * `after`), so each type is asked for on its own and the portal remembers where it stopped: a later render asks
 * only for events after the newest one it has seen.
 */
async function latestEvent(subscriptionId, type) {
    const key = `${subscriptionId}:${type}`;
    let { after, latest } = state.noticeFeeds.get(key) || { after: 0, latest: null };
    for (let pages = 0; pages < 50; pages++) {
        const query = new URLSearchParams({ subscriptionId, type, after: String(after), limit: String(EVENT_PAGE) });
        const page = await api('GET', `/v1/events?${query}`);
        if (page.data.length) {
            latest = page.data[page.data.length - 1];
            after = latest.id;
        }
        if (page.data.length < EVENT_PAGE) break;
    }
    // Two renders may read at once: keep whichever got further.
    const known = state.noticeFeeds.get(key);
    if (!known || known.after <= after) state.noticeFeeds.set(key, { after, latest });
    return state.noticeFeeds.get(key).latest;
}

/** Notices only while the subscription runs on its benefits: once upgraded, disabled or cancelled its status says more. */
async function latestNotices(s) {
    if (s.state !== 'ACTIVE' || s.spendingLimit !== 'ON') return [];
    const read = (type) => latestEvent(s.id, type).catch(() => null); // no notice rather than no card
    const [threshold, exhausted, trial] = await Promise.all([...CREDIT_NOTICE_TYPES, TRIAL_NOTICE_TYPE].map(read));
    const credit = [threshold, exhausted].filter(Boolean).sort((a, b) => b.id - a.id)[0];
    const dismissed = dismissedNotices();
    return [credit, trial].filter((e) => e && !dismissed.includes(String(e.id)));
}

function dismissedNotices() {
    try {
        const ids = JSON.parse(sessionStorage.getItem(DISMISSED_KEY) || '[]');
        return Array.isArray(ids) ? ids.map(String) : [];
    } catch {
        return [];
    }
}

function noticeText(e) {
    if (e.type === 'credit.threshold_reached') {
        return t('noticeCreditThreshold', {
            percent: formatPercent(e.data.thresholdPercent),
            remaining: formatMoney(e.data.creditRemaining),
            original: formatMoney(e.data.creditOriginal),
        });
    }
    if (e.type === 'credit.exhausted') return t('noticeCreditExhausted', { amount: formatMoney(e.data.original) });
    // Days as the service saw them when it sent the notice (its clock, which the sandbox may have moved), at most
    // the mark: the browser's clock is not the service's.
    const untilEnd = Math.ceil((new Date(e.data.trialEndsAt).getTime() - new Date(e.occurredAt).getTime()) / 86_400_000);
    const days = Math.max(1, Math.min(e.data.markDays, untilEnd));
    return t(days === 1 ? 'noticeTrialEndingOneDay' : 'noticeTrialEnding', { days, date: formatDate(e.data.trialEndsAt) });
}

function noticeElement(s, e) {
    const trial = e.type === TRIAL_NOTICE_TYPE;
    const notice = h(
        'div',
        { class: 'notice', role: 'note', 'aria-label': t(trial ? 'trialNotice' : 'creditNotice'), 'data-notice': e.type, 'data-event-id': e.id },
        h('p', { 'data-notice-text': '' }, noticeText(e)),
        h(
            'button',
            {
                type: 'button',
                class: 'notice-dismiss',
                'aria-label': t(trial ? 'dismissTrialNotice' : 'dismissCreditNotice'),
                onclick: () => dismissNotice(s, e, notice),
            },
            h('span', { 'aria-hidden': 'true' }, '×'),
        ),
    );
    return notice;
}

function dismissNotice(s, e, notice) {
    const ids = dismissedNotices().filter((id) => id !== String(e.id));
    ids.push(String(e.id));
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(ids.slice(-200)));
    notice.remove();
    // The button is gone with its notice: focus moves to the subscription's status heading.
    document.querySelector(`[data-status-for="${CSS.escape(s.id)}"]`)?.focus();
    announce(t('noticeDismissed'));
}

// ---------------------------------------------------------------------------------------------
// Upgrade dialog: built from the preview; focus trapped inside, Escape closes, focus returns to the banner.

async function openUpgradeDialog(subscription, targetOfferId, opener) {
    showError('portal-error', '');
    let preview;
    try {
        preview = await api(
            'GET',
            `/v1/subscriptions/${encodeURIComponent(subscription.id)}/upgrade-preview?targetOfferId=${encodeURIComponent(targetOfferId)}`,
        );
    } catch (e) {
        showError('portal-error', e.message);
        return;
    }
    const targetName = await offerName(preview.targetOfferId || targetOfferId);
    state.dialog = { subscription, preview, opener, targetName, idempotencyKey: newKey() };

    $('upgrade-dialog-title').textContent = t('dialogTitle', { name: subscription.displayName, target: targetName });
    $('upgrade-dialog-body').replaceChildren(...(await dialogBody(subscription, preview, targetName)));
    showError('upgrade-dialog-error', '');
    const confirm = $('upgrade-dialog-confirm');
    confirm.disabled = !preview.eligible;
    confirm.textContent = t('confirmUpgrade');

    $('dialog-backdrop').hidden = false;
    $('main').inert = true;
    $('topbar').inert = true;
    (preview.eligible ? confirm : $('upgrade-dialog-dismiss')).focus();
}

async function dialogBody(s, preview, targetName) {
    const nodes = [h('p', { id: 'upgrade-dialog-free', class: 'free' }, h('strong', {}, t('dialogFree')))];
    if (!preview.eligible) {
        nodes.push(
            h('p', { class: 'warning' }, t('notEligible')),
            h('ul', {}, preview.reasons.map((r) => h('li', {}, STRINGS[state.language][`reason_${r.code}`] || r.message))),
        );
        return nodes;
    }
    let when;
    if (preview.completesImmediately) {
        when = s.state === 'DISABLED' ? t('whenImmediatelyReactivate', { target: targetName }) : t('whenImmediately');
    } else if (preview.trialEndsAt) {
        when = t('whenLater', { date: formatDate(preview.trialEndsAt) });
    } else {
        when = t('whenLaterNoDate');
    }
    nodes.push(h('h3', {}, t('whenTitle')), h('p', { 'data-when': '' }, when));

    const keep = [];
    if (!preview.completesImmediately && preview.creditRemaining) {
        keep.push(h('li', {}, t('keepCredit', { amount: formatMoney(preview.creditRemaining) })));
    }
    if (!preview.completesImmediately && preview.trialEndsAt) {
        keep.push(h('li', {}, t('keepTrial', { date: formatDate(preview.trialEndsAt) })));
    }
    if (keep.length) nodes.push(h('h3', {}, t('keepTitle')), h('ul', {}, keep));

    const changes = await Promise.all(preview.changes.map((c) => changeText(c)));
    if (changes.length) nodes.push(h('h3', {}, t('changesTitle')), h('ul', { 'data-changes': '' }, changes.map((c) => h('li', {}, c))));
    return nodes;
}

async function changeText(change) {
    const value = async (v) => {
        if (v === null || v === undefined) return t('none');
        if (change.field === 'offerId') return offerName(v);
        if (change.field === 'spendingLimit') return t(`spendingLimit_${v}`);
        if (change.field === 'state') return t(`state_${v}`);
        return v;
    };
    const [from, to] = await Promise.all([value(change.from), value(change.to)]);
    const key = `change_${change.field}`;
    if (STRINGS.en[key]) return t(key, { from, to });
    return change.description || `${change.field}: ${from} → ${to}`;
}

function closeUpgradeDialog({ restoreFocus = true } = {}) {
    const dialog = state.dialog;
    if (!dialog) return;
    state.dialog = null;
    $('dialog-backdrop').hidden = true;
    $('main').inert = false;
    $('topbar').inert = false;
    if (restoreFocus && dialog.opener && dialog.opener.isConnected) dialog.opener.focus();
}

async function confirmUpgrade() {
    const dialog = state.dialog;
    if (!dialog) return;
    const confirm = $('upgrade-dialog-confirm');
    confirm.disabled = true;
    showError('upgrade-dialog-error', '');
    try {
        const request = await api('POST', `/v1/subscriptions/${encodeURIComponent(dialog.subscription.id)}/upgrade-requests`, {
            // One key per dialog: a double click or a retry after a lost answer does not request twice.
            idempotencyKey: dialog.idempotencyKey,
            body: { targetOfferId: dialog.preview.targetOfferId, confirm: true },
        });
        closeUpgradeDialog({ restoreFocus: false });
        announce(request.status === 'COMPLETED' ? t('upgradeCompleted', { target: dialog.targetName }) : t('upgradeRequested'));
        await renderSubscriptions(dialog.subscription.id);
    } catch (e) {
        showError('upgrade-dialog-error', e.message);
        confirm.disabled = false;
        if (state.dialog) confirm.focus();
    }
}

function trapFocus(event) {
    if (!state.dialog) return;
    if (event.key === 'Escape') {
        event.preventDefault();
        closeUpgradeDialog();
        return;
    }
    if (event.key !== 'Tab') return;
    const focusable = [...$('upgrade-dialog').querySelectorAll('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
        .filter((el) => !el.disabled && !el.hidden && el.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !$('upgrade-dialog').contains(document.activeElement))) {
        event.preventDefault();
        last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !$('upgrade-dialog').contains(document.activeElement))) {
        event.preventDefault();
        first.focus();
    }
}

// ---------------------------------------------------------------------------------------------
// Create a subscription

async function renderOfferChoices() {
    const select = $('offer-select');
    const previous = select.value;
    try {
        const page = await api('GET', '/v1/offers?limit=100');
        for (const o of page.data) state.offers.set(`${state.language}:${o.id}`, Promise.resolve(o));
        select.replaceChildren(...page.data.map((o) => h('option', { value: o.id }, `${o.name} (${o.id})`)));
        if (previous && page.data.some((o) => o.id === previous)) select.value = previous;
    } catch (e) {
        if (state.token) showError('create-error', e.message);
    }
}

async function createSubscription(event) {
    event.preventDefault();
    showError('create-error', '');
    const offerId = $('offer-select').value;
    let displayName = $('display-name').value.trim();
    if (!displayName) displayName = t('defaultName', { offer: await offerName(offerId) }).slice(0, 100);
    try {
        const created = await api('POST', '/v1/subscriptions', { body: { offerId, displayName }, idempotencyKey: newKey() });
        $('display-name').value = '';
        announce(t('created', { name: created.displayName }));
        await renderSubscriptions(created.id);
    } catch (e) {
        showError('create-error', e.message);
        $('display-name').focus();
    }
}

// ---------------------------------------------------------------------------------------------

function start() {
    applyStaticStrings();
    $('language').addEventListener('change', (e) => {
        state.language = e.target.value;
        localStorage.setItem(LANGUAGE_KEY, state.language);
        applyStaticStrings();
        showView();
    });
    $('sign-out').addEventListener('click', () => signOut());
    $('dev-sign-in').addEventListener('submit', devSignIn);
    $('token-sign-in').addEventListener('submit', tokenSignIn);
    $('create-subscription').addEventListener('submit', createSubscription);
    $('upgrade-dialog-dismiss').addEventListener('click', () => closeUpgradeDialog());
    $('upgrade-dialog-confirm').addEventListener('click', confirmUpgrade);
    $('dialog-backdrop').addEventListener('click', (e) => {
        if (e.target === e.currentTarget) closeUpgradeDialog();
    });
    document.addEventListener('keydown', trapFocus);
    showView();
}

start();
