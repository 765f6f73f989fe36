// The Subscriptions tab: a card per subscription (its facts and status: notices, the upgrade banner, a pending
// upgrade with its cancel button) and the form that creates one.
import { api, offer, offerName, rememberOffers } from './client.js';
import { allPages, newKey, path, withQuery } from './api.js';
import { store, t } from './state.js';
import { $, announce, h, showError } from './dom.js';
import { formatMoney } from './money.js';
import { formatDate, trialCountdown } from './dates.js';
import { latestNotices, noticeElement } from './notices.js';
import { openUpgradeDialog } from './upgrade-dialog.js';

/** All the account's subscriptions (the first 1,000). */
export function listSubscriptions() {
    return allPages((cursor) => api('GET', withQuery('/v1/subscriptions', { limit: 100, cursor })), { maxItems: 1000 });
}

let renderGeneration = 0;

export async function renderSubscriptions(focusSubscriptionId) {
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
        if (store.get('token')) showError('portal-error', e.message);
    } finally {
        if (generation === renderGeneration) list.setAttribute('aria-busy', 'false');
    }
}

const money = (m) => formatMoney(store.get('language'), m, t('none'));

async function subscriptionCard(s) {
    const [current, notices] = await Promise.all([
        offer(s.offerId).catch(() => ({ id: s.offerId, name: s.offerId, upgradableTo: [] })),
        latestNotices(s),
    ]);
    const titleId = `sub-${s.id}-title`;
    const countdown = trialCountdown(s.trialEndsAt, Date.now());
    const credit = s.creditRemaining
        ? t('creditOf', { remaining: money(s.creditRemaining), original: money(s.creditOriginal) })
        : t('none');
    const facts = [
        [t('offer'), current.name, 'offer'],
        [t('state'), t(`state_${s.state}`), 'state'],
        [t('creditRemaining'), credit, 'credit'],
        [t('trialDaysLeft'), t(countdown.key, countdown.params), 'trial'],
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
                {
                    type: 'button',
                    class: 'banner',
                    'data-upgrade-banner': s.id,
                    onclick: (e) => openUpgradeDialog(s, target, e.currentTarget, renderSubscriptions),
                },
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
        request = await api('GET', path`/v1/upgrade-requests/${s.pendingUpgradeRequestId}`);
    } catch {
        // Still show the pending state; the cancel call will report any problem.
    }
    const targetName = await offerName((request && request.targetOfferId) || fallbackTarget || '');
    const text = s.trialEndsAt
        ? t('pendingText', { target: targetName, date: formatDate(store.get('language'), s.trialEndsAt) })
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
        await api('POST', path`/v1/upgrade-requests/${s.pendingUpgradeRequestId}/cancel`, { idempotencyKey: newKey() });
        announce(t('upgradeCancelled'));
        await renderSubscriptions(s.id);
    } catch (e) {
        showError(errorId, e.message);
    }
}

// ---------------------------------------------------------------------------------------------
// Create a subscription

export async function renderOfferChoices() {
    const select = $('offer-select');
    const previous = select.value;
    try {
        const page = await api('GET', '/v1/offers?limit=100');
        rememberOffers(page.data);
        select.replaceChildren(...page.data.map((o) => h('option', { value: o.id }, `${o.name} (${o.id})`)));
        if (previous && page.data.some((o) => o.id === previous)) select.value = previous;
    } catch (e) {
        if (store.get('token')) showError('create-error', e.message);
    }
}

export async function createSubscription(event) {
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
