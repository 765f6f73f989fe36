// Signing in without a provider (the sandbox's dev sign-in, a pasted token) and signing out. The token lives in the
// store; the sandbox's and a pasted one also in sessionStorage, so they survive a reload.
import { api } from './client.js';
import { store, t } from './state.js';
import { $, showError } from './dom.js';

export const TOKEN_KEY = 'portal.token'; // the sandbox's and the pasted token only; a provider's tokens stay in memory

let showView = () => {};

/** The view to show after signing in or out (app.js's). */
export function initSignIn({ show }) {
    showView = show;
}

/** `remember`: the sandbox's and a pasted token survive a reload (sessionStorage); a provider's never do. */
export function signIn(token, { remember = true } = {}) {
    store.set({ token });
    if (remember) sessionStorage.setItem(TOKEN_KEY, token);
    showView();
}

export function signOut(message) {
    const session = store.get('session');
    if (session) clearTimeout(session.timer);
    store.set({ token: null, session: null });
    sessionStorage.removeItem(TOKEN_KEY);
    showView();
    if (message) showError('sign-in-error', message);
}

/** The dev sign-in exists only in sandbox mode: an empty body is a 400 there, and a 404 everywhere else. */
export async function probeSandbox() {
    try {
        await api('POST', '/v1/sandbox/tokens', { body: {}, auth: false });
        return true;
    } catch (e) {
        return e.status === 400;
    }
}

export async function devSignIn(event) {
    event.preventDefault();
    showError('sign-in-error', '');
    const accountId = $('account-id').value.trim();
    if (!accountId) {
        showError('sign-in-error', t('accountRequired'));
        $('account-id').focus();
        return;
    }
    try {
        const { token } = await api('POST', '/v1/sandbox/tokens', {
            body: { accountId, roles: ['customer'] },
            auth: false,
        });
        signIn(token);
    } catch (e) {
        showError('sign-in-error', e.message);
    }
}

export function tokenSignIn(event) {
    event.preventDefault();
    showError('sign-in-error', '');
    const token = $('bearer-token').value.trim().replace(/^Bearer\s+/i, '');
    if (!token) {
        showError('sign-in-error', t('tokenRequired'));
        $('bearer-token').focus();
        return;
    }
    $('bearer-token').value = '';
    signIn(token);
}
