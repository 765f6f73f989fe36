// End-to-end test of the account portal in Debian's headless Chromium (no browser download).
// Needs BASE_URL (the running service, sandbox mode on); run through portal-test/run.sh.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const SHOTS = process.env.SCREENSHOTS ?? path.join(root, 'target', 'portal-screenshots');
const account = `e2e-${randomUUID().slice(0, 8)}`;

let browser;
let consoleErrors = [];

before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        args: [
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync',
        ],
    });
});

after(async () => {
    await browser?.close();
});

async function newPage(locale) {
    const context = await browser.newContext({ locale, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

/** Tokens the portal never mints (meter, operator): signed with the dev key by the repository's script. */
function devToken(roles, who) {
    return execFileSync(path.join(root, 'scripts', 'dev-token.sh'), [roles, who], { encoding: 'utf8' }).trim();
}

async function call(method, urlPath, token, body, base = BASE_URL) {
    const response = await fetch(base + urlPath, {
        method,
        headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(body ? { 'Content-Type': 'application/json' } : {}),
            'Idempotency-Key': randomUUID(),
        },
        body: body ? JSON.stringify(body) : undefined,
    });
    const json = await response.json();
    assert.ok(response.ok, `${method} ${urlPath}: ${response.status} ${JSON.stringify(json)}`);
    return json;
}

async function signIn(page, who = account) {
    await page.goto(`${BASE_URL}/portal/`);
    await page.locator('#dev-sign-in').waitFor();
    await page.getByLabel(/Account id|帳戶 ID/).fill(who);
    await page.locator('#dev-sign-in button[type=submit]').click();
    await page.locator('#portal-view').waitFor();
}

const card = (page, name) => page.locator('article.subscription', { has: page.getByRole('heading', { name, exact: true }) });

test('a customer upgrades a Free Trial to Pay-As-You-Go in the portal', async (t) => {
    const page = await newPage('en-US');

    await t.test('dev sign-in', async () => {
        await page.goto(`${BASE_URL}/portal/`);
        await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
        await page.getByLabel('Account id').fill(account);
        await shot(page, '01-sign-in');
        await page.getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.getByRole('heading', { name: 'Subscriptions', exact: true }).waitFor();
        assert.match(await page.locator('#signed-in-as').textContent(), new RegExp(account));
        await page.getByText('You have no subscriptions yet').waitFor();
    });

    await t.test('create a Free Trial and see 200.00 of credit', async () => {
        await page.getByLabel('Offer').selectOption('MS-AZR-0044P');
        await page.getByLabel('Name', { exact: true }).fill('My trial');
        await page.getByRole('button', { name: 'Create subscription' }).click();
        const trial = card(page, 'My trial');
        await trial.waitFor();
        assert.equal(await trial.locator('[data-field=offer]').textContent(), 'Free Trial');
        assert.equal(await trial.locator('[data-field=state]').textContent(), 'Active');
        assert.match(await trial.locator('[data-field=credit]').textContent(), /^USD\s200\.00 of USD\s200\.00$/);
        assert.match(await trial.locator('[data-field=trial]').textContent(), /^(30|29) days$/);
        assert.equal(await trial.locator('[data-field=spending-limit]').textContent(), 'On');
        await trial.getByRole('button', { name: /Upgrade now/ }).waitFor();
        await shot(page, '02-free-trial');
    });

    await t.test('the banner opens an accessible confirmation dialog', async () => {
        const banner = card(page, 'My trial').getByRole('button', { name: /Upgrade now/ });
        await banner.click();
        const dialog = page.getByRole('dialog', { name: 'Upgrade “My trial” to Pay-As-You-Go' });
        await dialog.waitFor();
        assert.equal(await dialog.getAttribute('aria-modal'), 'true');
        const text = await dialog.textContent();
        assert.match(text, /The upgrade itself costs nothing/);
        assert.match(text, /When your credit runs out or on /);
        assert.match(text, /Offer: Free Trial → Pay-As-You-Go/);
        assert.match(text, /Spending limit: On → Off/);
        // Focus is inside and stays inside.
        for (let i = 0; i < 5; i++) {
            await page.keyboard.press('Tab');
            assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), 'focus left the dialog');
        }
        await shot(page, '03-upgrade-dialog');
        // Escape closes it and gives focus back to the banner.
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        assert.ok(await banner.evaluate((b) => b === document.activeElement), 'focus did not return to the banner');
        // Reopen from the keyboard.
        await page.keyboard.press('Enter');
        await dialog.waitFor();
    });

    await t.test('confirm: the upgrade is PENDING with a cancel button', async () => {
        const [request] = await Promise.all([
            page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/upgrade-requests')),
            page.getByRole('button', { name: 'Confirm upgrade' }).click(),
        ]);
        assert.match(request.headers()['idempotency-key'], /^[0-9a-f-]{36}$/);
        assert.deepEqual(request.postDataJSON(), { targetOfferId: 'MS-AZR-0003P', confirm: true });
        const trial = card(page, 'My trial');
        await trial.locator('[data-upgrade-status=PENDING]').waitFor();
        assert.match(
            await trial.locator('[data-pending-text]').textContent(),
            /^Your upgrade to Pay-As-You-Go takes effect when your credit runs out or on .+, whichever comes first\.$/,
        );
        await trial.getByRole('button', { name: 'Cancel upgrade' }).waitFor();
        assert.equal(await trial.getByRole('button', { name: /Upgrade now/ }).count(), 0);
        await shot(page, '04-pending');
    });

    await t.test('credit runs out, the job runs: Pay-As-You-Go after a reload', async () => {
        const meter = devToken('meter', 'pipeline');
        const operator = devToken('operator', 'ops');
        const subscriptionId = await card(page, 'My trial').getAttribute('data-subscription-id');
        const usage = await call('POST', `/v1/subscriptions/${subscriptionId}/usage`, meter, {
            eventId: `e2e-${randomUUID()}`,
            meterId: 'vm-d2s-v3-hour',
            quantity: '3000',
        });
        assert.equal(Number(usage.coveredByCredit.amount), 200);
        assert.equal(Number(usage.billable.amount), 88);
        const job = await call('POST', '/v1/jobs/upgrade-finalization', operator);
        assert.ok(job.finalized >= 1, JSON.stringify(job));

        await page.reload();
        const trial = card(page, 'My trial');
        await trial.waitFor();
        assert.equal(await trial.locator('[data-field=offer]').textContent(), 'Pay-As-You-Go');
        assert.equal(await trial.locator('[data-field=spending-limit]').textContent(), 'Off');
        assert.equal(await trial.locator('[data-field=state]').textContent(), 'Active');
        await trial.locator('[data-payg]').waitFor();
        assert.equal(await trial.locator('[data-upgrade-status]').count(), 0);
        await shot(page, '05-pay-as-you-go');
    });

    await t.test('a pending upgrade can be cancelled', async () => {
        await page.getByLabel('Offer').selectOption('MS-AZR-0170P');
        await page.getByLabel('Name', { exact: true }).fill('Student plan');
        await page.getByRole('button', { name: 'Create subscription' }).click();
        const students = card(page, 'Student plan');
        await students.getByRole('button', { name: /Upgrade now/ }).click();
        await page.getByRole('button', { name: 'Confirm upgrade' }).click();
        await students.getByRole('button', { name: 'Cancel upgrade' }).click();
        await students.getByRole('button', { name: /Upgrade now/ }).waitFor();
        assert.equal(await students.locator('[data-upgrade-status]').count(), 0);
    });

    await t.test('a second Free Trial shows the problem detail', async () => {
        await page.getByLabel('Offer').selectOption('MS-AZR-0044P');
        await page.getByLabel('Name', { exact: true }).fill('Another trial');
        const [response] = await Promise.all([
            page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/v1/subscriptions')),
            page.getByRole('button', { name: 'Create subscription' }).click(),
        ]);
        assert.equal(response.status(), 409);
        const problem = await response.json();
        assert.equal(problem.code, 'trial-already-used');
        const alert = page.locator('#create-error');
        await alert.waitFor();
        assert.equal(await alert.getAttribute('role'), 'alert');
        assert.equal(await alert.textContent(), problem.detail);
        await shot(page, '06-error');
    });

    await page.context().close();
});

test('Traditional Chinese follows the browser language, with a switch', async () => {
    const page = await newPage('zh-TW');
    await page.goto(`${BASE_URL}/portal/`);
    await page.getByRole('heading', { name: '登入', exact: true }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-TW');
    await signIn(page);
    await page.getByRole('heading', { name: '訂用帳戶', exact: true }).waitFor();
    const [request] = await Promise.all([
        page.waitForRequest((r) => r.url().includes('/v1/subscriptions?')),
        page.reload(),
    ]);
    assert.equal(request.headers()['accept-language'], 'zh-TW');
    const trial = card(page, 'My trial');
    await trial.waitFor();
    assert.equal(await trial.locator('[data-field=offer]').textContent(), '隨用隨付');
    assert.equal(await trial.locator('[data-field=spending-limit]').textContent(), '關閉');
    const students = card(page, 'Student plan');
    assert.equal(await students.locator('[data-field=offer]').textContent(), 'Azure 學生版');
    await students.getByRole('button', { name: /立即升級/ }).waitFor();
    await shot(page, '07-zh-TW');

    await page.getByLabel('語言').selectOption('en');
    await page.getByRole('heading', { name: 'Subscriptions', exact: true }).waitFor();
    await card(page, 'My trial').locator('[data-field=offer]').filter({ hasText: /^Pay-As-You-Go$/ }).waitFor();
    await page.context().close();
});

test('a trial disabled by exhausted credit shows why, and the banner reactivates it', async () => {
    const page = await newPage('en-US');
    const other = `e2e-disabled-${randomUUID().slice(0, 8)}`;
    await page.goto(`${BASE_URL}/portal/`);
    await page.getByLabel('Account id').fill(other);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByLabel('Offer').selectOption('MS-AZR-0044P');
    await page.getByLabel('Name', { exact: true }).fill('Spent trial');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    const trial = card(page, 'Spent trial');
    await trial.waitFor();

    const subscriptionId = await trial.getAttribute('data-subscription-id');
    await call('POST', `/v1/subscriptions/${subscriptionId}/usage`, devToken('meter', 'pipeline'), {
        eventId: `e2e-${randomUUID()}`,
        meterId: 'vm-d2s-v3-hour',
        quantity: '3000',
    });
    await page.reload();
    await trial.waitFor();
    assert.equal(await trial.locator('[data-field=state]').textContent(), 'Disabled');
    assert.equal(
        await trial.locator('[data-disabled-reason=CREDIT_EXHAUSTED]').textContent(),
        'This subscription is disabled because its credit ran out.',
    );
    await trial.getByRole('button', { name: /Upgrade now/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    assert.match(await dialog.textContent(), /Immediately: this subscription is reactivated on Pay-As-You-Go\./);
    await shot(page, '08-disabled-reactivate');
    await page.getByRole('button', { name: 'Confirm upgrade' }).click();
    await trial.locator('[data-field=offer]').filter({ hasText: /^Pay-As-You-Go$/ }).waitFor();
    assert.equal(await trial.locator('[data-field=state]').textContent(), 'Active');
    // Focus lands on the subscription's status, which now says Pay-As-You-Go.
    assert.equal(await page.evaluate(() => document.activeElement.dataset.statusFor), subscriptionId);
    await trial.locator('[data-payg]').waitFor();
    await page.context().close();
});

// Runs after the other tests: it moves the sandbox clock of the whole service.
test('the latest credit and trial notices show above the banner and can be dismissed', async (t) => {
    const page = await newPage('en-US');
    const who = `e2e-notices-${randomUUID().slice(0, 8)}`;
    const meter = devToken('meter', 'pipeline');
    const operator = devToken('operator', 'ops');
    const eventQueries = [];
    page.on('request', (r) => {
        if (r.url().includes('/v1/events')) eventQueries.push(new URL(r.url()).searchParams);
    });

    await signIn(page, who);
    await page.getByLabel('Offer').selectOption('MS-AZR-0044P');
    await page.getByLabel('Name', { exact: true }).fill('Noticed trial');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    const trial = card(page, 'Noticed trial');
    await trial.getByRole('button', { name: /Upgrade now/ }).waitFor();
    assert.equal(await trial.locator('[data-notice]').count(), 0);
    const subscriptionId = await trial.getAttribute('data-subscription-id');
    const use = (hours) =>
        call('POST', `/v1/subscriptions/${subscriptionId}/usage`, meter, {
            eventId: `e2e-${randomUUID()}`,
            meterId: 'vm-d2s-v3-hour', // 0.096 USD an hour
            quantity: hours,
        });
    const creditNotice = trial.getByRole('note', { name: 'Credit notice' });
    const trialNotice = trial.getByRole('note', { name: 'Trial notice' });
    const text = (notice) => notice.locator('[data-notice-text]').textContent();
    /** The card's notices, in order, all before the "Upgrade now" banner (in the DOM and on the screen). */
    const noticesAboveBanner = () =>
        trial.evaluate((el) => {
            const banner = el.querySelector('[data-upgrade-banner]');
            const top = banner.getBoundingClientRect().top;
            return [...el.querySelectorAll('[data-notice]')].map((n) => ({
                type: n.dataset.notice,
                above: Boolean(n.compareDocumentPosition(banner) & Node.DOCUMENT_POSITION_FOLLOWING) && n.getBoundingClientRect().bottom <= top,
            }));
        });

    await t.test('50 % of the credit used: a credit notice above the banner', async () => {
        const usage = await use('1100'); // 105.60 of 200.00 USD: crosses 50 %
        assert.equal(Number(usage.coveredByCredit.amount), 105.6);
        await page.reload();
        await creditNotice.waitFor();
        assert.match(await text(creditNotice), /^You have used 50% of your credit: USD\s94\.40 of USD\s200\.00 left\.$/);
        assert.deepEqual(await noticesAboveBanner(), [{ type: 'credit.threshold_reached', above: true }]);
        // The portal asks the feed for its notice types only, for this subscription.
        assert.ok(eventQueries.length >= 3);
        for (const q of eventQueries) {
            assert.equal(q.get('subscriptionId'), subscriptionId);
            assert.ok(['credit.threshold_reached', 'credit.exhausted', 'trial.ending_soon'].includes(q.get('type')), String(q));
        }
        await shot(page, '09-credit-notice');
    });

    await t.test('dismissed, it stays away after a reload', async () => {
        await creditNotice.getByRole('button', { name: 'Dismiss the credit notice' }).click();
        await creditNotice.waitFor({ state: 'detached' });
        assert.equal(await page.evaluate(() => document.activeElement.dataset.statusFor), subscriptionId);
        await page.reload();
        await trial.getByRole('button', { name: /Upgrade now/ }).waitFor();
        assert.equal(await trial.locator('[data-notice]').count(), 0);
    });

    await t.test('a newer credit event shows again: the latest, 90 %', async () => {
        await use('800'); // 76.80 more, 182.40 in all (91.2 %): crosses 75 % and 90 %
        await page.reload();
        await creditNotice.waitFor();
        assert.match(await text(creditNotice), /^You have used 90% of your credit: USD\s17\.60 of USD\s200\.00 left\.$/);
        assert.equal(await trial.locator('[data-notice]').count(), 1);
    });

    await t.test('7 days before the trial ends: a trial notice too', async () => {
        await call('POST', '/v1/sandbox/clock/advance', operator, { duration: 'P23D' });
        await call('POST', '/v1/jobs/upgrade-finalization', operator);
        const { trialEndsAt } = await call('GET', `/v1/subscriptions/${subscriptionId}`, operator);
        const date = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(trialEndsAt));
        await page.reload();
        await trialNotice.waitFor();
        assert.equal(await text(trialNotice), `Your trial ends in 7 days (on ${date}).`);
        assert.match(await text(creditNotice), /^You have used 90% /);
        assert.deepEqual(await noticesAboveBanner(), [
            { type: 'credit.threshold_reached', above: true },
            { type: 'trial.ending_soon', above: true },
        ]);
        await shot(page, '10-notices');
    });

    await t.test('in Traditional Chinese, reading only events it has not seen', async () => {
        const latestCreditId = Number(await creditNotice.getAttribute('data-event-id'));
        eventQueries.length = 0;
        await page.getByLabel('Language').selectOption('zh-TW');
        const zhCredit = trial.getByRole('note', { name: '點數通知' });
        const zhTrial = trial.getByRole('note', { name: '試用期通知' });
        await zhTrial.waitFor();
        assert.match(await text(zhCredit), /^您已使用 90% 的點數：剩餘 USD\s17\.60（共 USD\s200\.00）。$/);
        const { trialEndsAt } = await call('GET', `/v1/subscriptions/${subscriptionId}`, operator);
        const date = new Intl.DateTimeFormat('zh-TW', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(trialEndsAt));
        assert.equal(await text(zhTrial), `您的試用期將於 7 天後結束（${date}）。`);
        const creditQuery = eventQueries.find((q) => q.get('type') === 'credit.threshold_reached');
        assert.equal(Number(creditQuery.get('after')), latestCreditId);
        await shot(page, '11-notices-zh-TW');

        await zhTrial.getByRole('button', { name: '關閉試用期通知' }).click();
        await zhTrial.waitFor({ state: 'detached' });
        await zhCredit.waitFor();
        await trial.getByRole('button', { name: /立即升級/ }).waitFor();
    });

    await page.context().close();
});

// Runs after the notices test: it moves the sandbox clock of the whole service into the next month and on.
test('the Invoices tab: upcoming invoice, the month chart, finalized invoices, downloads, in English and zh-TW', async (t) => {
    const page = await newPage('en-US');
    const who = `e2e-invoices-${randomUUID().slice(0, 8)}`;
    const meter = devToken('meter', 'pipeline');
    const operator = devToken('operator', 'ops');
    const day = (iso) => iso.slice(0, 10);

    await signIn(page, who);
    await page.getByLabel('Offer').selectOption('MS-AZR-0003P');
    await page.getByLabel('Name', { exact: true }).fill('Metered');
    await page.getByRole('button', { name: 'Create subscription' }).click();
    const metered = card(page, 'Metered');
    await metered.waitFor();
    const subscriptionId = await metered.getAttribute('data-subscription-id');
    const use = (meterId, quantity) =>
        call('POST', `/v1/subscriptions/${subscriptionId}/usage`, meter, { eventId: `e2e-${randomUUID()}`, meterId, quantity });
    const advance = (duration) => call('POST', '/v1/sandbox/clock/advance', operator, { duration });

    // Month M: 9.60 billable, then 50.00 of credit granted; the clock moves to the 1st of M+1, 01:00 UTC.
    let monthStart;
    await t.test('last month is finalized after its grace, with a number', async () => {
        await use('vm-d2s-v3-hour', '100'); // 0.096 × 100 = 9.60, no credit yet: billable
        await call('POST', `/v1/subscriptions/${subscriptionId}/benefits`, operator, {
            amount: { amount: '50.00', currency: 'USD' },
            reason: 'Portal test credit',
        });
        const { now } = await call('GET', '/v1/sandbox/clock', operator);
        const clock = new Date(now);
        monthStart = Date.UTC(clock.getUTCFullYear(), clock.getUTCMonth() + 1, 1);
        const seconds = Math.ceil((monthStart - clock.getTime()) / 1000) + 3600; // past the end + the 5 min grace
        await advance(`PT${seconds}S`);
        const job = await call('POST', '/v1/jobs/invoice-finalization', operator);
        assert.ok(job.finalized >= 1, JSON.stringify(job));
    });
    const { data: finalized } = await call('GET', `/v1/subscriptions/${subscriptionId}/invoices?status=FINALIZED`, operator);
    assert.equal(finalized.length, 1);
    const last = finalized[0];
    assert.match(last.number, /^INV-\d{6,}$/);
    assert.equal(last.amountDue.amount, '9.60');

    // Month M+1, day 1: 19.20 (credit left 30.80); day 2: 38.40 (30.80 covered, 7.60 billable); day 3: 24.00 + 8.70
    // + 0.0104.
    await use('vm-d2s-v3-hour', '200');
    await advance('P1D');
    await use('vm-d2s-v3-hour', '400');
    await advance('P1D');
    await use('vm-d2s-v3-hour', '250');
    await use('bandwidth-egress-gb', '100');
    await use('vm-b1s-hour', '1'); // 0.0104: a total with more places than cents, shown as it is
    const upcomingJson = await call('GET', `/v1/subscriptions/${subscriptionId}/invoices/upcoming`, operator);
    const days = [0, 1, 2].map((i) => day(new Date(monthStart + i * 86_400_000).toISOString()));

    await t.test('the upcoming invoice: its lines and exact totals', async () => {
        await page.getByRole('link', { name: 'Invoices', exact: true }).click();
        await page.getByRole('heading', { name: 'Invoices', exact: true, level: 1 }).waitFor();
        assert.equal(await page.getByRole('link', { name: 'Invoices', exact: true }).getAttribute('aria-current'), 'page');
        assert.ok(await page.locator('#invoices').evaluate((h1) => h1 === document.activeElement), 'focus is on the tab heading');
        assert.equal(await page.getByRole('heading', { name: 'Subscriptions', exact: true }).count(), 0);
        await page.getByLabel('Subscription', { exact: true }).selectOption({ label: 'Metered' });
        const upcoming = page.locator('[data-invoice=upcoming]');
        await upcoming.locator('[data-line=bandwidth-egress-gb]').waitFor();
        assert.equal(await upcoming.getAttribute('data-invoice-id'), upcomingJson.id);
        assert.equal(await upcoming.locator('[data-invoice-status]').textContent(), 'Draft');
        const first = new Date(monthStart);
        const month = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' }).format(first);
        const lastOfMonth = new Date(Date.parse(upcomingJson.periodEnd) - 86_400_000).getUTCDate();
        assert.equal(
            await upcoming.locator('[data-field=period]').textContent(),
            `${month} 1 – ${month} ${lastOfMonth}, ${first.getUTCFullYear()}`,
        );
        const line = (meterId, field) => upcoming.locator(`[data-line="${meterId}"] [data-field=${field}]`).textContent();
        assert.equal(await line('vm-d2s-v3-hour', 'description'), 'Virtual Machines D2s v3');
        assert.equal(await line('vm-d2s-v3-hour', 'quantity'), '850 × 1 Hour');
        assert.equal(await line('vm-d2s-v3-hour', 'unit-price'), 'USD\u00a00.096');
        assert.equal(await line('vm-d2s-v3-hour', 'amount'), 'USD\u00a081.60');
        assert.equal(await line('bandwidth-egress-gb', 'description'), 'Bandwidth Data Transfer Out');
        assert.equal(await line('bandwidth-egress-gb', 'amount'), 'USD\u00a08.70');
        const total = (field) => upcoming.locator(`[data-total=${field}]`).textContent();
        assert.equal(await line('vm-b1s-hour', 'amount'), 'USD\u00a00.0104');
        assert.equal(await total('subtotal'), 'USD\u00a090.3104');
        assert.equal(await total('credit-applied'), '−\u2009USD\u00a050.00');
        assert.equal(await upcoming.locator('[data-total=not-charged]').count(), 0);
        assert.equal(await total('total'), 'USD\u00a040.3104');
        assert.equal(await total('amount-due'), 'USD\u00a040.31');
        // The API's own strings: the portal shows them as they are, to the cent at least, with no float on the way.
        assert.deepEqual(
            [upcomingJson.subtotal, upcomingJson.creditApplied, upcomingJson.total, upcomingJson.amountDue]
                .map((m) => m.amount.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')),
            ['90.3104', '50', '40.3104', '40.31'],
        );
    });

    await t.test('the month chart: daily cost bars and the credit burn-down, with a text alternative', async () => {
        const chart = page.locator('[data-chart]');
        const cost = chart.locator('svg[data-chart-cost]');
        await cost.waitFor();
        assert.equal(await cost.getAttribute('role'), 'img');
        assert.deepEqual(await cost.locator('g.bar').evaluateAll((gs) => gs.map((g) => g.dataset.day)), days);
        // Day 2 is split: 30.80 covered by credit, 7.60 billable; the covered part is the taller one.
        const heights = await cost.locator(`g.bar[data-day="${days[1]}"] rect`).evaluateAll((rs) =>
            rs.map((r) => [r.getAttribute('class'), Number(r.getAttribute('height'))]));
        assert.deepEqual(heights.map(([c]) => c), ['seg-covered', 'seg-billable']);
        assert.ok(heights[0][1] > heights[1][1] * 3, JSON.stringify(heights));
        const label = (dayIso) => new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(dayIso));
        const lastDay = new Date(Date.parse(upcomingJson.periodEnd) - 86_400_000).toISOString();
        assert.equal(
            await page.locator('#chart-cost-summary').textContent(),
            `Daily cost from ${label(days[0])} to ${label(lastDay)}: USD\u00a090.3104 in all, the most on ${label(days[1])} (USD\u00a038.40).`,
        );
        const credit = chart.locator('svg[data-chart-credit]');
        assert.equal(await credit.locator('circle.credit-point').count(), 3);
        assert.equal(
            await page.locator('#chart-credit-summary').textContent(),
            `Credit remaining: USD\u00a050.00 at the start of the month, USD\u00a00.00 on ${label(days[2])}.`,
        );
        assert.equal(await chart.locator('[data-chart-incomplete]').count(), 0);
        await chart.getByText('The chart as a table').click();
        const row = (d, field) => chart.locator(`[data-chart-table] tr[data-day="${d}"] [data-field=${field}]`).textContent();
        assert.equal(await row(days[0], 'cost'), 'USD\u00a019.20');
        assert.equal(await row(days[0], 'credit'), 'USD\u00a030.80');
        assert.equal(await row(days[1], 'covered'), 'USD\u00a030.80');
        assert.equal(await row(days[1], 'billable'), 'USD\u00a07.60');
        assert.equal(await row(days[1], 'credit'), 'USD\u00a00.00');
        assert.equal(await row(days[2], 'cost'), 'USD\u00a032.7104');
        await chart.getByText('The chart as a table').click();
    });

    await t.test('the finalized invoice is listed with its number', async () => {
        const row = page.locator(`[data-invoices=finalized] tr[data-invoice-id="${last.id}"]`);
        await row.waitFor();
        assert.equal(await row.locator('[data-field=number]').textContent(), last.number);
        assert.equal(await row.locator('[data-field=amount-due]').textContent(), 'USD\u00a09.60');
        const month = new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(last.periodStart));
        assert.equal(await row.locator('[data-field=period]').textContent(), month);
        await shot(page, '12-invoices');
    });

    await t.test('downloads fetch the file with the token and the Accept header, then save it', async () => {
        // The browser end of the download, answered here so it does not depend on the server's renderers (the next
        // subtest checks those): the request the portal makes, and the file the browser saves from the Blob.
        const seen = [];
        await page.route('**/v1/invoices/*', (route) => {
            const r = route.request();
            seen.push({ url: r.url(), headers: r.headers() });
            const pdf = r.headers().accept === 'application/pdf';
            const id = new URL(r.url()).pathname.split('/').pop();
            const name = id === last.id ? last.number : `invoice-${id}`;
            return route.fulfill({
                status: 200,
                headers: {
                    'Content-Type': pdf ? 'application/pdf' : 'text/csv; charset=UTF-8',
                    'Content-Disposition': `attachment; filename="${name}.${pdf ? 'pdf' : 'csv'}"`,
                },
                body: pdf ? '%PDF-1.7 stub' : 'stub,csv\r\n',
            });
        });
        const download = async (scope, name) => {
            const [file] = await Promise.all([page.waitForEvent('download'), scope.getByRole('button', { name }).click()]);
            return { name: file.suggestedFilename(), body: (await readFile(await file.path())).toString('utf8') };
        };
        const upcoming = page.locator('[data-invoice=upcoming]');
        assert.deepEqual(await download(upcoming, 'Download CSV: the upcoming invoice'), {
            name: `invoice-${upcomingJson.id}.csv`,
            body: 'stub,csv\r\n',
        });
        const row = page.locator(`tr[data-invoice-id="${last.id}"]`);
        assert.deepEqual(await download(row, `Download PDF: Invoice ${last.number}`), { name: `${last.number}.pdf`, body: '%PDF-1.7 stub' });
        assert.equal(seen.length, 2);
        assert.equal(seen[0].url, `${BASE_URL}/v1/invoices/${upcomingJson.id}`);
        assert.equal(seen[0].headers.accept, 'text/csv');
        assert.equal(seen[1].url, `${BASE_URL}/v1/invoices/${last.id}`);
        assert.equal(seen[1].headers.accept, 'application/pdf');
        for (const s of seen) {
            assert.match(s.headers.authorization, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
            assert.equal(s.headers['accept-language'], 'en');
        }
        await page.unroute('**/v1/invoices/*');

        // A failed download says why, next to its buttons. (The browser logs the 503 it was sent on purpose.)
        const logged = consoleErrors.length;
        await page.route('**/v1/invoices/*', (route) =>
            route.fulfill({
                status: 503,
                contentType: 'application/problem+json',
                body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'Try again in a minute.' }),
            }));
        await row.getByRole('button', { name: `Download CSV: Invoice ${last.number}` }).click();
        const alert = row.locator('[data-download-error]');
        await alert.waitFor();
        assert.equal(await alert.getAttribute('role'), 'alert');
        assert.equal(await alert.textContent(), 'The download failed: Try again in a minute.');
        await page.unroute('**/v1/invoices/*');
        const expected = consoleErrors.splice(logged).filter((e) => !/status of 503/.test(e));
        consoleErrors.push(...expected);
    });

    // The files the service itself sends (InvoiceCsv, InvoicePdf), saved by the browser.
    await t.test('the saved CSV and PDF are the invoice', async () => {
        const upcoming = page.locator('[data-invoice=upcoming]');
        const [csv] = await Promise.all([page.waitForEvent('download'), upcoming.getByRole('button', { name: 'Download CSV: the upcoming invoice' }).click()]);
        assert.equal(csv.suggestedFilename(), `invoice-${upcomingJson.id}.csv`);
        const rows = (await readFile(await csv.path())).toString('utf8').split('\r\n');
        assert.equal(rows[0], 'Meter ID,Description,Unit,Quantity,Unit price,Amount,Currency');
        for (const l of upcomingJson.lines) {
            assert.ok(rows.includes([l.meterId, l.description, l.unit, l.quantity, l.unitPrice.amount, l.amount.amount, 'USD'].join(',')), rows.join('\n'));
        }
        assert.ok(rows.includes('"",Amount due,,,,40.31,USD'), rows.join('\n'));
        const row = page.locator(`tr[data-invoice-id="${last.id}"]`);
        const [pdf] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: `Download PDF: Invoice ${last.number}` }).click()]);
        assert.equal(pdf.suggestedFilename(), `${last.number}.pdf`);
        assert.equal((await readFile(await pdf.path())).subarray(0, 5).toString('latin1'), '%PDF-');
    });

    await t.test('in Traditional Chinese: labels, and line descriptions from the API', async () => {
        await page.getByLabel('Language').selectOption('zh-TW');
        await page.getByRole('heading', { name: '帳單', exact: true, level: 1 }).waitFor();
        assert.equal(await page.getByRole('link', { name: '帳單', exact: true }).getAttribute('aria-current'), 'page');
        const upcoming = page.locator('[data-invoice=upcoming]');
        await upcoming.getByRole('heading', { name: '即將開立的帳單' }).waitFor();
        await upcoming.locator('[data-line="vm-d2s-v3-hour"] [data-field=description]').filter({ hasText: '虛擬機器 D2s v3' }).waitFor();
        assert.equal(await upcoming.locator('[data-invoice-status]').textContent(), '草稿');
        assert.match(await upcoming.locator('[data-field=period]').textContent(), /^\d{4}年\d{1,2}月1日至\d{1,2}月(28|29|30|31)日$/);
        assert.equal(await upcoming.locator('[data-line="bandwidth-egress-gb"] [data-field=description]').textContent(), '頻寬資料傳出');
        const terms = await upcoming.locator('.totals dt').allTextContents();
        assert.deepEqual(terms, ['小計', '已折抵點數', '總計', '應付金額']);
        assert.equal(await upcoming.locator('[data-total=amount-due]').textContent(), 'USD\u00a040.31');
        await page.locator('[data-chart]').getByRole('heading', { name: '每日費用' }).waitFor();
        await page.locator('[data-chart]').getByRole('heading', { name: '每日結束時的剩餘點數' }).waitFor();
        assert.match(await page.locator('#chart-cost-summary').textContent(), /^.+至.+的每日費用：共 USD\s90\.3104，最高為 .+（USD\s38\.40）。$/);
        assert.equal(await page.locator('svg[data-chart-cost] g.bar').count(), 3);
        await page.getByRole('heading', { name: '已定案的帳單' }).waitFor();
        assert.equal(await page.locator(`tr[data-invoice-id="${last.id}"] [data-field=number]`).textContent(), last.number);
        await upcoming.getByRole('button', { name: '下載 CSV：即將開立的帳單' }).waitFor();
        await shot(page, '13-invoices-zh-TW');
        await page.getByLabel('語言').selectOption('en');
        await page.getByRole('heading', { name: 'Invoices', exact: true, level: 1 }).waitFor();
    });

    await t.test('the Subscriptions tab is one click away', async () => {
        await page.getByRole('link', { name: 'Subscriptions', exact: true }).click();
        await card(page, 'Metered').waitFor();
        assert.equal(await page.locator('#invoices-panel').isHidden(), true);
    });

    await page.context().close();
});

// ---------------------------------------------------------------------------------------------
// The second service signs in with Keycloak (portal-test/run.sh starts both): the authorization code flow with PKCE
// through Keycloak's own login page. It must be opened as http://localhost:<port>, the origin the realm allows.
const OIDC_BASE_URL = process.env.OIDC_BASE_URL;
const KEYCLOAK_URL = process.env.KEYCLOAK_URL;
const KEYCLOAK_ISSUER = process.env.KEYCLOAK_ISSUER;
const ALICE = '9a1e4c52-6f0b-4d7e-8a38-5c2b1f0e7d61'; // her fixed id in keycloak/subupgrade-realm.json
const withKeycloak = { skip: OIDC_BASE_URL ? false : 'OIDC_BASE_URL is not set (portal-test/run.sh sets it)' };

/** A Keycloak access token for the API calls the test makes itself (the meter, the operator). */
async function keycloakToken(params) {
    const response = await fetch(`${KEYCLOAK_ISSUER}/protocol/openid-connect/token`, { method: 'POST', body: new URLSearchParams(params) });
    const json = await response.json();
    assert.ok(response.ok, JSON.stringify(json));
    return json.access_token;
}

/** The same call, against the service that trusts Keycloak. */
const callOidc = (method, urlPath, token, body) => call(method, urlPath, token, body, OIDC_BASE_URL);

const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/** Every value the portal's origin keeps in localStorage, sessionStorage and cookies. */
const storedValues = (page) => page.evaluate(() => [
    ...Object.entries(localStorage).map(([k, v]) => `local ${k}=${v}`),
    ...Object.entries(sessionStorage).map(([k, v]) => `session ${k}=${v}`),
    ...(document.cookie ? [`cookie ${document.cookie}`] : []),
]);

/** Clicks the portal's Sign in and, when Keycloak shows its login form, signs in there as alice. */
async function keycloakSignIn(page, { expectForm = true } = {}) {
    await page.locator('#oidc-sign-in').getByRole('button', { name: 'Sign in', exact: true }).click();
    if (expectForm) {
        await page.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_ISSUER}/protocol/openid-connect/auth?`));
        await page.locator('#username').fill('alice');
        await page.locator('#password').fill('alice-password');
        await page.locator('#kc-login').click();
    }
    await page.waitForURL((url) => url.href.startsWith(`${OIDC_BASE_URL}/portal/`) && !url.search);
    await page.locator('#portal-view').waitFor();
}

test('a customer signs in through Keycloak and upgrades in the portal', withKeycloak, async (t) => {
    const page = await newPage('en-US');
    const tokenRequests = [];
    page.on('request', (r) => {
        if (r.url().endsWith('/protocol/openid-connect/token')) tokenRequests.push(new URLSearchParams(r.postData() || ''));
    });

    await t.test("Keycloak's login page, and back signed in as alice", async () => {
        await page.goto(`${OIDC_BASE_URL}/portal/`);
        await page.locator('#oidc-sign-in').waitFor();
        assert.equal(await page.locator('#dev-sign-in').isHidden(), true);
        assert.equal(await page.locator('#token-sign-in').isHidden(), true);
        assert.equal(await page.locator('#oidc-sign-in h2').textContent(), 'Sign in with your account');

        await page.locator('#oidc-sign-in').getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_ISSUER}/protocol/openid-connect/auth?`));
        const auth = new URL(page.url()).searchParams;
        assert.equal(auth.get('response_type'), 'code');
        assert.equal(auth.get('client_id'), 'subupgrade-portal');
        assert.equal(auth.get('redirect_uri'), `${OIDC_BASE_URL}/portal/`);
        assert.equal(auth.get('scope'), 'openid');
        assert.equal(auth.get('code_challenge_method'), 'S256');
        assert.match(auth.get('code_challenge'), /^[\w-]{43}$/);
        assert.match(auth.get('state'), /^[\w-]{43}$/);
        assert.match(auth.get('nonce'), /^[\w-]{43}$/);
        await page.locator('#username').waitFor();
        await shot(page, '14-keycloak-sign-in');

        const [apiRequest] = await Promise.all([
            page.waitForRequest((r) => r.url().startsWith(`${OIDC_BASE_URL}/v1/subscriptions?`)),
            (async () => {
                await page.locator('#username').fill('alice');
                await page.locator('#password').fill('alice-password');
                await page.locator('#kc-login').click();
            })(),
        ]);
        await page.getByText('You have no subscriptions yet').waitFor();
        // The code is gone from the address bar; the portal shows the token's sub.
        assert.equal(page.url(), `${OIDC_BASE_URL}/portal/`);
        assert.equal(await page.locator('#signed-in-as').textContent(), `Signed in as ${ALICE}`);
        // The code was exchanged with the verifier whose S256 is the challenge sent before.
        assert.equal(tokenRequests.length, 1);
        const exchange = tokenRequests[0];
        assert.equal(exchange.get('grant_type'), 'authorization_code');
        assert.equal(exchange.get('redirect_uri'), `${OIDC_BASE_URL}/portal/`);
        const { createHash } = await import('node:crypto');
        assert.equal(createHash('sha256').update(exchange.get('code_verifier')).digest('base64url'), auth.get('code_challenge'));
        // The API is called with Keycloak's access token.
        const bearer = claims(apiRequest.headers().authorization.replace(/^Bearer /, ''));
        assert.equal(bearer.iss, KEYCLOAK_ISSUER);
        assert.equal(bearer.sub, ALICE);
        // No token, and nothing of the flow, is left in the browser's storage.
        const stored = await storedValues(page);
        assert.deepEqual(stored.filter((v) => /eyJ|oidcFlow|token/i.test(v)), [], stored.join('\n'));
    });

    await t.test('create a Free Trial and confirm the upgrade: PENDING', async () => {
        await page.getByLabel('Offer').selectOption('MS-AZR-0044P');
        await page.getByLabel('Name', { exact: true }).fill('Alice trial');
        await page.getByRole('button', { name: 'Create subscription' }).click();
        const trial = card(page, 'Alice trial');
        assert.match(await trial.locator('[data-field=credit]').textContent(), /^USD\s200\.00 of USD\s200\.00$/);
        await trial.getByRole('button', { name: /Upgrade now/ }).click();
        await page.getByRole('dialog', { name: 'Upgrade “Alice trial” to Pay-As-You-Go' }).waitFor();
        await page.getByRole('button', { name: 'Confirm upgrade' }).click();
        await trial.locator('[data-upgrade-status=PENDING]').waitFor();
        await shot(page, '15-keycloak-signed-in');
    });

    await t.test('credit runs out, the job runs: after a reload, signed in again without a password', async () => {
        const meter = await keycloakToken({ grant_type: 'client_credentials', client_id: 'subupgrade-meter', client_secret: 'meter-dev-secret' });
        const operator = await keycloakToken({ grant_type: 'password', client_id: 'subupgrade-cli', username: 'olivia', password: 'olivia-password' });
        const subscriptionId = await card(page, 'Alice trial').getAttribute('data-subscription-id');
        const subscription = await callOidc('GET', `/v1/subscriptions/${subscriptionId}`, operator);
        assert.equal(subscription.ownerId, ALICE); // the portal created it as her sub
        const usage = await callOidc('POST', `/v1/subscriptions/${subscriptionId}/usage`, meter, {
            eventId: `e2e-${randomUUID()}`,
            meterId: 'vm-d2s-v3-hour',
            quantity: '3000',
        });
        assert.equal(Number(usage.coveredByCredit.amount), 200);
        const job = await callOidc('POST', '/v1/jobs/upgrade-finalization', operator);
        assert.equal(job.finalized, 1, JSON.stringify(job));

        // Tokens live in the page's memory only: a reload shows the sign-in, and Keycloak's session signs in again.
        await page.reload();
        await page.locator('#oidc-sign-in').waitFor();
        await keycloakSignIn(page, { expectForm: false });
        const trial = card(page, 'Alice trial');
        await trial.locator('[data-payg]').waitFor();
        assert.equal(await trial.locator('[data-field=offer]').textContent(), 'Pay-As-You-Go');
        assert.equal(await trial.locator('[data-field=spending-limit]').textContent(), 'Off');
    });

    await t.test("sign out ends Keycloak's session too", async () => {
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.waitForURL((url) => url.href === `${OIDC_BASE_URL}/portal/`);
        await page.locator('#oidc-sign-in').waitFor();
        assert.equal(await page.locator('#portal-view').isHidden(), true);
        assert.deepEqual((await storedValues(page)).filter((v) => /eyJ/.test(v)), []);
        // Signing in again asks for the password: the provider's session is over.
        await page.locator('#oidc-sign-in').getByRole('button', { name: 'Sign in', exact: true }).click();
        await page.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_ISSUER}/protocol/openid-connect/auth?`));
        await page.locator('#username').waitFor();
    });

    await page.context().close();
});

test('the access token is renewed with the refresh token before it expires', withKeycloak, async () => {
    const page = await newPage('en-US');
    // The page's clock is Playwright's, so the five minutes of Keycloak's access token pass at once.
    await page.clock.install();
    await page.goto(`${OIDC_BASE_URL}/portal/`);
    await page.locator('#oidc-sign-in').waitFor();
    const [first] = await Promise.all([
        page.waitForRequest((r) => r.url().startsWith(`${OIDC_BASE_URL}/v1/subscriptions?`)),
        keycloakSignIn(page),
    ]);
    const [refresh] = await Promise.all([
        page.waitForRequest((r) => r.url().endsWith('/protocol/openid-connect/token') && /grant_type=refresh_token/.test(r.postData() || '')),
        page.clock.fastForward('04:35'),
    ]);
    assert.equal(new URLSearchParams(refresh.postData()).get('client_id'), 'subupgrade-portal');
    await refresh.response();
    // The next call carries the new token.
    await page.getByRole('link', { name: 'Invoices', exact: true }).click();
    const [next] = await Promise.all([
        page.waitForRequest((r) => r.url().startsWith(`${OIDC_BASE_URL}/v1/`)),
        page.getByRole('link', { name: 'Subscriptions', exact: true }).click(),
    ]);
    const before = first.headers().authorization;
    const after = next.headers().authorization;
    assert.notEqual(after, before);
    assert.equal(claims(after.replace(/^Bearer /, '')).sub, ALICE);
    assert.equal(await page.locator('#portal-view').isHidden(), false);
    await page.context().close();
});

test('sign-in errors are shown in both languages', withKeycloak, async (t) => {
    await t.test('an answer this page did not ask for (state mismatch)', async () => {
        for (const [locale, text] of [
            ['en-US', 'This sign-in was not started from this page, so it was not completed. Please sign in again.'],
            ['zh-TW', '這次登入並非從此頁面開始，因此未完成。請重新登入。'],
        ]) {
            const page = await newPage(locale);
            const exchanges = [];
            page.on('request', (r) => {
                if (r.url().endsWith('/protocol/openid-connect/token')) exchanges.push(r);
            });
            await page.goto(`${OIDC_BASE_URL}/portal/?code=forged&state=forged`);
            const alert = page.locator('#sign-in-error');
            await alert.filter({ hasText: text }).waitFor();
            assert.equal(await alert.getAttribute('role'), 'alert');
            assert.equal(page.url(), `${OIDC_BASE_URL}/portal/`);
            assert.equal(exchanges.length, 0);
            await page.locator('#oidc-sign-in').waitFor();
            if (locale === 'zh-TW') await shot(page, '16-sign-in-error-zh-TW');
            await page.context().close();
        }
    });

    await t.test('the provider cannot be reached', async () => {
        for (const [locale, text] of [
            ['en-US', 'The sign-in service cannot be reached. Check your connection and try again.'],
            ['zh-TW', '無法連線至登入服務。請檢查網路連線後再試一次。'],
        ]) {
            const page = await newPage(locale);
            await page.route(`${KEYCLOAK_ISSUER}/.well-known/openid-configuration`, (route) => route.abort('connectionrefused'));
            await page.goto(`${OIDC_BASE_URL}/portal/`);
            const logged = consoleErrors.length;
            await page.locator('#oidc-sign-in button').click();
            await page.locator('#sign-in-error').filter({ hasText: text }).waitFor();
            assert.equal(page.url(), `${OIDC_BASE_URL}/portal/`);
            // The refused connection the browser logs was caused on purpose.
            const expected = consoleErrors.splice(logged).filter((e) => !/ERR_CONNECTION_REFUSED|ERR_FAILED/.test(e));
            consoleErrors.push(...expected);
            await page.context().close();
        }
    });
});

test('the pages raised no script or Content-Security-Policy errors', () => {
    // 4xx answers the test caused on purpose (the sandbox probe, the second trial) are logged as failed loads.
    const unexpected = consoleErrors.filter((e) => !/status of 40[049]/.test(e));
    assert.deepEqual(unexpected, []);
});
