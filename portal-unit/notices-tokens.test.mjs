import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './portal.mjs';

const { showsNotices, visibleNotices, parseDismissed, withDismissed, noticeText, furtherFeed, CREDIT_NOTICE_TYPES, TRIAL_NOTICE_TYPE } =
    await load('notice-rules.js');
const { claimsOf, accountOf, base64url, endpointWith, providerFits, isCallback, callbackProblem, idTokenFits, renewDelay } =
    await load('tokens.js');
const { translate } = await load('i18n.js');

test('notices show only while a subscription runs on its benefits', () => {
    assert.equal(showsNotices({ state: 'ACTIVE', spendingLimit: 'ON' }), true);
    assert.equal(showsNotices({ state: 'ACTIVE', spendingLimit: 'OFF' }), false);
    assert.equal(showsNotices({ state: 'DISABLED', spendingLimit: 'ON' }), false);
    assert.deepEqual(CREDIT_NOTICE_TYPES, ['credit.threshold_reached', 'credit.exhausted']);
    assert.equal(TRIAL_NOTICE_TYPE, 'trial.ending_soon');
});

test('the newest credit notice of either kind and the trial notice, less the dismissed', () => {
    const threshold = { id: 7, type: 'credit.threshold_reached' };
    const exhausted = { id: 9, type: 'credit.exhausted' };
    const trial = { id: 8, type: 'trial.ending_soon' };
    assert.deepEqual(visibleNotices({ threshold, exhausted, trial }, []), [exhausted, trial]);
    assert.deepEqual(visibleNotices({ threshold: { ...threshold, id: 10 }, exhausted, trial }, []), [{ ...threshold, id: 10 }, trial]);
    assert.deepEqual(visibleNotices({ threshold, exhausted: null, trial: null }, []), [threshold]);
    assert.deepEqual(visibleNotices({ threshold, exhausted, trial }, ['9']), [trial]);
    assert.deepEqual(visibleNotices({ threshold: null, exhausted: null, trial: null }, []), []);
});

test('dismissed ids: stored as a JSON array, anything else is none; at most 200, newest last', () => {
    assert.deepEqual(parseDismissed('[1,"2"]'), ['1', '2']);
    assert.deepEqual(parseDismissed(null), []);
    assert.deepEqual(parseDismissed('{"a":1}'), []);
    assert.deepEqual(parseDismissed('not json'), []);
    assert.deepEqual(withDismissed(['1', '2'], 1), ['2', '1']);
    const many = Array.from({ length: 200 }, (_, i) => String(i));
    const next = withDismissed(many, 500);
    assert.equal(next.length, 200);
    assert.equal(next[0], '1');
    assert.equal(next[199], '500');
});

test('notice sentences in both languages, money exact to the cent', () => {
    const threshold = {
        type: 'credit.threshold_reached',
        data: { thresholdPercent: 90, creditRemaining: { amount: '5.0050000000000000', currency: 'USD' }, creditOriginal: { amount: '50', currency: 'USD' } },
    };
    const en = (k, p) => translate('en', k, p);
    const zh = (k, p) => translate('zh-TW', k, p);
    assert.equal(noticeText(threshold, 'en', en), en('noticeCreditThreshold', { percent: '90%', remaining: 'USD\u00a05.01', original: 'USD\u00a050.00' }));
    assert.match(noticeText(threshold, 'en', en), /90%.*USD\u00a05\.01.*USD\u00a050\.00/);
    const exhausted = { type: 'credit.exhausted', data: { original: { amount: '50', currency: 'USD' } } };
    assert.equal(noticeText(exhausted, 'zh-TW', zh), zh('noticeCreditExhausted', { amount: 'USD\u00a050.00' }));
    const trial = (markDays, occurredAt) => ({ type: 'trial.ending_soon', occurredAt, data: { markDays, trialEndsAt: '2027-01-31T00:00:00Z' } });
    assert.equal(noticeText(trial(7, '2027-01-24T00:00:00Z'), 'en', en), en('noticeTrialEnding', { days: 7, date: 'January 31, 2027' }));
    assert.equal(noticeText(trial(1, '2027-01-30T00:00:00Z'), 'zh-TW', zh), zh('noticeTrialEndingOneDay', { days: 1, date: '2027年1月31日' }));
});

test('of two reads of one feed, the one that got further is kept', () => {
    assert.deepEqual(furtherFeed(undefined, { after: 3, latest: 'c' }), { after: 3, latest: 'c' });
    assert.deepEqual(furtherFeed({ after: 5, latest: 'e' }, { after: 3, latest: 'c' }), { after: 5, latest: 'e' });
    assert.deepEqual(furtherFeed({ after: 3, latest: 'c' }, { after: 5, latest: 'e' }), { after: 5, latest: 'e' });
});

const jwt = (claims) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

test('a JWT\'s claims, read (not verified), UTF-8 and base64url; the account is its sub', () => {
    assert.deepEqual(claimsOf(jwt({ sub: 'alice', name: '王小明' })), { sub: 'alice', name: '王小明' });
    assert.equal(accountOf(jwt({ sub: 'bob' })), 'bob');
    assert.equal(accountOf(jwt({ iss: 'x' })), '?');
    assert.equal(claimsOf('not-a-jwt'), null);
    assert.equal(claimsOf(''), null);
    assert.equal(base64url(new Uint8Array([251, 255, 191])), '-_-_');
    assert.equal(base64url(new Uint8Array([1])), 'AQ');
});

test('the provider: discovery must be the issuer\'s; endpoints keep their own query', () => {
    const metadata = { issuer: 'https://id.example/realms/r', authorization_endpoint: 'https://id.example/auth', token_endpoint: 'https://id.example/token' };
    assert.equal(providerFits(metadata, 'https://id.example/realms/r'), true);
    assert.equal(providerFits(metadata, 'https://id.example/realms/r/'), false);
    assert.equal(providerFits({ ...metadata, token_endpoint: undefined }, metadata.issuer), false);
    assert.equal(providerFits(null, metadata.issuer), false);
    assert.equal(endpointWith('https://id.example/auth', { a: '1 2', b: 'x' }), 'https://id.example/auth?a=1+2&b=x');
    assert.equal(endpointWith('https://id.example/auth?tenant=t', { a: '1' }), 'https://id.example/auth?tenant=t&a=1');
});

test('the redirect back: only with state and a code or an error; state and iss must be this flow\'s', () => {
    const q = (text) => new URLSearchParams(text);
    assert.equal(isCallback(q('code=c&state=s')), true);
    assert.equal(isCallback(q('error=access_denied&state=s')), true);
    assert.equal(isCallback(q('code=c')), false);
    assert.equal(isCallback(q('')), false);
    const flow = { state: 's', nonce: 'n', verifier: 'v' };
    const issuer = 'https://id.example/realms/r';
    assert.equal(callbackProblem(q('code=c&state=s'), flow, issuer), null);
    assert.equal(callbackProblem(q(`code=c&state=s&iss=${encodeURIComponent(issuer)}`), flow, issuer), null);
    assert.deepEqual(callbackProblem(q('code=c&state=other'), flow, issuer), { key: 'oidcStateMismatch' });
    assert.deepEqual(callbackProblem(q('code=c&state=s'), null, issuer), { key: 'oidcStateMismatch' });
    assert.deepEqual(callbackProblem(q('code=c&state=s&iss=https://evil.example'), flow, issuer), { key: 'oidcStateMismatch' });
    assert.deepEqual(callbackProblem(q('error=access_denied&state=s'), flow, issuer), { key: 'oidcRefused', params: { error: 'access_denied' } });
});

test('an ID token fits this sign-in only with its issuer, this client among its audiences, and the nonce', () => {
    const expected = { issuer: 'https://id.example/realms/r', clientId: 'portal', nonce: 'n1' };
    const claims = { iss: expected.issuer, aud: 'portal', nonce: 'n1' };
    assert.equal(idTokenFits(claims, expected), true);
    assert.equal(idTokenFits({ ...claims, aud: ['api', 'portal'] }, expected), true);
    assert.equal(idTokenFits({ ...claims, aud: ['api'] }, expected), false);
    assert.equal(idTokenFits({ ...claims, nonce: 'n2' }, expected), false);
    assert.equal(idTokenFits({ ...claims, iss: 'https://id.example/realms/other' }, expected), false);
    assert.equal(idTokenFits(null, expected), false);
});

test('renewal: 30 s before expiry, halfway through a token shorter than a minute, none without expiry', () => {
    assert.deepEqual(renewDelay(300), { lifetime: 300_000, renewAt: 270_000 });
    assert.deepEqual(renewDelay('300'), { lifetime: 300_000, renewAt: 270_000 });
    assert.deepEqual(renewDelay(40), { lifetime: 40_000, renewAt: 20_000 });
    assert.equal(renewDelay(undefined), null);
    assert.equal(renewDelay(0), null);
});
