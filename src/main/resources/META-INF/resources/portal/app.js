// The account portal: plain ES modules, no build step. Talks only to the public /v1 API with a bearer token, and to
// the OpenID Connect provider when the service names one (/portal/config.json). This module wires the page: the
// language, which view shows, and the page's event listeners; each tab and the sign-in live in modules of their own.
import { LANGUAGES, languageFor } from './i18n.js';
import { store, t } from './state.js';
import { whenUnauthorized } from './client.js';
import { $, showError } from './dom.js';
import { TOKEN_KEY, devSignIn, initSignIn, probeSandbox, signOut, tokenSignIn } from './signin.js';
import { completeOidcSignIn, initOidc, oidcSignIn, portalConfig, signOutEverywhere } from './oidc.js';
import { accountOf } from './tokens.js';
import { createSubscription, renderOfferChoices, renderSubscriptions } from './subscriptions.js';
import { chooseInvoiceSubscription, renderInvoices } from './invoices.js';
import { closeUpgradeDialog, confirmUpgrade, trapFocus } from './upgrade-dialog.js';
import { currentTab, showTab } from './tabs.js';

const LANGUAGE_KEY = 'portal.language';

function chooseLanguage() {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    if (LANGUAGES.includes(saved)) return saved;
    return languageFor(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
}

function applyStaticStrings() {
    document.documentElement.lang = store.get('language');
    document.title = t('brand');
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-aria-label]')) {
        el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
    }
    $('language').value = store.get('language');
}

/** The sign-in view or the portal, as the token says; the portal's open tab is drawn afresh. */
async function showView() {
    const token = store.get('token');
    const signedIn = Boolean(token);
    $('sign-in-view').hidden = signedIn;
    $('portal-view').hidden = !signedIn;
    $('sign-out').hidden = !signedIn;
    $('signed-in-as').hidden = !signedIn;
    if (signedIn) {
        $('signed-in-as').textContent = t('signedInAs', { account: accountOf(token) });
        showError('sign-in-error', '');
        showTab();
        await Promise.all([renderSubscriptions(), renderOfferChoices(), currentTab() === 'invoices' ? renderInvoices() : null]);
    } else if (store.get('oidc')) {
        $('oidc-sign-in').hidden = false;
        $('token-sign-in').hidden = true;
    } else {
        $('dev-sign-in').hidden = !(await probeSandbox());
    }
}

async function start() {
    store.set({ language: chooseLanguage(), token: sessionStorage.getItem(TOKEN_KEY) });
    initSignIn({ show: showView });
    initOidc({ show: showView });
    whenUnauthorized(() => signOut(t('sessionExpired')));
    applyStaticStrings();
    window.addEventListener('hashchange', () => {
        if (!store.get('token')) return;
        showTab({ focus: true });
        if (currentTab() === 'invoices') renderInvoices();
    });
    $('invoice-subscription').addEventListener('change', (e) => {
        chooseInvoiceSubscription(e.target.value);
        renderInvoices();
    });
    $('language').addEventListener('change', (e) => {
        store.set({ language: e.target.value });
        localStorage.setItem(LANGUAGE_KEY, e.target.value);
        applyStaticStrings();
        showView();
    });
    $('sign-out').addEventListener('click', signOutEverywhere);
    $('oidc-sign-in').addEventListener('submit', oidcSignIn);
    $('dev-sign-in').addEventListener('submit', devSignIn);
    $('token-sign-in').addEventListener('submit', tokenSignIn);
    $('create-subscription').addEventListener('submit', createSubscription);
    $('upgrade-dialog-dismiss').addEventListener('click', () => closeUpgradeDialog());
    $('upgrade-dialog-confirm').addEventListener('click', confirmUpgrade);
    $('dialog-backdrop').addEventListener('click', (e) => {
        if (e.target === e.currentTarget) closeUpgradeDialog();
    });
    document.addEventListener('keydown', trapFocus);
    const oidc = await portalConfig();
    store.set({ oidc });
    if (oidc) {
        // With a provider, no token outlives the page: drop one a sandbox sign-in may have left.
        sessionStorage.removeItem(TOKEN_KEY);
        store.set({ token: null });
        await completeOidcSignIn();
    }
    showView();
}

start();
