import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './portal.mjs';

const { ApiError, createApi, problemMessage, withQuery, path, allPages, attachmentName, newKey } = await load('api.js');
const { translate } = await load('i18n.js');

/** A fetch that records each call and answers from `reply(url, init)`: { status, type, body }. */
function fakeFetch(reply) {
    const calls = [];
    const fetch = async (url, init) => {
        calls.push({ url, init });
        const { status = 200, type = 'application/json', body = null, throws } = reply(url, init) ?? {};
        if (throws) throw new TypeError('Failed to fetch');
        return new Response(body === null ? null : typeof body === 'string' ? body : JSON.stringify(body), {
            status,
            headers: type ? { 'Content-Type': type } : {},
        });
    };
    return { fetch, calls };
}

function client(reply, { token = 'tok', language = 'zh-TW' } = {}) {
    const { fetch, calls } = fakeFetch(reply);
    const unauthorized = [];
    const call = createApi({
        fetch,
        token: () => token,
        language: () => language,
        t: (key, params) => translate(language, key, params),
        onUnauthorized: () => unauthorized.push(true),
    });
    return { call, calls, unauthorized };
}

test('a call sends the token, the language, JSON and the idempotency key, and answers the JSON body', async () => {
    const { call, calls } = client(() => ({ status: 201, body: { id: 'sub_1' } }));
    const created = await call('POST', '/v1/subscriptions', { body: { offerId: 'free' }, idempotencyKey: 'key-1' });
    assert.deepEqual(created, { id: 'sub_1' });
    assert.equal(calls.length, 1);
    assert.equal(calls[0].url, '/v1/subscriptions');
    assert.equal(calls[0].init.method, 'POST');
    assert.deepEqual(calls[0].init.headers, {
        Accept: 'application/json',
        'Accept-Language': 'zh-TW',
        Authorization: 'Bearer tok',
        'Content-Type': 'application/json',
        'Idempotency-Key': 'key-1',
    });
    assert.equal(calls[0].init.body, '{"offerId":"free"}');
});

test('without a body, a token or auth: no such headers', async () => {
    const { call, calls } = client(() => ({ body: { ok: true } }), { token: null, language: 'en' });
    await call('GET', '/v1/offers');
    assert.deepEqual(calls[0].init.headers, { Accept: 'application/json', 'Accept-Language': 'en' });
    assert.equal(calls[0].init.body, undefined);
    const withToken = client(() => ({ body: {} }));
    await withToken.call('POST', '/v1/sandbox/tokens', { body: {}, auth: false });
    assert.equal(withToken.calls[0].init.headers.Authorization, undefined);
});

test('a problem+json answer is an ApiError with its detail, else its title, else the generic text', async () => {
    const problem = { type: 'about:blank', title: 'Conflict', status: 409, detail: 'Already upgraded' };
    const detail = client(() => ({ status: 409, type: 'application/problem+json', body: problem }));
    await assert.rejects(detail.call('POST', '/v1/x'), (e) => {
        assert.ok(e instanceof ApiError);
        assert.equal(e.status, 409);
        assert.deepEqual(e.problem, problem);
        assert.equal(e.message, 'Already upgraded');
        return true;
    });
    const title = client(() => ({ status: 422, type: 'application/problem+json', body: { title: 'Unprocessable' } }));
    await assert.rejects(title.call('GET', '/v1/x'), { status: 422, message: 'Unprocessable' });
    const html = client(() => ({ status: 502, type: 'text/html', body: '<h1>Bad gateway</h1>' }));
    await assert.rejects(html.call('GET', '/v1/x'), { status: 502, problem: null, message: '發生錯誤 (HTTP 502)。' });
    const broken = client(() => ({ status: 500, type: 'application/problem+json', body: '{not json' }));
    await assert.rejects(broken.call('GET', '/v1/x'), { status: 500, problem: null, message: '發生錯誤 (HTTP 500)。' });
});

test('a 401 on an authenticated call signs out; on a call without auth it does not', async () => {
    const expired = client(() => ({ status: 401, type: 'application/problem+json', body: { title: 'Unauthorized' } }));
    await assert.rejects(expired.call('GET', '/v1/subscriptions'), { status: 401 });
    assert.equal(expired.unauthorized.length, 1);
    await assert.rejects(expired.call('POST', '/v1/sandbox/tokens', { auth: false }), { status: 401 });
    assert.equal(expired.unauthorized.length, 1);
    const forbidden = client(() => ({ status: 403, type: 'application/problem+json', body: { title: 'Forbidden' } }));
    await assert.rejects(forbidden.call('GET', '/v1/x'), { status: 403 });
    assert.equal(forbidden.unauthorized.length, 0);
});

test('a network failure is status 0 with the network text', async () => {
    const { call } = client(() => ({ throws: true }));
    await assert.rejects(call('GET', '/v1/x'), (e) => {
        assert.equal(e.status, 0);
        assert.equal(e.message, translate('zh-TW', 'networkError'));
        assert.deepEqual(e.problem, { detail: translate('zh-TW', 'networkError') });
        return true;
    });
});

test('with accept, a success is the Response itself (a file), a failure still an ApiError', async () => {
    const ok = client(() => ({ type: 'application/pdf', body: '%PDF-1.7' }));
    const response = await ok.call('GET', '/v1/invoices/inv_1', { accept: 'application/pdf' });
    assert.equal(ok.calls[0].init.headers.Accept, 'application/pdf');
    assert.equal(await response.text(), '%PDF-1.7');
    const missing = client(() => ({ status: 404, type: 'application/problem+json', body: { detail: 'No such invoice' } }));
    await assert.rejects(missing.call('GET', '/v1/invoices/x', { accept: 'text/csv' }), { status: 404, message: 'No such invoice' });
});

test('a success without JSON answers null', async () => {
    const { call } = client(() => ({ status: 204, type: null }));
    assert.equal(await call('POST', '/v1/upgrade-requests/r/cancel'), null);
});

test('problemMessage', () => {
    const t = (key, params) => translate('en', key, params);
    assert.equal(problemMessage(409, { detail: 'd', title: 'T' }, t), 'd');
    assert.equal(problemMessage(409, { title: 'T' }, t), 'T');
    assert.equal(problemMessage(409, {}, t), 'Something went wrong (HTTP 409).');
    assert.equal(problemMessage(500, null, t), 'Something went wrong (HTTP 500).');
});

test('request URLs: values percent-encoded in paths, unset query parameters left out', () => {
    assert.equal(path`/v1/subscriptions/${'a/b c'}/invoices`, '/v1/subscriptions/a%2Fb%20c/invoices');
    assert.equal(path`/v1/offers/${'free-trial'}`, '/v1/offers/free-trial');
    assert.equal(withQuery('/v1/subscriptions', { limit: 100, cursor: null }), '/v1/subscriptions?limit=100');
    assert.equal(withQuery('/v1/subscriptions', { limit: 100, cursor: 'c&d=1' }), '/v1/subscriptions?limit=100&cursor=c%26d%3D1');
    assert.equal(
        withQuery('/v1/events', { subscriptionId: 's1', type: 'credit.exhausted', after: 0, limit: 100 }),
        '/v1/events?subscriptionId=s1&type=credit.exhausted&after=0&limit=100',
    );
    assert.equal(withQuery('/v1/x', { a: undefined }), '/v1/x');
});

test('allPages follows the cursor to the last page, or stops at the page or item cap', async () => {
    const pages = { null: { data: [1, 2], nextCursor: 'b' }, b: { data: [3, 4], nextCursor: 'c' }, c: { data: [5], nextCursor: null } };
    const asked = [];
    const fetchPage = async (cursor) => {
        asked.push(cursor);
        return pages[cursor];
    };
    assert.deepEqual(await allPages(fetchPage), [1, 2, 3, 4, 5]);
    assert.deepEqual(asked, [null, 'b', 'c']);
    assert.deepEqual(await allPages(fetchPage, { maxPages: 2 }), [1, 2, 3, 4]);
    assert.deepEqual(await allPages(fetchPage, { maxItems: 3 }), [1, 2, 3, 4]);
    assert.deepEqual(await allPages(async () => ({ data: [], nextCursor: null })), []);
});

test('attachmentName: filename* first, then the plain filename, quoted or not', () => {
    assert.equal(attachmentName('attachment; filename="INV-000042.pdf"'), 'INV-000042.pdf');
    assert.equal(attachmentName('attachment; filename=INV-000042.csv'), 'INV-000042.csv');
    assert.equal(attachmentName(`attachment; filename="INV.pdf"; filename*=UTF-8''%E5%B8%B3%E5%96%AE.pdf`), '帳單.pdf');
    assert.equal(attachmentName(`attachment; filename*=UTF-8''%E0%A4%A; filename="fallback.pdf"`), 'fallback.pdf');
    assert.equal(attachmentName('attachment'), null);
    assert.equal(attachmentName(null), null);
});

test('newKey: a fresh UUID each time', () => {
    const a = newKey();
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(newKey(), a);
});
