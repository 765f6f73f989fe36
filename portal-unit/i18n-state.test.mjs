import { test } from 'node:test';
import assert from 'node:assert/strict';
import { load } from './portal.mjs';

const { STRINGS, LANGUAGES, languageFor, translate, ownString } = await load('i18n.js');
const { createStore, store, t } = await load('state.js');

test('both languages have the same keys, and every placeholder of a key in both (but periodRange)', () => {
    assert.deepEqual(LANGUAGES, ['en', 'zh-TW']);
    assert.deepEqual(Object.keys(STRINGS['zh-TW']).sort(), Object.keys(STRINGS.en).sort());
    const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    // periodRange picks its own parts: English writes the year once at the end, Chinese once at the start.
    for (const key of Object.keys(STRINGS.en).filter((k) => k !== 'periodRange')) {
        assert.deepEqual(placeholders(STRINGS['zh-TW'][key]), placeholders(STRINGS.en[key]), key);
    }
});

test('translate fills placeholders, keeps unknown ones, falls back to English and then the key', () => {
    assert.equal(translate('en', 'signedInAs', { account: 'alice' }), 'Signed in as alice');
    assert.equal(translate('zh-TW', 'daysLeft', { days: 3 }), STRINGS['zh-TW'].daysLeft.replace('{days}', '3'));
    assert.equal(translate('en', 'signedInAs'), 'Signed in as {account}');
    assert.equal(translate('fr', 'signOut'), 'Sign out');
    assert.equal(translate('zh-TW', 'no.such.key'), 'no.such.key');
    assert.equal(translate('en', 'genericError', { status: 0 }), 'Something went wrong (HTTP 0).');
    assert.equal(translate('zh-TW', 'genericError', { status: 503 }), '發生錯誤 (HTTP 503)。');
    assert.equal(ownString('zh-TW', 'signOut'), STRINGS['zh-TW'].signOut);
    assert.equal(ownString('zh-TW', 'reason_NO_SUCH_RULE'), undefined);
});

test('languageFor: Traditional Chinese tags to zh-TW, English and everything else to en, first match wins', () => {
    assert.equal(languageFor(['zh-TW']), 'zh-TW');
    assert.equal(languageFor(['zh-HK', 'en']), 'zh-TW');
    assert.equal(languageFor(['zh-Hant-CN']), 'zh-TW');
    assert.equal(languageFor(['zh-CN', 'zh-TW']), 'zh-TW');
    assert.equal(languageFor(['en-GB', 'zh-TW']), 'en');
    assert.equal(languageFor(['fr', 'de']), 'en');
    assert.equal(languageFor([]), 'en');
    assert.equal(languageFor(undefined), 'en');
});

test('the store: named keys only, set changes several at once, listeners hear what changed', () => {
    const s = createStore({ a: 1, b: null });
    const heard = [];
    const stop = s.subscribe((changed) => heard.push(changed));
    s.set({ a: 2, b: 'x' });
    s.set({ a: 2 }); // no change, no call
    s.set({ b: null });
    assert.equal(s.get('a'), 2);
    assert.equal(s.get('b'), null);
    assert.deepEqual(heard, [['a', 'b'], ['b']]);
    assert.throws(() => s.get('c'), /unknown state: c/);
    assert.throws(() => s.set({ c: 1 }), /unknown state: c/);
    stop();
    s.set({ a: 3 });
    assert.equal(heard.length, 2);
});

test('t looks up in the store\'s language', () => {
    store.set({ language: 'zh-TW' });
    assert.equal(t('signOut'), STRINGS['zh-TW'].signOut);
    store.set({ language: 'en' });
    assert.equal(t('signOut'), 'Sign out');
});
