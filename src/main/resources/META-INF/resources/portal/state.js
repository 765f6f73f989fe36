// The portal's session state in one small store: each module reads and changes it by name, and nothing else is
// shared between modules. Caches (offers, notice feeds) and a view's own state (the open dialog, the chosen
// invoice subscription) stay in the module that owns them. No DOM here.
import { translate } from './i18n.js';

/** A store over a fixed set of keys: `get(key)`, `set({ key: value })`; an unknown key is a bug, so it throws. */
export function createStore(initial) {
    const values = { ...initial };
    const listeners = new Set();
    const known = (key) => {
        if (!Object.hasOwn(values, key)) throw new Error(`unknown state: ${key}`);
    };
    return {
        get(key) {
            known(key);
            return values[key];
        },
        set(patch) {
            const changed = [];
            for (const [key, value] of Object.entries(patch)) {
                known(key);
                if (values[key] !== value) {
                    values[key] = value;
                    changed.push(key);
                }
            }
            if (!changed.length) return;
            for (const listener of listeners) listener(changed);
        },
        /** Called with the changed keys after each `set` that changed something; returns the unsubscribe. */
        subscribe(listener) {
            listeners.add(listener);
            return () => listeners.delete(listener);
        },
    };
}

export const store = createStore({
    language: 'en',
    token: null, // the API's bearer token
    oidc: null, // { issuer, clientId } from /portal/config.json when the portal signs in with a provider
    session: null, // { idToken, refreshToken, timer }: the provider's sign-in, in memory only
});

/** The text of `key` in the current language. */
export function t(key, params) {
    return translate(store.get('language'), key, params);
}
