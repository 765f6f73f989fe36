// Which notices a subscription shows and what they say, without DOM or storage: notices.js reads the events and
// keeps the dismissed ids.
import { formatMoney, formatPercent } from './money.js';
import { formatDate, noticeTrialDays } from './dates.js';

export const CREDIT_NOTICE_TYPES = ['credit.threshold_reached', 'credit.exhausted'];
export const TRIAL_NOTICE_TYPE = 'trial.ending_soon';
const DISMISSED_KEPT = 200;

/** Notices only while the subscription runs on its benefits: once upgraded, disabled or cancelled its status says more. */
export function showsNotices(s) {
    return s.state === 'ACTIVE' && s.spendingLimit === 'ON';
}

/** The newest credit notice (threshold or exhausted, by event id) and the trial notice, less the dismissed ones. */
export function visibleNotices({ threshold, exhausted, trial }, dismissed) {
    const credit = [threshold, exhausted].filter(Boolean).sort((a, b) => b.id - a.id)[0];
    return [credit, trial].filter((e) => e && !dismissed.includes(String(e.id)));
}

/** The dismissed event ids as stored (a JSON array), or none when the stored text is not one. */
export function parseDismissed(text) {
    try {
        const ids = JSON.parse(text || '[]');
        return Array.isArray(ids) ? ids.map(String) : [];
    } catch {
        return [];
    }
}

/** The ids with `id` dismissed too, newest last, at most the latest 200 (a session's storage stays small). */
export function withDismissed(ids, id) {
    const next = ids.filter((known) => known !== String(id));
    next.push(String(id));
    return next.slice(-DISMISSED_KEPT);
}

/** A notice's sentence in `language`; `t` looks up that language's texts. */
export function noticeText(e, language, t) {
    const money = (m) => formatMoney(language, m, t('none'));
    if (e.type === 'credit.threshold_reached') {
        return t('noticeCreditThreshold', {
            percent: formatPercent(language, e.data.thresholdPercent),
            remaining: money(e.data.creditRemaining),
            original: money(e.data.creditOriginal),
        });
    }
    if (e.type === 'credit.exhausted') return t('noticeCreditExhausted', { amount: money(e.data.original) });
    const days = noticeTrialDays(e);
    return t(days === 1 ? 'noticeTrialEndingOneDay' : 'noticeTrialEnding', { days, date: formatDate(language, e.data.trialEndsAt) });
}

/**
 * Where an event feed (one subscription, one type) was last read, after a read that reached `after`: two renders
 * may read at once, so whichever got further is kept.
 */
export function furtherFeed(known, read) {
    return !known || known.after <= read.after ? read : known;
}
