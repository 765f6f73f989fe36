// The account portal: plain modules, no build step. Talks only to the public /v1 API with a bearer token, and to the
// OpenID Connect provider when the service names one (/portal/config.json).
import { STRINGS, LANGUAGES, languageFor } from './i18n.js';

const TOKEN_KEY = 'portal.token'; // the sandbox's and the pasted token only; a provider's tokens stay in memory
const OIDC_FLOW_KEY = 'portal.oidcFlow'; // state, nonce and code_verifier across the provider's redirect, no token
const LANGUAGE_KEY = 'portal.language';
const DISMISSED_KEY = 'portal.dismissedNotices';
const $ = (id) => document.getElementById(id);

const state = {
    language: chooseLanguage(),
    token: sessionStorage.getItem(TOKEN_KEY),
    offers: new Map(), // `${language}:${offerId}` -> Offer
    dialog: null, // { subscription, preview, idempotencyKey, opener }
    noticeFeeds: new Map(), // `${subscriptionId}:${type}` -> { after, latest }: where the feed was last read
    invoiceSubscriptionId: null, // the subscription the Invoices tab shows
    oidc: null, // { issuer, clientId } from /portal/config.json when the portal signs in with a provider
    provider: null, // Promise of the provider's discovery document
    session: null, // { idToken, refreshToken, timer }: the provider's sign-in, in memory only
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
    // Display only: amounts are decimal strings; the currency's minor unit (cents, whole yen) is what a person reads.
    return new Intl.NumberFormat(state.language, {
        style: 'currency',
        currency: money.currency,
        currencyDisplay: 'code',
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

/** A call to the API; `accept` asks for another media type, and then the Response itself is returned. */
async function api(method, path, { body, idempotencyKey, auth = true, accept } = {}) {
    const headers = { Accept: accept || 'application/json', 'Accept-Language': state.language };
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
    if (response.ok && accept) return response;
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

/** A JWT's claims, unverified: the portal only reads them (the service verifies the token). */
function claimsOf(token) {
    try {
        const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        return JSON.parse(decodeURIComponent(escape(atob(payload))));
    } catch {
        return null;
    }
}

function accountOf(token) {
    return claimsOf(token)?.sub || '?';
}

/** `remember`: the sandbox's and a pasted token survive a reload (sessionStorage); a provider's never do. */
function signIn(token, { remember = true } = {}) {
    state.token = token;
    state.noticeFeeds.clear();
    if (remember) sessionStorage.setItem(TOKEN_KEY, token);
    showView();
}

function signOut(message) {
    state.token = null;
    state.noticeFeeds.clear();
    sessionStorage.removeItem(TOKEN_KEY);
    if (state.session) clearTimeout(state.session.timer);
    state.session = null;
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
        showTab();
        await Promise.all([renderSubscriptions(), renderOfferChoices(), currentTab() === 'invoices' ? renderInvoices() : null]);
    } else if (state.oidc) {
        $('oidc-sign-in').hidden = false;
        $('token-sign-in').hidden = true;
    } else {
        $('dev-sign-in').hidden = !(await probeSandbox());
    }
}

// ---------------------------------------------------------------------------------------------
// Sign-in with the OpenID Connect provider: authorization code flow with PKCE (a public client, no secret).
// Only state, nonce and code_verifier cross the redirect (sessionStorage, removed on the way back); the tokens are
// kept in this page's memory, so a reload signs in again (without a password while the provider's session lasts).

class OidcError extends Error {}

const RENEW_BEFORE_MS = 30_000; // renew this long before the access token expires

function portalUrl() {
    return `${location.origin}/portal/`;
}

function base64url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function s256(text) {
    return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** The provider's endpoints, from its discovery document, once per page. */
function provider() {
    if (!state.provider) {
        state.provider = (async () => {
            let metadata;
            try {
                const response = await fetch(`${state.oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
                if (!response.ok) throw new Error(String(response.status));
                metadata = await response.json();
            } catch {
                throw new OidcError(t('oidcUnreachable'));
            }
            if (metadata.issuer !== state.oidc.issuer || !metadata.authorization_endpoint || !metadata.token_endpoint) {
                throw new OidcError(t('oidcMisconfigured'));
            }
            return metadata;
        })();
        state.provider.catch(() => {
            state.provider = null; // try again on the next click
        });
    }
    return state.provider;
}

/** A form POST to the token endpoint; the provider's error code, if any, goes into the message. */
async function tokenRequest(params) {
    const { token_endpoint: endpoint } = await provider();
    let response;
    try {
        response = await fetch(endpoint, { method: 'POST', body: new URLSearchParams({ client_id: state.oidc.clientId, ...params }) });
    } catch {
        throw new OidcError(t('oidcUnreachable'));
    }
    const payload = await response.json().catch(() => null);
    if (!response.ok || !payload || !payload.access_token) {
        throw new OidcError(t('oidcRefused', { error: (payload && payload.error) || response.status }));
    }
    return payload;
}

async function oidcSignIn(event) {
    event.preventDefault();
    showError('sign-in-error', '');
    const button = $('oidc-sign-in').querySelector('button');
    button.disabled = true;
    try {
        const { authorization_endpoint: endpoint } = await provider();
        const flow = { state: randomString(), nonce: randomString(), verifier: randomString(), hash: location.hash };
        sessionStorage.setItem(OIDC_FLOW_KEY, JSON.stringify(flow));
        const query = new URLSearchParams({
            response_type: 'code',
            client_id: state.oidc.clientId,
            redirect_uri: portalUrl(),
            scope: 'openid',
            state: flow.state,
            nonce: flow.nonce,
            code_challenge: await s256(flow.verifier),
            code_challenge_method: 'S256',
            ui_locales: state.language,
        });
        location.assign(`${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}`);
    } catch (e) {
        showError('sign-in-error', e.message);
        button.disabled = false;
    }
}

/** Back from the provider (?code=...&state=... or ?error=...): check state, exchange the code, forget the flow. */
async function completeOidcSignIn() {
    const params = new URLSearchParams(location.search);
    if (!params.has('state') || !(params.has('code') || params.has('error'))) return;
    const flow = JSON.parse(sessionStorage.getItem(OIDC_FLOW_KEY) || 'null');
    sessionStorage.removeItem(OIDC_FLOW_KEY);
    // The code leaves the address bar (and the history) at once, whatever happens next.
    history.replaceState(null, '', `${location.pathname}${(flow && flow.hash) || ''}`);
    try {
        if (!flow || params.get('state') !== flow.state) throw new OidcError(t('oidcStateMismatch'));
        if (params.has('iss') && params.get('iss') !== state.oidc.issuer) throw new OidcError(t('oidcStateMismatch'));
        if (params.has('error')) throw new OidcError(t('oidcRefused', { error: params.get('error') }));
        const tokens = await tokenRequest({
            grant_type: 'authorization_code',
            code: params.get('code'),
            redirect_uri: portalUrl(),
            code_verifier: flow.verifier,
        });
        // From the token endpoint over the connection the browser checked, so its signature need not be (OIDC
        // Core 3.1.3.7); the claims say it is this sign-in's, for this client, from this issuer.
        const id = claimsOf(tokens.id_token || '');
        const audience = id && [].concat(id.aud);
        if (!id || id.iss !== state.oidc.issuer || !audience.includes(state.oidc.clientId) || id.nonce !== flow.nonce) {
            throw new OidcError(t('oidcInvalidToken'));
        }
        startSession(tokens);
    } catch (e) {
        showError('sign-in-error', e.message);
    }
}

function startSession(tokens) {
    if (state.session) clearTimeout(state.session.timer);
    state.session = {
        idToken: tokens.id_token || state.session?.idToken,
        refreshToken: tokens.refresh_token || null,
        timer: null,
    };
    const lifetime = Number(tokens.expires_in) > 0 ? Number(tokens.expires_in) * 1000 : null;
    if (lifetime) {
        const renewAt = Math.max(lifetime - RENEW_BEFORE_MS, lifetime / 2);
        state.session.timer = state.session.refreshToken
            ? setTimeout(renewSession, renewAt)
            : setTimeout(() => signOut(t('sessionExpired')), lifetime);
    }
    state.token = tokens.access_token;
    state.noticeFeeds.clear();
}

/** Before the access token expires: a new one with the refresh token, or sign in again if the provider says no. */
async function renewSession() {
    try {
        const tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: state.session.refreshToken });
        const account = accountOf(state.token);
        startSession(tokens);
        if (accountOf(state.token) !== account) showView();
    } catch {
        signOut(t('sessionExpired'));
    }
}

/** Sign out here, then at the provider too when it can end its session (else its next sign-in needs no password). */
async function signOutEverywhere() {
    const session = state.session;
    signOut();
    if (!session || !state.oidc) return;
    try {
        const { end_session_endpoint: endpoint } = await provider();
        if (!endpoint) return;
        const query = new URLSearchParams({
            id_token_hint: session.idToken,
            post_logout_redirect_uri: portalUrl(),
            client_id: state.oidc.clientId,
        });
        location.assign(`${endpoint}${endpoint.includes('?') ? '&' : '?'}${query}`);
    } catch (e) {
        showError('sign-in-error', e.message);
    }
}

/** The portal's settings; none (sandbox or pasted token) when the service does not say. */
async function portalConfig() {
    try {
        const response = await fetch('/portal/config.json', { headers: { Accept: 'application/json' } });
        return response.ok ? (await response.json()).oidc || null : null;
    } catch {
        return null;
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
// Tabs: the hash says which panel shows (#subscriptions, #invoices), so the browser's back button and links work.

function currentTab() {
    return location.hash === '#invoices' ? 'invoices' : 'subscriptions';
}

function showTab({ focus = false } = {}) {
    const tab = currentTab();
    for (const link of document.querySelectorAll('[data-tab]')) {
        if (link.dataset.tab === tab) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
    }
    for (const panel of document.querySelectorAll('[data-panel]')) panel.hidden = panel.dataset.panel !== tab;
    if (focus) $(tab).focus();
}

// ---------------------------------------------------------------------------------------------
// Exact decimals. Money comes as decimal strings with at most 16 places (a cost is quantity × a unit price of up to
// 10 places, never rounded); sums are kept as BigInt units of 10^-16 so a displayed total is exact. Number() is used
// for the chart's geometry only (bar heights, point positions).

const PLACES = 16;
const UNIT = 10n ** BigInt(PLACES);

function toUnits(decimal) {
    const m = /^(-?)(\d+)(?:\.(\d{1,16}))?$/.exec(String(decimal));
    if (!m) throw new Error(`not a decimal amount: ${decimal}`);
    const value = BigInt(m[2]) * UNIT + BigInt((m[3] || '').padEnd(PLACES, '0'));
    return m[1] ? -value : value;
}

function unitsToDecimal(units) {
    const sign = units < 0n ? '-' : '';
    const abs = units < 0n ? -units : units;
    return `${sign}${abs / UNIT}.${String(abs % UNIT).padStart(PLACES, '0')}`;
}

/** The currency's minor unit in decimal places (USD 2, JPY 0, KWD 3), as the browser knows it; 2 if it does not. */
function minorDigits(currency) {
    try {
        return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch {
        return 2;
    }
}

/** A decimal string for people: grouped in the language's way, trailing zeros dropped down to `minDigits` places. */
function formatDecimal(decimal, minDigits = 2) {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(String(decimal));
    if (!m) return String(decimal);
    let fraction = (m[3] || '').replace(/0+$/, '');
    if (fraction.length < minDigits) fraction = fraction.padEnd(minDigits, '0');
    const whole = new Intl.NumberFormat(state.language).format(BigInt(m[2]));
    const point = new Intl.NumberFormat(state.language).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    return `${m[1] ? '−' : ''}${whole}${fraction ? point + fraction : ''}`;
}

/** The API's amount as it is (no float on the way), to the currency's minor unit at least: `USD 7.7376`, `JPY 200`. */
function formatAmount(money) {
    if (!money) return t('none');
    return `${money.currency}\u00a0${formatDecimal(money.amount, minorDigits(money.currency))}`;
}

const isZero = (money) => toUnits(money.amount) === 0n;

// ---------------------------------------------------------------------------------------------
// Invoices tab: the upcoming (DRAFT) invoice of the current month, a chart of the month, the finalized invoices.

const DAY_MS = 86_400_000;
const INVOICE_PAGE = 12;
const USAGE_PAGE = 100;
const USAGE_PAGE_CAP = 50; // 5,000 records; past that the chart says it is incomplete rather than keep reading
let invoicesGeneration = 0;

function formatPeriod(invoice) {
    const start = new Date(invoice.periodStart);
    const lastDay = new Date(Date.parse(invoice.periodEnd) - DAY_MS);
    // Not Intl's formatRange: for zh-TW it falls back to all-numeric dates (2027/1/1至2027/1/31).
    const withYear = new Intl.DateTimeFormat(state.language, { dateStyle: 'long', timeZone: 'UTC' });
    const withoutYear = new Intl.DateTimeFormat(state.language, { month: 'long', day: 'numeric', timeZone: 'UTC' });
    return t('periodRange', {
        fromDate: withYear.format(start), fromDay: withoutYear.format(start),
        toDate: withYear.format(lastDay), toDay: withoutYear.format(lastDay),
    });
}

function formatMonth(iso) {
    return new Intl.DateTimeFormat(state.language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

function formatDay(ms) {
    return new Intl.DateTimeFormat(state.language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(ms));
}

async function renderInvoices() {
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
        if (!subscriptions.some((s) => s.id === state.invoiceSubscriptionId)) state.invoiceSubscriptionId = subscriptions[0].id;
        select.replaceChildren(...subscriptions.map((s) => h('option', { value: s.id }, s.displayName)));
        select.value = state.invoiceSubscriptionId;
        const sections = await invoiceSections(state.invoiceSubscriptionId);
        if (generation !== invoicesGeneration) return;
        content.replaceChildren(...sections);
    } catch (e) {
        if (state.token && generation === invoicesGeneration) showError('invoices-error', e.message);
    } finally {
        if (generation === invoicesGeneration) content.setAttribute('aria-busy', 'false');
    }
}

async function invoiceSections(subscriptionId) {
    const id = encodeURIComponent(subscriptionId);
    const [upcoming, finalized] = await Promise.all([
        api('GET', `/v1/subscriptions/${id}/invoices/upcoming`),
        api('GET', `/v1/subscriptions/${id}/invoices?status=FINALIZED&limit=${INVOICE_PAGE}`),
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
        h('dl', { class: 'facts' }, h('div', {}, h('dt', {}, t('invoicePeriod')), h('dd', { 'data-field': 'period' }, formatPeriod(invoice)))),
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
                num(`${formatDecimal(line.quantity, 0)} × ${line.unit}`, 'quantity'),
                num(formatAmount(line.unitPrice), 'unit-price'),
                num(formatAmount(line.amount), 'amount')))),
    );
}

function totalsList(invoice) {
    const minus = (money) => (isZero(money) ? formatAmount(money) : `−\u2009${formatAmount(money)}`);
    const rows = [
        ['subtotal', t('subtotal'), formatAmount(invoice.subtotal)],
        ['credit-applied', t('creditApplied'), minus(invoice.creditApplied)],
        isZero(invoice.notCharged) ? null : ['not-charged', t('notCharged'), minus(invoice.notCharged)],
        ['total', t('total'), formatAmount(invoice.total)],
        ['amount-due', t('amountDue'), formatAmount(invoice.amountDue)],
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

/** `attachment; filename="INV-000042.pdf"` → `INV-000042.pdf` (RFC 6266's filename* first). */
function attachmentName(disposition) {
    if (!disposition) return null;
    const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
    if (extended) {
        try {
            return decodeURIComponent(extended[1].trim());
        } catch {
            // fall back to the plain filename
        }
    }
    const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
    return plain ? (plain[1] ?? plain[2]).trim() : null;
}

/**
 * The file needs the bearer token, so it cannot be a plain link: fetch it, then hand the browser a Blob URL to save.
 */
async function downloadInvoice(invoice, kind, errorEl, button) {
    if (button.getAttribute('aria-busy') === 'true') return; // a double click downloads once
    button.setAttribute('aria-busy', 'true');
    errorEl.hidden = true;
    try {
        const response = await api('GET', `/v1/invoices/${encodeURIComponent(invoice.id)}`, {
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
        const rows = invoices.map((inv) =>
            h('tr', { 'data-invoice-id': inv.id, 'data-invoice-number': inv.number },
                h('th', { scope: 'row', tabindex: '-1', 'data-field': 'number' }, inv.number),
                h('td', { 'data-field': 'period' }, formatMonth(inv.periodStart)),
                h('td', { class: 'num', 'data-field': 'amount-due' }, formatAmount(inv.amountDue)),
                h('td', { 'data-field': 'finalized-at' }, formatDate(inv.finalizedAt)),
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
                    const query = new URLSearchParams({ status: 'FINALIZED', limit: String(INVOICE_PAGE), cursor });
                    const page = await api('GET', `/v1/subscriptions/${encodeURIComponent(subscriptionId)}/invoices?${query}`);
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

// ---------------------------------------------------------------------------------------------
// The month's chart: daily cost (stacked by how it was covered) and the credit burn-down, drawn as SVG generated
// here (no charting library: two simple charts do not need one, and nothing else has to be vendored or updated).

/** Every usage record recorded in [start, end), read oldest first; stops at the page cap. */
async function periodUsage(subscriptionId, start, end) {
    const records = [];
    let cursor = null;
    for (let pages = 1; ; pages++) {
        const query = new URLSearchParams({ limit: String(USAGE_PAGE) });
        if (cursor) query.set('cursor', cursor);
        const page = await api('GET', `/v1/subscriptions/${encodeURIComponent(subscriptionId)}/usage?${query}`);
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

async function allBenefits(subscriptionId) {
    const grants = [];
    let cursor = null;
    for (let pages = 0; pages < 20; pages++) {
        const query = new URLSearchParams({ limit: '100' });
        if (cursor) query.set('cursor', cursor);
        const page = await api('GET', `/v1/subscriptions/${encodeURIComponent(subscriptionId)}/benefits?${query}`);
        grants.push(...page.data);
        cursor = page.nextCursor;
        if (!cursor) break;
    }
    return grants;
}

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
 * one day off by that usage until the next reload (the table's sum check below says so).
 */
function creditAt(T, grants, coveredAfter) {
    let balance = coveredAfter;
    for (const g of grants) {
        const granted = Date.parse(g.grantedAt);
        const remaining = toUnits(g.remaining.amount);
        if (granted > T) balance -= toUnits(g.original.amount) - remaining;
        else if (g.expiresAt === null || Date.parse(g.expiresAt) > T) balance += remaining;
    }
    return balance;
}

function monthChart(invoice, records, grants) {
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
    const browserToday = Math.floor((Date.now() - start) / DAY_MS);
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

async function chartSection(subscriptionId, invoice) {
    const section = h('section', { class: 'card chart', 'aria-labelledby': 'chart-title', 'data-chart': '' },
        h('h2', { id: 'chart-title' }, t('chartTitle')));
    const [usage, grants] = await Promise.all([
        periodUsage(subscriptionId, Date.parse(invoice.periodStart), Date.parse(invoice.periodEnd)),
        allBenefits(subscriptionId),
    ]);
    if (usage.capped) {
        section.append(h('p', { class: 'warning', 'data-chart-capped': '' },
            t('chartCapped', { count: new Intl.NumberFormat(state.language).format(USAGE_PAGE * USAGE_PAGE_CAP) })));
        return section;
    }
    if (!usage.records.length) {
        section.append(h('p', { class: 'empty', 'data-chart-empty': '' }, t('chartEmpty')));
        return section;
    }
    const chart = monthChart(invoice, usage.records, grants);
    const money = (units) => formatAmount({ amount: unitsToDecimal(units), currency: invoice.currency });
    const total = chart.buckets.reduce((sum, b) => sum + b.cost, 0n);
    const top = chart.buckets.reduce((best, b) => (b.cost > best.cost ? b : best));
    const first = chart.buckets[0].start;
    const last = chart.buckets[chart.buckets.length - 1].start;

    section.append(h('p', { id: 'chart-cost-summary', class: 'chart-summary' },
        t('chartSummary', { from: formatDay(first), to: formatDay(last), total: money(total), maxDay: formatDay(top.start), max: money(top.cost) })));
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
        costSvg(chart, segments, money),
    );
    if (chart.hasCredit) {
        const endBalance = chart.buckets[chart.lastDay].credit;
        section.append(
            h('h3', {}, t('chartCreditTitle')),
            h('p', { id: 'chart-credit-summary', class: 'chart-summary' }, t('creditSummary', {
                start: money(chart.startBalance), end: money(endBalance), endDay: formatDay(chart.buckets[chart.lastDay].start),
            })),
            creditSvg(chart, money),
        );
    } else {
        section.append(h('p', { class: 'hint', 'data-no-credit': '' }, t('noCredit')));
    }
    if (total !== toUnits(invoice.subtotal.amount)) {
        section.append(h('p', { class: 'warning', 'data-chart-incomplete': '' }, t('chartIncomplete')));
    }
    section.append(chartTable(chart, segments, money));
    return section;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs)) {
        if (value !== undefined && value !== null) el.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
        if (child !== null && child !== undefined) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
}

const CHART = { width: 720, left: 56, right: 12, top: 10, bottom: 26 };

/** 1, 2 or 5 × 10ⁿ steps, four or so of them up to the largest value (geometry only, so Number is fine). */
function niceScale(max) {
    if (!(max > 0)) return { max: 1, step: 0.25 };
    const rough = max / 4;
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough);
    return { max: Math.ceil(max / step) * step, step };
}

function axes(height, scale, days, currency) {
    const plotW = CHART.width - CHART.left - CHART.right;
    const bottom = height - CHART.bottom;
    const y = (v) => bottom - (v / scale.max) * (bottom - CHART.top);
    const band = plotW / days;
    const nodes = [];
    const tickFormat = new Intl.NumberFormat(state.language, { maximumFractionDigits: 2 });
    for (let v = 0; v <= scale.max + scale.step / 2; v += scale.step) {
        nodes.push(
            svg('line', { class: v === 0 ? 'axis' : 'grid', x1: CHART.left, x2: CHART.width - CHART.right, y1: y(v), y2: y(v) }),
            svg('text', { class: 'tick', x: CHART.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, tickFormat.format(v)),
        );
    }
    nodes.push(svg('text', { class: 'tick unit', x: 4, y: CHART.top + 4 }, currency));
    for (let i = 0; i < days; i++) {
        if (i === 0 || (i + 1) % 5 === 0) {
            nodes.push(svg('text', { class: 'tick', x: CHART.left + band * (i + 0.5), y: height - 8, 'text-anchor': 'middle' }, String(i + 1)));
        }
    }
    return { nodes, y, band, bottom };
}

function costSvg(chart, segments, money) {
    const height = 200;
    const toNumber = (units) => Number(units) / 1e16;
    const scale = niceScale(Math.max(...chart.buckets.map((b) => toNumber(b.cost))));
    const { nodes, y, band, bottom } = axes(height, scale, chart.buckets.length, chart.currency);
    const bars = chart.buckets.map((b, i) => {
        if (b.cost === 0n) return null;
        let top = bottom;
        const x = CHART.left + band * i + band * 0.15;
        const rects = segments.map(([key]) => {
            const value = toNumber(b[key]);
            if (value <= 0) return null;
            const segmentHeight = bottom - y(value);
            top -= segmentHeight;
            return svg('rect', { class: `seg-${key}`, x, y: top, width: band * 0.7, height: Math.max(segmentHeight, 0.5) });
        });
        return svg('g', { class: 'bar', 'data-day': new Date(b.start).toISOString().slice(0, 10) },
            svg('title', {}, t('chartDayLabel', { date: formatDay(b.start), cost: money(b.cost) })), rects);
    });
    return svg('svg', {
        viewBox: `0 0 ${CHART.width} ${height}`, role: 'img', 'aria-labelledby': 'chart-cost-summary', 'data-chart-cost': '',
        class: 'chart-svg',
    }, nodes, bars);
}

function creditSvg(chart, money) {
    const height = 160;
    const toNumber = (units) => Number(units) / 1e16;
    const values = [chart.startBalance, ...chart.buckets.slice(0, chart.lastDay + 1).map((b) => b.credit)];
    const scale = niceScale(Math.max(...values.map(toNumber)));
    const { nodes, y, band, bottom } = axes(height, scale, chart.buckets.length, chart.currency);
    // The start of the month sits on the left edge; each day's end-of-day balance at the middle of its day.
    const points = [[CHART.left, y(toNumber(chart.startBalance))]];
    const dots = [];
    for (let i = 0; i <= chart.lastDay; i++) {
        const b = chart.buckets[i];
        const point = [CHART.left + band * (i + 0.5), y(toNumber(b.credit))];
        points.push(point);
        dots.push(svg('circle', { class: 'credit-point', cx: point[0], cy: point[1], r: 3.5, 'data-day': new Date(b.start).toISOString().slice(0, 10) },
            svg('title', {}, t('chartDayLabel', { date: formatDay(b.start), cost: money(b.credit) }))));
    }
    const line = points.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ');
    const area = `${CHART.left},${bottom} ${line} ${points[points.length - 1][0].toFixed(1)},${bottom}`;
    return svg('svg', {
        viewBox: `0 0 ${CHART.width} ${height}`, role: 'img', 'aria-labelledby': 'chart-credit-summary', 'data-chart-credit': '',
        class: 'chart-svg',
    }, nodes, svg('polygon', { class: 'credit-area', points: area }), svg('polyline', { class: 'credit-line', points: line }), dots);
}

/** The chart's text alternative: every day up to today, with the exact amounts. */
function chartTable(chart, segments, money) {
    const rows = chart.buckets.slice(0, chart.lastDay + 1);
    return h('details', { class: 'chart-table' },
        h('summary', {}, t('chartTable')),
        h('table', { 'data-chart-table': '' },
            h('thead', {}, h('tr', {},
                h('th', { scope: 'col' }, t('chartDay')),
                h('th', { scope: 'col', class: 'num' }, t('chartCost')),
                segments.map(([, label]) => h('th', { scope: 'col', class: 'num' }, t(label))),
                chart.hasCredit ? h('th', { scope: 'col', class: 'num' }, t('chartCreditLeft')) : null)),
            h('tbody', {}, rows.map((b) => h('tr', { 'data-day': new Date(b.start).toISOString().slice(0, 10) },
                h('th', { scope: 'row' }, formatDay(b.start)),
                h('td', { class: 'num', 'data-field': 'cost' }, money(b.cost)),
                segments.map(([key]) => h('td', { class: 'num', 'data-field': key }, money(b[key]))),
                chart.hasCredit ? h('td', { class: 'num', 'data-field': 'credit' }, money(b.credit)) : null)))));
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

async function start() {
    applyStaticStrings();
    window.addEventListener('hashchange', () => {
        if (!state.token) return;
        showTab({ focus: true });
        if (currentTab() === 'invoices') renderInvoices();
    });
    $('invoice-subscription').addEventListener('change', (e) => {
        state.invoiceSubscriptionId = e.target.value;
        renderInvoices();
    });
    $('language').addEventListener('change', (e) => {
        state.language = e.target.value;
        localStorage.setItem(LANGUAGE_KEY, state.language);
        applyStaticStrings();
        showView();
    });
    $('sign-out').addEventListener('click', signOutEverywhere);
    $('oidc-sign-in').addEventListener('submit', oidcSignIn);
    $('dev-sign-in').addEventListener('submit', devSignIn);
    $('token-sign-in').addEventListener('submit', tokenSignIn);
    $('create-subscription').addEventListener('submit', createSubscription);
    $('upgrade-dialog-dismiss').addEventListener('click', () => closeUpgradeDialog());
    $('upgrade-dialog-confirm').addEventListener('click', confirmUpgrade);
    $('dialog-backdrop').addEventListener('click', (e) => {
        if (e.target === e.currentTarget) closeUpgradeDialog();
    });
    document.addEventListener('keydown', trapFocus);
    state.oidc = await portalConfig();
    if (state.oidc) {
        // With a provider, no token outlives the page: drop one a sandbox sign-in may have left.
        sessionStorage.removeItem(TOKEN_KEY);
        state.token = null;
        await completeOidcSignIn();
    }
    showView();
}

start();
