// Tokens and the OpenID Connect flow's checks, without I/O or DOM: what a JWT says, the provider's URLs, whether an
// ID token belongs to this sign-in.

/** A JWT's claims, unverified: the portal only reads them (the service verifies the token); null if unreadable. */
export function claimsOf(token) {
    try {
        const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
        return JSON.parse(decodeURIComponent(escape(atob(payload))));
    } catch {
        return null;
    }
}

/** The account a token signs in, as the portal shows it: its `sub`, or `?`. */
export function accountOf(token) {
    return claimsOf(token)?.sub || '?';
}

export function base64url(bytes) {
    return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** An endpoint with more query parameters: the provider's endpoint may already carry some. */
export function endpointWith(endpoint, params) {
    return `${endpoint}${endpoint.includes('?') ? '&' : '?'}${new URLSearchParams(params)}`;
}

/** The discovery document is the configured issuer's and names the endpoints the flow needs. */
export function providerFits(metadata, issuer) {
    return Boolean(metadata && metadata.issuer === issuer && metadata.authorization_endpoint && metadata.token_endpoint);
}

/** The address is the provider's redirect back (?code=...&state=... or ?error=...&state=...). */
export function isCallback(params) {
    return params.has('state') && (params.has('code') || params.has('error'));
}

/**
 * What is wrong with the redirect back, as a text key and its parameters (state or iss not this flow's, or the
 * provider's error), or null when the code can be exchanged.
 */
export function callbackProblem(params, flow, issuer) {
    if (!flow || params.get('state') !== flow.state) return { key: 'oidcStateMismatch' };
    if (params.has('iss') && params.get('iss') !== issuer) return { key: 'oidcStateMismatch' };
    if (params.has('error')) return { key: 'oidcRefused', params: { error: params.get('error') } };
    return null;
}

/**
 * From the token endpoint over the connection the browser checked, the ID token's signature need not be checked
 * (OIDC Core 3.1.3.7); its claims must say it is this sign-in's (nonce), for this client, from this issuer.
 */
export function idTokenFits(claims, { issuer, clientId, nonce }) {
    if (!claims) return false;
    const audience = [].concat(claims.aud);
    return claims.iss === issuer && audience.includes(clientId) && claims.nonce === nonce;
}

const RENEW_BEFORE_MS = 30_000; // renew this long before the access token expires

/**
 * An access token's lifetime and when to renew it (ms from now): 30 s before it expires, or halfway through a
 * short-lived one; null when the provider gives no expiry.
 */
export function renewDelay(expiresIn) {
    const lifetime = Number(expiresIn) > 0 ? Number(expiresIn) * 1000 : null;
    return lifetime && { lifetime, renewAt: Math.max(lifetime - RENEW_BEFORE_MS, lifetime / 2) };
}
