// The upgrade dialog: built from the preview; focus trapped inside, Escape closes, focus returns to the banner.
import { api, offerName } from './client.js';
import { newKey, path, withQuery } from './api.js';
import { store, t } from './state.js';
import { $, announce, h, showError } from './dom.js';
import { ownString, STRINGS } from './i18n.js';
import { formatMoney } from './money.js';
import { formatDate } from './dates.js';

let dialog = null; // the open dialog: { subscription, preview, targetName, idempotencyKey, opener, rerender }

/** Opens the dialog for upgrading `subscription` to `targetOfferId`; `rerender(id)` redraws the cards after it. */
export async function openUpgradeDialog(subscription, targetOfferId, opener, rerender) {
    showError('portal-error', '');
    let preview;
    try {
        preview = await api('GET', withQuery(path`/v1/subscriptions/${subscription.id}/upgrade-preview`, { targetOfferId }));
    } catch (e) {
        showError('portal-error', e.message);
        return;
    }
    const targetName = await offerName(preview.targetOfferId || targetOfferId);
    dialog = { subscription, preview, opener, targetName, rerender, idempotencyKey: newKey() };

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
    const language = store.get('language');
    const nodes = [h('p', { id: 'upgrade-dialog-free', class: 'free' }, h('strong', {}, t('dialogFree')))];
    if (!preview.eligible) {
        nodes.push(
            h('p', { class: 'warning' }, t('notEligible')),
            h('ul', {}, preview.reasons.map((r) => h('li', {}, ownString(language, `reason_${r.code}`) || r.message))),
        );
        return nodes;
    }
    let when;
    if (preview.completesImmediately) {
        when = s.state === 'DISABLED' ? t('whenImmediatelyReactivate', { target: targetName }) : t('whenImmediately');
    } else if (preview.trialEndsAt) {
        when = t('whenLater', { date: formatDate(language, preview.trialEndsAt) });
    } else {
        when = t('whenLaterNoDate');
    }
    nodes.push(h('h3', {}, t('whenTitle')), h('p', { 'data-when': '' }, when));

    const keep = [];
    if (!preview.completesImmediately && preview.creditRemaining) {
        keep.push(h('li', {}, t('keepCredit', { amount: formatMoney(language, preview.creditRemaining, t('none')) })));
    }
    if (!preview.completesImmediately && preview.trialEndsAt) {
        keep.push(h('li', {}, t('keepTrial', { date: formatDate(language, preview.trialEndsAt) })));
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

export function closeUpgradeDialog({ restoreFocus = true } = {}) {
    const closing = dialog;
    if (!closing) return;
    dialog = null;
    $('dialog-backdrop').hidden = true;
    $('main').inert = false;
    $('topbar').inert = false;
    if (restoreFocus && closing.opener && closing.opener.isConnected) closing.opener.focus();
}

export async function confirmUpgrade() {
    const confirming = dialog;
    if (!confirming) return;
    const confirm = $('upgrade-dialog-confirm');
    confirm.disabled = true;
    showError('upgrade-dialog-error', '');
    try {
        const request = await api('POST', path`/v1/subscriptions/${confirming.subscription.id}/upgrade-requests`, {
            // One key per dialog: a double click or a retry after a lost answer does not request twice.
            idempotencyKey: confirming.idempotencyKey,
            body: { targetOfferId: confirming.preview.targetOfferId, confirm: true },
        });
        closeUpgradeDialog({ restoreFocus: false });
        announce(request.status === 'COMPLETED' ? t('upgradeCompleted', { target: confirming.targetName }) : t('upgradeRequested'));
        await confirming.rerender(confirming.subscription.id);
    } catch (e) {
        showError('upgrade-dialog-error', e.message);
        confirm.disabled = false;
        if (dialog) confirm.focus();
    }
}

/** The dialog's keys: Escape closes it, Tab and Shift+Tab go round inside it. */
export function trapFocus(event) {
    if (!dialog) return;
    if (event.key === 'Escape') {
        event.preventDefault();
        closeUpgradeDialog();
        return;
    }
    if (event.key !== 'Tab') return;
    const box = $('upgrade-dialog');
    const focusable = [...box.querySelectorAll('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
        .filter((el) => !el.disabled && !el.hidden && el.offsetParent !== null);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && (document.activeElement === first || !box.contains(document.activeElement))) {
        event.preventDefault();
        last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !box.contains(document.activeElement))) {
        event.preventDefault();
        first.focus();
    }
}
