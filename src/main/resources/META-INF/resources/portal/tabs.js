// Tabs: the hash says which panel shows (#subscriptions, #invoices), so the browser's back button and links work.
import { $ } from './dom.js';

export function currentTab() {
    return location.hash === '#invoices' ? 'invoices' : 'subscriptions';
}

export function showTab({ focus = false } = {}) {
    const tab = currentTab();
    for (const link of document.querySelectorAll('[data-tab]')) {
        if (link.dataset.tab === tab) link.setAttribute('aria-current', 'page');
        else link.removeAttribute('aria-current');
    }
    for (const panel of document.querySelectorAll('[data-panel]')) panel.hidden = panel.dataset.panel !== tab;
    if (focus) $(tab).focus();
}
