// Dates and countdowns for people, in UTC (the service's days). Each function takes the language and, where it
// counts from now, the time; no DOM here.

export const DAY_MS = 86_400_000;

/** `2027-01-31T00:00:00Z` → `January 31, 2027` / `2027年1月31日`. */
export function formatDate(language, iso) {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

/** `January 2027` / `2027年1月`. */
export function formatMonth(language, iso) {
    return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(iso));
}

/** A day of the chart (epoch ms): `Jan 5` / `1月5日`. */
export function formatDay(language, ms) {
    return new Intl.DateTimeFormat(language, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(ms));
}

/**
 * An invoice's period [periodStart, periodEnd) as its first and last day, through the `periodRange` text `t` gives
 * (which chooses whether the year shows once or twice).
 */
export function formatPeriod(language, invoice, t) {
    const start = new Date(invoice.periodStart);
    const lastDay = new Date(Date.parse(invoice.periodEnd) - DAY_MS);
    // Not Intl's formatRange: for zh-TW it falls back to all-numeric dates (2027/1/1至2027/1/31).
    const withYear = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' });
    const withoutYear = new Intl.DateTimeFormat(language, { month: 'long', day: 'numeric', timeZone: 'UTC' });
    return t('periodRange', {
        fromDate: withYear.format(start), fromDay: withoutYear.format(start),
        toDate: withYear.format(lastDay), toDay: withoutYear.format(lastDay),
    });
}

/** Whole days left until `trialEndsAt`, counted up (a part day is a day), 0 once it has passed. */
export function daysLeft(trialEndsAt, now) {
    const ms = new Date(trialEndsAt).getTime() - now;
    return ms <= 0 ? 0 : Math.ceil(ms / DAY_MS);
}

/** The card's "Days left in the trial": the text key and its parameters, or 'none' without a trial end. */
export function trialCountdown(trialEndsAt, now) {
    if (!trialEndsAt) return { key: 'none' };
    const days = daysLeft(trialEndsAt, now);
    if (days === 0) return { key: 'trialOver' };
    if (days === 1) return { key: 'oneDayLeft' };
    return { key: 'daysLeft', params: { days } };
}

/**
 * A trial.ending_soon notice's days: as the service saw them when it sent it (its clock, which the sandbox may have
 * moved), at most the notice's mark and at least 1. The browser's clock is not the service's.
 */
export function noticeTrialDays(event) {
    const untilEnd = Math.ceil((new Date(event.data.trialEndsAt).getTime() - new Date(event.occurredAt).getTime()) / DAY_MS);
    return Math.max(1, Math.min(event.data.markDays, untilEnd));
}
