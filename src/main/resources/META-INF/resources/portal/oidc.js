// Sign-in with the OpenID Connect provider: authorization code flow with PKCE (a public client, no secret).
// Only state, nonce and code_verifier cross the redirect (sessionStorage, removed on the way back); the tokens are
// kept in this page's memory, so a reload signs in again (without a password while the provider's session lasts).
import { store, t } from './state.js';
import { $, showError } from './dom.js';
import { signOut } from './signin.js';
import {
    accountOf, base64url, callbackProblem, claimsOf, endpointWith, idTokenFits, isCallback, providerFits, renewDelay,
} from './tokens.js';

const OIDC_FLOW_KEY = 'portal.oidcFlow'; // state, nonce and code_verifier across the provider's redirect, no token

class OidcError extends Error {}

let showView = () => {};
let discovery = null; // Promise of the provider's discovery document

/** The view to show when a renewed token is another account's (app.js's). */
export function initOidc({ show }) {
    showView = show;
}

function portalUrl() {
    return `${location.origin}/portal/`;
}

function randomString() {
    return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

async function s256(text) {
    return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
}

/** The provider's endpoints, from its discovery document, once per page. */
function provider() {
    if (!discovery) {
        const { issuer } = store.get('oidc');
        discovery = (async () => {
            let metadata;
            try {
                const response = await fetch(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`);
                if (!response.ok) throw new Error(String(response.status));
                metadata = await response.json();
            } catch {
                throw new OidcError(t('oidcUnreachable'));
            }
            if (!providerFits(metadata, issuer)) throw new OidcError(t('oidcMisconfigured'));
            return metadata;
        })();
        discovery.catch(() => {
            discovery = null; // try again on the next click
        });
    }
    return discovery;
}

/** A form POST to the token endpoint; the provider's error code, if any, goes into the message. */
async function tokenRequest(params) {
    const { token_endpoint: endpoint } = await provider();
    let response;
    try {
        response = await fetch(endpoint, { method: 'POST', body: new URLSearchParams({ client_id: store.get('oidc').clientId, ...params }) });
    } catch {
        throw new OidcError(t('oidcUnreachable'));
    }
    const payload = await response.json().catch(() => null);
    if (!response.ok || !payload || !payload.access_token) {
        throw new OidcError(t('oidcRefused', { error: (payload && payload.error) || response.status }));
    }
    return payload;
}

export async function oidcSignIn(event) {
    event.preventDefault();
    showError('sign-in-error', '');
    const button = $('oidc-sign-in').querySelector('button');
    button.disabled = true;
    try {
        const { authorization_endpoint: endpoint } = await provider();
        const flow = { state: randomString(), nonce: randomString(), verifier: randomString(), hash: location.hash };
        sessionStorage.setItem(OIDC_FLOW_KEY, JSON.stringify(flow));
        location.assign(endpointWith(endpoint, {
            response_type: 'code',
            client_id: store.get('oidc').clientId,
            redirect_uri: portalUrl(),
            scope: 'openid',
            state: flow.state,
            nonce: flow.nonce,
            code_challenge: await s256(flow.verifier),
            code_challenge_method: 'S256',
            ui_locales: store.get('language'),
        }));
    } catch (e) {
        showError('sign-in-error', e.message);
        button.disabled = false;
    }
}

/** Back from the provider (?code=...&state=... or ?error=...): check state, exchange the code, forget the flow. */
export async function completeOidcSignIn() {
    const params = new URLSearchParams(location.search);
    if (!isCallback(params)) return;
    const flow = JSON.parse(sessionStorage.getItem(OIDC_FLOW_KEY) || 'null');
    sessionStorage.removeItem(OIDC_FLOW_KEY);
    // The code leaves the address bar (and the history) at once, whatever happens next.
    history.replaceState(null, '', `${location.pathname}${(flow && flow.hash) || ''}`);
    const { issuer, clientId } = store.get('oidc');
    try {
        const problem = callbackProblem(params, flow, issuer);
        if (problem) throw new OidcError(t(problem.key, problem.params));
        const tokens = await tokenRequest({
            grant_type: 'authorization_code',
            code: params.get('code'),
            redirect_uri: portalUrl(),
            code_verifier: flow.verifier,
        });
        if (!idTokenFits(claimsOf(tokens.id_token || ''), { issuer, clientId, nonce: flow.nonce })) {
            throw new OidcError(t('oidcInvalidToken'));
        }
        startSession(tokens);
    } catch (e) {
        showError('sign-in-error', e.message);
    }
}

function startSession(tokens) {
    const previous = store.get('session');
    if (previous) clearTimeout(previous.timer);
    const session = {
        idToken: tokens.id_token || previous?.idToken,
        refreshToken: tokens.refresh_token || null,
        timer: null,
    };
    const expiry = renewDelay(tokens.expires_in);
    if (expiry) {
        session.timer = session.refreshToken
            ? setTimeout(renewSession, expiry.renewAt)
            : setTimeout(() => signOut(t('sessionExpired')), expiry.lifetime);
    }
    store.set({ session, token: tokens.access_token });
}

/** Before the access token expires: a new one with the refresh token, or sign in again if the provider says no. */
async function renewSession() {
    try {
        const tokens = await tokenRequest({ grant_type: 'refresh_token', refresh_token: store.get('session').refreshToken });
        const account = accountOf(store.get('token'));
        startSession(tokens);
        if (accountOf(store.get('token')) !== account) showView();
    } catch {
        signOut(t('sessionExpired'));
    }
}

/** Sign out here, then at the provider too when it can end its session (else its next sign-in needs no password). */
export async function signOutEverywhere() {
    const session = store.get('session');
    signOut();
    if (!session || !store.get('oidc')) return;
    try {
        const { end_session_endpoint: endpoint } = await provider();
        if (!endpoint) return;
        location.assign(endpointWith(endpoint, {
            id_token_hint: session.idToken,
            post_logout_redirect_uri: portalUrl(),
            client_id: store.get('oidc').clientId,
        }));
    } catch (e) {
        showError('sign-in-error', e.message);
    }
}

/** The portal's settings; none (sandbox or pasted token) when the service does not say. */
export async function portalConfig() {
    try {
        const response = await fetch('/portal/config.json', { headers: { Accept: 'application/json' } });
        return response.ok ? (await response.json()).oidc || null : null;
    } catch {
        return null;
    }
}
