// The API as the portal's views call it: one call function bound to the store's token and language, and the
// offers, cached per language (their names are translated).
import { createApi, path } from './api.js';
import { store, t } from './state.js';

let unauthorized = () => {};

export const api = createApi({
    fetch: (url, init) => fetch(url, init),
    token: () => store.get('token'),
    language: () => store.get('language'),
    t,
    onUnauthorized: () => unauthorized(),
});

/** What a 401 on an authenticated call does (sign out): set once by app.js, which knows the views. */
export function whenUnauthorized(handler) {
    unauthorized = handler;
}

const offers = new Map(); // `${language}:${offerId}` -> Promise of the Offer

export async function offer(id) {
    const key = `${store.get('language')}:${id}`;
    if (!offers.has(key)) {
        offers.set(key, api('GET', path`/v1/offers/${id}`).catch((e) => {
            offers.delete(key);
            throw e;
        }));
    }
    return offers.get(key);
}

/** The offer's name in the current language, or its id when it cannot be read. */
export async function offerName(id) {
    try {
        return (await offer(id)).name;
    } catch {
        return id;
    }
}

/** Offers read in a list, so the cards need not ask for them one by one. */
export function rememberOffers(list) {
    for (const o of list) offers.set(`${store.get('language')}:${o.id}`, Promise.resolve(o));
}
