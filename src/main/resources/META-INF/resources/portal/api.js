// The public /v1 API: one fetch wrapper (bearer token, Accept-Language, idempotency keys, problem+json errors),
// query strings, paging and attachment names. No DOM: the wrapper's fetch, token and language come from outside.

export class ApiError extends Error {
    /** `status` 0 is a network failure; `problem` is the RFC 9457 body when the service sent one. */
    constructor(status, problem, message) {
        super(message);
        this.status = status;
        this.problem = problem;
    }
}

/** What a person reads for a failed call: the problem's detail, else its title, else the generic text. */
export function problemMessage(status, problem, t) {
    return (problem && (problem.detail || problem.title)) || t('genericError', { status });
}

/** `path` with the parameters that have a value as its query string, in the order given. */
export function withQuery(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
        if (value !== null && value !== undefined) query.set(name, String(value));
    }
    const text = query.toString();
    return text ? `${path}?${text}` : path;
}

/** A path from literal parts and values, each value percent-encoded: path`/v1/subscriptions/${id}/invoices`. */
export function path(parts, ...values) {
    return parts.reduce((out, part, i) => out + encodeURIComponent(values[i - 1]) + part);
}

/**
 * Every item of a cursor-paged list: `fetchPage(cursor)` answers `{ data, nextCursor }` (cursor null first). Stops
 * at the last page, after `maxPages` pages, or once `maxItems` items are in hand.
 */
export async function allPages(fetchPage, { maxPages = Infinity, maxItems = Infinity } = {}) {
    const items = [];
    let cursor = null;
    for (let pages = 0; pages < maxPages; pages++) {
        const page = await fetchPage(cursor);
        items.push(...page.data);
        cursor = page.nextCursor;
        if (!cursor || items.length >= maxItems) break;
    }
    return items;
}

/** `attachment; filename="INV-000042.pdf"` → `INV-000042.pdf` (RFC 6266's filename* first). */
export function attachmentName(disposition) {
    if (!disposition) return null;
    const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition);
    if (extended) {
        try {
            return decodeURIComponent(extended[1].trim());
        } catch {
            // fall back to the plain filename
        }
    }
    const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/i.exec(disposition);
    return plain ? (plain[1] ?? plain[2]).trim() : null;
}

/** A fresh Idempotency-Key: one per action the person takes, reused when that action is retried. */
export function newKey() {
    return crypto.randomUUID();
}

/**
 * The call function: `call(method, path, { body, idempotencyKey, auth, accept })` answers the JSON body (null when
 * there is none), or, with `accept` (another media type), the Response itself; it throws an ApiError for a failed
 * call. A 401 on an authenticated call also calls `onUnauthorized` (the token is no good any more).
 */
export function createApi({ fetch, token, language, t, onUnauthorized = () => {} }) {
    return async function call(method, url, { body, idempotencyKey, auth = true, accept } = {}) {
        const headers = { Accept: accept || 'application/json', 'Accept-Language': language() };
        const bearer = auth && token();
        if (bearer) headers.Authorization = `Bearer ${bearer}`;
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
        let response;
        try {
            response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        } catch {
            throw new ApiError(0, { detail: t('networkError') }, t('networkError'));
        }
        const type = response.headers.get('Content-Type') || '';
        if (response.ok && accept) return response;
        const payload = type.includes('json') ? await response.json().catch(() => null) : null;
        if (!response.ok) {
            const error = new ApiError(response.status, payload, problemMessage(response.status, payload, t));
            if (response.status === 401 && auth) onUnauthorized();
            throw error;
        }
        return payload;
    };
}
