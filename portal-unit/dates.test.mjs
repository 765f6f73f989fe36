import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './portal.mjs';

const { DAY_MS, formatDate, formatMonth, formatDay, formatPeriod, daysLeft, trialCountdown, noticeTrialDays } =
    await load('dates.js');
const { translate } = await load('i18n.js');

test('dates in UTC, in each language', () => {
    // 23:30 UTC is already the next day east of UTC: the service's day is the UTC one.
    assert.equal(formatDate('en', '2027-01-31T23:30:00Z'), 'January 31, 2027');
    assert.equal(formatDate('zh-TW', '2027-01-31T23:30:00Z'), '2027年1月31日');
    assert.equal(formatMonth('en', '2027-02-01T00:00:00Z'), 'February 2027');
    assert.equal(formatMonth('zh-TW', '2027-02-01T00:00:00Z'), '2027年2月');
    assert.equal(formatDay('en', Date.parse('2027-01-05T00:00:00Z')), 'Jan 5');
    assert.equal(formatDay('zh-TW', Date.parse('2027-01-05T00:00:00Z')), '1月5日');
});

test('an invoice period shows its first and last day (the end is exclusive)', () => {
    const invoice = { periodStart: '2027-01-01T00:00:00Z', periodEnd: '2027-02-01T00:00:00Z' };
    assert.equal(formatPeriod('en', invoice, (k, p) => translate('en', k, p)), 'January 1 – January 31, 2027');
    assert.equal(formatPeriod('zh-TW', invoice, (k, p) => translate('zh-TW', k, p)), '2027年1月1日至1月31日');
    const yearEnd = { periodStart: '2026-12-01T00:00:00Z', periodEnd: '2027-01-01T00:00:00Z' };
    assert.equal(formatPeriod('en', yearEnd, (k, p) => translate('en', k, p)), 'December 1 – December 31, 2026');
});

test('days left count a part day as a day, and none once the trial is over', () => {
    const now = Date.parse('2027-01-01T12:00:00Z');
    assert.equal(daysLeft('2027-01-31T12:00:00Z', now), 30);
    assert.equal(daysLeft('2027-01-31T12:00:01Z', now), 31);
    assert.equal(daysLeft('2027-01-01T12:00:01Z', now), 1);
    assert.equal(daysLeft('2027-01-01T12:00:00Z', now), 0);
    assert.equal(daysLeft('2026-12-01T00:00:00Z', now), 0);
    assert.deepEqual(trialCountdown('2027-01-31T12:00:00Z', now), { key: 'daysLeft', params: { days: 30 } });
    assert.deepEqual(trialCountdown('2027-01-02T00:00:00Z', now), { key: 'oneDayLeft' });
    assert.deepEqual(trialCountdown('2027-01-01T00:00:00Z', now), { key: 'trialOver' });
    assert.deepEqual(trialCountdown(null, now), { key: 'none' });
});

test('a trial notice counts days on the service\'s clock, between 1 and its mark', () => {
    const notice = (occurredAt, trialEndsAt, markDays) => ({ occurredAt, data: { trialEndsAt, markDays } });
    assert.equal(noticeTrialDays(notice('2027-01-24T00:00:00Z', '2027-01-31T00:00:00Z', 7)), 7);
    // Sent a little late: 6.5 days left still reads as the mark, never more.
    assert.equal(noticeTrialDays(notice('2027-01-24T12:00:00Z', '2027-01-31T00:00:00Z', 7)), 7);
    assert.equal(noticeTrialDays(notice('2027-01-22T00:00:00Z', '2027-01-31T00:00:00Z', 7)), 7);
    assert.equal(noticeTrialDays(notice('2027-01-28T00:00:00Z', '2027-01-31T00:00:00Z', 7)), 3);
    assert.equal(noticeTrialDays(notice('2027-01-31T06:00:00Z', '2027-01-31T00:00:00Z', 1)), 1);
    assert.equal(DAY_MS, 86_400_000);
});
