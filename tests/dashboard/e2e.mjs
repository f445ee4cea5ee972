// End-to-end test of the Quire dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core). Started by crates/quire-server/tests/dashboard/browser.rs with QUIRE_URL set to a real
// server; saves a screenshot of every page at desktop width and at 375 px into ./screenshots.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { checkOAuth } from './oauth.mjs';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const BASE = process.env.QUIRE_URL;
assert.ok(BASE, 'QUIRE_URL must name the server under test');
const SHOTS = process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

const USER = { name: 'Ada Lovelace', email: 'ada@example.com', password: 'correct horse battery' };
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
/** The same dates and numbers on every machine. */
const LOCALE = { locale: 'en-US', timezoneId: 'UTC' };

let step = 0;
function log(message) {
  step += 1;
  console.log(`${String(step).padStart(2, '0')}. ${message}`);
}

/** An API call outside the browser, as a client's server would make it. */
async function http(method, path, token, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function shot(page, name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** The page must not scroll sideways (the 375 px layout fits). */
async function assertFitsWidth(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${what} overflows the viewport by ${overflow}px`);
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is: no serious or critical violation. (Evaluated through
 * the DevTools protocol, so the page's strict CSP stays on.)
 */
async function assertAccessible(page, what) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations
      .filter((v) => ['serious', 'critical'].includes(v.impact))
      .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `${what}: accessibility violations`);
}

/** Every form control has an accessible name (a label, aria-label or aria-labelledby). */
async function assertLabelled(page, what) {
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter((el) => el.type !== 'hidden')
    .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, [], `${what}: controls without a label`);
}

function keyRow(page, name) {
  return page.locator(`tr[data-key-name="${name}"]`);
}

async function waitForStatus(page, name, status) {
  await keyRow(page, name).getByTestId('key-status').filter({ hasText: status }).waitFor();
}

/** Copies the new key with the Copy button and reads it back from the clipboard. */
async function copyNewKey(page) {
  const dialog = page.getByRole('dialog');
  await dialog.getByText('It will not be shown again', { exact: false }).waitFor();
  await dialog.getByTestId('copy-key').click();
  await dialog.getByText('Copied to clipboard').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, await dialog.getByTestId('new-key-secret').inputValue());
  assert.match(copied, /^fm_[0-9A-Za-z]{38}$/);
  return copied;
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: DESKTOP, ...LOCALE });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Refused API calls (401 before sign-in, a wrong password) are logged by Chromium as failed loads; those
    // are expected. Anything else on the console is a bug.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(message.text());
    });

    // Sign-up from the root URL.
    await page.goto(`${BASE}/`);
    await page.waitForURL('**/dashboard/signin');
    await page.getByRole('heading', { name: 'Sign in to your dashboard' }).waitFor();
    await assertLabelled(page, 'sign-in page');
    await assertAccessible(page, 'sign-in page');
    await shot(page, 'signin-desktop');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    await shot(page, 'signup-desktop');
    await page.getByLabel('Password').fill('short');
    await page.getByLabel('Name').fill(USER.name);
    await page.getByLabel('Email').fill(USER.email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('password: must have at least 8 characters').waitFor();
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL('**/dashboard/keys');
    log('signed up from / and landed on the API Keys page');

    const cookies = await context.cookies();
    const sessionCookie = cookies.find((c) => c.name === 'quire_session');
    assert.ok(sessionCookie?.httpOnly, 'the session cookie is HttpOnly');
    assert.equal(sessionCookie.sameSite, 'Strict');
    assert.equal(await page.evaluate(() => document.cookie.includes('quire_session')), false, 'scripts cannot read the session');

    // No environment selected: the page asks for one; the current environment is shown in the top bar.
    await page.getByTestId('choose-environment').waitFor();
    assert.equal(await page.getByTestId('current-environment').innerText(), 'No environment selected');
    await shot(page, 'keys-choose-environment-desktop');
    await assertAccessible(page, 'choose-environment page');
    await page.getByRole('button', { name: '+ New environment' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('staging');
    await page.getByRole('dialog').getByRole('button', { name: 'Create environment' }).click();
    await page.getByTestId('current-environment').filter({ hasText: 'staging' }).waitFor();
    await page.getByText('No API keys yet').waitFor();
    await page.getByTestId('environment-select').selectOption({ label: 'production' });
    await page.getByTestId('current-environment').filter({ hasText: 'production' }).waitFor();
    log('created "staging", switched between environments; the top bar follows');

    // Create a key with two permissions.
    await page.getByTestId('create-key').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Billing service');
    await dialog.getByLabel('View Analytics').check();
    assert.ok(await dialog.getByLabel('Generate Documents').isChecked());
    await assertLabelled(page, 'create-key dialog');
    await assertAccessible(page, 'create-key dialog');
    await shot(page, 'keys-create-dialog-desktop');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const key = await copyNewKey(page);
    await shot(page, 'keys-created-secret-desktop');
    await dialog.getByRole('button', { name: 'Done' }).click();
    await keyRow(page, 'Billing service').waitFor();
    const rowText = await keyRow(page, 'Billing service').innerText();
    assert.ok(rowText.includes('Generate Documents') && rowText.includes('View Analytics'), rowText);
    assert.ok(rowText.includes(key.slice(0, 11)), 'the row shows the key prefix');
    assert.ok(!rowText.includes(key), 'the list never shows the secret');
    log('created a key with Generate Documents + View Analytics and copied it from the page');

    // Use it as a client would; usage shows up in the list.
    for (let i = 0; i < 3; i += 1) {
      const verify = await http('GET', '/api/auth/verify', key);
      assert.equal(verify.status, 200, JSON.stringify(verify.body));
      assert.deepEqual(verify.body.permissions.sort(), ['analytics:view', 'documents:generate']);
      assert.equal(verify.body.workspaceName, 'production');
    }
    await page.reload();
    await keyRow(page, 'Billing service').getByTestId('total-requests').filter({ hasText: /^3$/ }).waitFor();
    assert.ok(await keyRow(page, 'Billing service').getByTestId('usage-chart').isVisible());
    assert.ok((await keyRow(page, 'Billing service').innerText()).includes('Just now'));
    await shot(page, 'keys-list-desktop');
    await assertAccessible(page, 'API Keys page');
    log('called /api/auth/verify 3 times with the key; the page shows 3 requests, last used just now, and a chart');

    // Revoke with confirmation: the API refuses the key at once.
    await keyRow(page, 'Billing service').getByRole('button', { name: 'Revoke Billing service' }).click();
    await page.getByRole('dialog').getByText('will be refused at once').waitFor();
    await shot(page, 'keys-revoke-confirm-desktop');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    assert.equal((await http('GET', '/api/auth/verify', key)).status, 200, 'cancel leaves the key working');
    await keyRow(page, 'Billing service').getByRole('button', { name: 'Revoke Billing service' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await waitForStatus(page, 'Billing service', 'Revoked');
    const refused = await http('GET', '/api/auth/verify', key);
    assert.equal(refused.status, 401);
    assert.equal(refused.body.code, 'ERR_AKEY_003');
    log('revoked after confirming (cancel kept it); the API answers ERR_AKEY_003');

    await keyRow(page, 'Billing service').getByRole('button', { name: 'Reactivate Billing service' }).click();
    await waitForStatus(page, 'Billing service', 'Active');
    assert.equal((await http('GET', '/api/auth/verify', key)).status, 200);
    log('reactivated; the key works again');

    // Rotate without grace: the new key works, the old one has expired.
    await keyRow(page, 'Billing service').getByRole('button', { name: 'Rotate Billing service' }).click();
    await page.getByRole('dialog').getByTestId('grace-period').selectOption('0');
    await shot(page, 'keys-rotate-dialog-desktop');
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate key' }).click();
    const rotated = await copyNewKey(page);
    assert.notEqual(rotated, key);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    assert.equal((await http('GET', '/api/auth/verify', rotated)).status, 200);
    const old = await http('GET', '/api/auth/verify', key);
    assert.equal(old.body.code, 'ERR_AKEY_004');
    const rows = page.locator('tr[data-key-name="Billing service"]');
    await rows.nth(1).waitFor();
    log('rotated with no grace period; the new key works and the old one answers ERR_AKEY_004');

    // Delete both records with confirmation.
    while (await rows.count() > 0) {
      const before = await rows.count();
      await rows.first().getByRole('button', { name: 'Delete Billing service' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete key' }).click();
      await page.waitForFunction((n) => document.querySelectorAll('tr[data-key-name="Billing service"]').length < n, before);
    }
    await page.getByText('No API keys yet').waitFor();
    const deleted = await http('GET', '/api/auth/verify', rotated);
    assert.equal(deleted.status, 401);
    assert.equal(deleted.body.code, 'ERR_AUTH_004');
    log('deleted after confirming; the API no longer knows the key (ERR_AUTH_004)');

    // A key with an expiration date and its own rate limit, then edited; it stays for the screenshots.
    await page.getByTestId('create-key').click();
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('Reporting worker');
    await page.getByRole('dialog').getByLabel('Manage Templates').check();
    await page.getByRole('dialog').getByLabel('Expiration date').fill('2030-12-31');
    await page.getByRole('dialog').getByLabel('Rate limit').fill('600');
    await page.getByRole('dialog').getByLabel('Monthly documents').fill('5000');
    await page.getByRole('dialog').getByRole('button', { name: 'Create key' }).click();
    const reporting = await copyNewKey(page);
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
    await keyRow(page, 'Reporting worker').getByText('Expires Dec 31, 2030').waitFor();
    await keyRow(page, 'Reporting worker').getByText('5,000 documents/month').waitFor();
    assert.deepEqual((await http('GET', '/api/auth/verify', reporting)).body.permissions.sort(), ['documents:generate', 'templates:manage']);
    await keyRow(page, 'Reporting worker').getByRole('button', { name: 'Edit Reporting worker' }).click();
    const edit = page.getByRole('dialog');
    assert.equal(await edit.getByLabel('Rate limit').inputValue(), '600');
    assert.equal(await edit.getByLabel('Expiration date').inputValue(), '2030-12-31');
    assert.equal(await edit.getByLabel('Monthly documents').inputValue(), '5000');
    await edit.getByLabel('Manage Templates').uncheck();
    await edit.getByLabel('View Analytics').check();
    await shot(page, 'keys-edit-dialog-desktop');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('“Reporting worker” updated').waitFor();
    const edited = await http('GET', '/api/auth/verify', reporting);
    assert.deepEqual(edited.body.permissions.sort(), ['analytics:view', 'documents:generate'], 'the edit applies at once');
    for (let i = 0; i < 4; i += 1) await http('GET', '/api/auth/verify', reporting);
    await page.reload();
    await keyRow(page, 'Reporting worker').getByTestId('total-requests').filter({ hasText: /^6$/ }).waitFor();
    await shot(page, 'keys-desktop');
    log('created a key expiring 2030-12-31 with 600 requests/min and 5,000 documents/month; edited its permissions, which apply at once');

    // Members: invite; a second user accepts; change the role; remove.
    await page.getByRole('link', { name: 'Members' }).click();
    await page.getByRole('heading', { name: 'Invite a member' }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill('grace@example.com');
    await page.getByLabel('Role', { exact: true }).selectOption('admin');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Pending invitations').waitFor();
    // Grace signs up in her own browser, sees the invitation and accepts it there.
    const graceContext = await browser.newContext({ viewport: DESKTOP, ...LOCALE });
    const gracePage = await graceContext.newPage();
    gracePage.on('pageerror', (error) => pageErrors.push(error.message));
    await gracePage.goto(`${BASE}/dashboard/signup`);
    await gracePage.getByLabel('Name').fill('Grace Hopper');
    await gracePage.getByLabel('Email').fill('grace@example.com');
    await gracePage.getByLabel('Password').fill('another good password');
    await gracePage.getByRole('button', { name: 'Create account' }).click();
    const banner = gracePage.getByTestId('invitation-banner');
    await banner.filter({ hasText: "You are invited to join Ada Lovelace's project as admin." }).waitFor();
    await shot(gracePage, 'invitation-banner-desktop');
    await banner.getByRole('button', { name: 'Accept' }).click();
    await gracePage.getByText("You joined “Ada Lovelace's project”").waitFor();
    await banner.waitFor({ state: 'detached' });
    assert.equal(await gracePage.getByTestId('project-select').locator('option:checked').innerText(), "Ada Lovelace's project");
    const graceCookies = await graceContext.cookies();
    const graceCookie = graceCookies.map((c) => `${c.name}=${c.value}`).join('; ');
    await graceContext.close();
    await page.reload();
    const graceRow = page.locator('tr', { hasText: 'grace@example.com' });
    await graceRow.waitFor();
    await assertLabelled(page, 'members page');
    await assertAccessible(page, 'members page');
    await shot(page, 'members-desktop');
    await graceRow.getByLabel('Role of Grace Hopper', { exact: true }).selectOption('viewer');
    assert.ok(await graceRow.getByRole('button', { name: 'Save role of Grace Hopper' }).isEnabled(), 'Save waits for a change');
    await graceRow.getByRole('button', { name: 'Save role of Grace Hopper' }).click();
    await page.getByText('Grace Hopper is now viewer').waitFor();
    const graceTeams = await fetch(`${BASE}/api/teams`, { headers: { Cookie: graceCookie } }).then((r) => r.json());
    assert.equal(graceTeams.data.find((t) => t.name === "Ada Lovelace's project").role, 'viewer');
    await page.locator('tr', { hasText: 'grace@example.com' }).getByRole('button', { name: 'Remove Grace Hopper' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove member' }).click();
    await page.getByText('Grace Hopper removed').waitFor();
    await page.locator('tr', { hasText: 'grace@example.com' }).waitFor({ state: 'detached' });
    log('invited a member, who signed up and accepted in her browser; changed her role to viewer; removed her');

    // Activity log.
    await page.getByRole('link', { name: 'Activity' }).click();
    const activity = page.getByTestId('activity-list');
    await activity.waitFor();
    const activityText = await activity.innerText();
    for (const phrase of ['created API key', 'revoked API key', 'reactivated API key', 'rotated API key', 'deleted API key', 'invited grace@example.com as admin',
      'changed the role of grace@example.com to viewer', 'removed grace@example.com', 'created environment staging']) {
      assert.ok(activityText.includes(phrase), `activity lists "${phrase}":\n${activityText}`);
    }
    assert.ok(!activityText.includes(key) && !activityText.includes(rotated), 'no secret in the activity log');
    await shot(page, 'activity-desktop');
    await assertAccessible(page, 'activity page');
    log('the activity log lists every change, without secrets');

    // Keyboard: a dialog opens from the keyboard, keeps focus inside, closes with Escape.
    await page.getByRole('link', { name: 'API Keys' }).click();
    await page.getByTestId('create-key').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.closest('dialog') !== null), true, 'focus moves into the dialog');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    log('keyboard: the create dialog opens with Enter, takes focus, closes with Escape');

    // 375 px wide: every page fits, tables become cards, the sidebar is a drawer.
    const phone = await browser.newContext({ viewport: PHONE, ...LOCALE, storageState: await context.storageState() });
    const small = await phone.newPage();
    small.on('pageerror', (error) => pageErrors.push(error.message));
    for (const [path, name] of [['keys', 'keys'], ['members', 'members'], ['activity', 'activity']]) {
      await small.goto(`${BASE}/dashboard/${path}`);
      await small.locator('.page, .empty-state').first().waitFor();
      await assertFitsWidth(small, name);
      await assertAccessible(small, `${name} at 375 px`);
      await shot(small, `${name}-375`);
    }
    await small.getByRole('button', { name: 'Menu' }).click();
    await small.getByRole('link', { name: 'Members' }).waitFor({ state: 'visible' });
    await shot(small, 'menu-375');
    await small.getByRole('link', { name: 'API Keys' }).click();
    await small.getByTestId('create-key').click();
    await assertFitsWidth(small, 'create dialog');
    await shot(small, 'keys-create-dialog-375');
    await small.keyboard.press('Escape');
    await phone.close();
    const signedOut = await browser.newContext({ viewport: PHONE, ...LOCALE });
    const signinSmall = await signedOut.newPage();
    await signinSmall.goto(`${BASE}/dashboard/signin`);
    await signinSmall.getByRole('heading', { name: 'Sign in to your dashboard' }).waitFor();
    await assertFitsWidth(signinSmall, 'sign-in');
    await shot(signinSmall, 'signin-375');
    await signedOut.close();
    log('at 375 px every page fits without sideways scrolling; the menu opens as a drawer');

    // The access token runs out (its cookie is dropped): the dashboard refreshes the session silently.
    await context.clearCookies({ name: 'quire_session' });
    await page.reload();
    await keyRow(page, 'Reporting worker').waitFor();
    assert.ok((await context.cookies()).some((c) => c.name === 'quire_session'), 'a new session cookie was set');
    await page.getByTestId('create-key').click();
    await page.getByRole('dialog').getByLabel('Name', { exact: true }).fill('After refresh');
    await page.getByRole('dialog').getByRole('button', { name: 'Create key' }).click();
    await copyNewKey(page);
    await page.keyboard.press('Escape');
    await keyRow(page, 'After refresh').waitFor();
    log('with the access cookie gone, the page refreshed the session silently and a write (with the new CSRF token) worked; Escape on the new key still refreshed the list');

    // OAuth: the consent page and the Apps page.
    await checkOAuth({ base: BASE, page, user: USER, http, log, shot, assertAccessible });

    // Sign out, and back in.
    await page.getByTestId('sign-out').click();
    await page.waitForURL('**/dashboard/signin');
    await page.goto(`${BASE}/dashboard/keys`);
    await page.waitForURL('**/dashboard/signin');
    await page.getByLabel('Email').fill(USER.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Invalid email or password').waitFor();
    await page.getByLabel('Password').fill(USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/dashboard/keys');
    await page.getByTestId('current-environment').filter({ hasText: 'production' }).waitFor();
    log('signed out (the keys page then asks to sign in); a wrong password is explained; signed back in');

    assert.deepEqual(pageErrors, [], 'no script errors in the pages');
    await context.close();
    console.log('all dashboard checks passed');
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
