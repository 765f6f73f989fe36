// Notices: the latest credit notice and the latest trial notice of a subscription, from its events.
// Dismissing one hides that event for the session; a newer event of its kind shows again.
import { api } from './client.js';
import { withQuery } from './api.js';
import { store, t } from './state.js';
import { announce, h } from './dom.js';
import {
    CREDIT_NOTICE_TYPES, TRIAL_NOTICE_TYPE, furtherFeed, noticeText, parseDismissed, showsNotices, visibleNotices,
    withDismissed,
} from './notice-rules.js';

const DISMISSED_KEY = 'portal.dismissedNotices';
const EVENT_PAGE = 100;
const feeds = new Map(); // `${subscriptionId}:${type}` -> { after, latest }: where the feed was last read

// Another token may be another account: its feeds are read from the start.
store.subscribe((changed) => {
    if (changed.includes('token')) feeds.clear();
});

/**
 * The newest event of one type for a subscription, or null. The feed reads forward only (ids ascending from
 * `after`), so each type is asked for on its own and the portal remembers where it stopped: a later render asks
 * only for events after the newest one it has seen.
 */
async function latestEvent(subscriptionId, type) {
    const key = `${subscriptionId}:${type}`;
    let { after, latest } = feeds.get(key) || { after: 0, latest: null };
    for (let pages = 0; pages < 50; pages++) {
        const page = await api('GET', withQuery('/v1/events', { subscriptionId, type, after, limit: EVENT_PAGE }));
        if (page.data.length) {
            latest = page.data[page.data.length - 1];
            after = latest.id;
        }
        if (page.data.length < EVENT_PAGE) break;
    }
    feeds.set(key, furtherFeed(feeds.get(key), { after, latest }));
    return feeds.get(key).latest;
}

function dismissedNotices() {
    return parseDismissed(sessionStorage.getItem(DISMISSED_KEY));
}

/** The notices the subscription's status shows now. */
export async function latestNotices(s) {
    if (!showsNotices(s)) return [];
    const read = (type) => latestEvent(s.id, type).catch(() => null); // no notice rather than no card
    const [threshold, exhausted, trial] = await Promise.all([...CREDIT_NOTICE_TYPES, TRIAL_NOTICE_TYPE].map(read));
    return visibleNotices({ threshold, exhausted, trial }, dismissedNotices());
}

export function noticeElement(s, e) {
    const trial = e.type === TRIAL_NOTICE_TYPE;
    const notice = h(
        'div',
        { class: 'notice', role: 'note', 'aria-label': t(trial ? 'trialNotice' : 'creditNotice'), 'data-notice': e.type, 'data-event-id': e.id },
        h('p', { 'data-notice-text': '' }, noticeText(e, store.get('language'), t)),
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
    sessionStorage.setItem(DISMISSED_KEY, JSON.stringify(withDismissed(dismissedNotices(), e.id)));
    notice.remove();
    // The button is gone with its notice: focus moves to the subscription's status heading.
    document.querySelector(`[data-status-for="${CSS.escape(s.id)}"]`)?.focus();
    announce(t('noticeDismissed'));
}
