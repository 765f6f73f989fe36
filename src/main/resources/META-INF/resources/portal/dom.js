// Small DOM helpers. textContent only: nothing from the API is parsed as HTML.

export const $ = (id) => document.getElementById(id);

function append(el, children) {
    for (const child of children.flat()) {
        if (child !== null && child !== undefined && child !== false) {
            el.append(child instanceof Node ? child : document.createTextNode(String(child)));
        }
    }
    return el;
}

/** An element: `on...` attributes are listeners, `class` the class name; null, undefined and false are left out. */
export function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
        if (value === undefined || value === null || value === false) continue;
        if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
        else if (name === 'class') el.className = value;
        else el.setAttribute(name, value === true ? '' : value);
    }
    return append(el, children);
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element; every attribute that has a value is set as text. */
export function svg(tag, attrs = {}, ...children) {
    const el = document.createElementNS(SVG_NS, tag);
    for (const [name, value] of Object.entries(attrs)) {
        if (value !== undefined && value !== null) el.setAttribute(name, String(value));
    }
    return append(el, children);
}

/** The message in the error box `id`, shown; an empty message hides it. */
export function showError(id, message) {
    const el = $(id);
    el.textContent = message || '';
    el.hidden = !message;
}

/** Says `message` to screen readers through the polite live region. */
export function announce(message) {
    const el = $('announcer');
    el.textContent = '';
    // A fresh text node so screen readers announce repeated messages too.
    setTimeout(() => {
        el.textContent = message;
    }, 50);
}
