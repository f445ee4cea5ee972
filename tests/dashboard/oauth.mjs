// The OAuth consent page and the Apps page in Chromium: an app registered by API sends the browser to
// /oauth/authorize; the signed-in user sees the app, its registrant and scopes, picks the environment and clicks
// Allow (and, another time, Deny); the code is exchanged with its PKCE verifier; the Apps page revokes the grant.
// Called from e2e.mjs with its helpers.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';

const REDIRECT = 'https://app.example/callback';

function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(base, clientId, challenge, state) {
  const query = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope: 'documents:generate profile:read',
    state, code_challenge: challenge, code_challenge_method: 'S256',
  });
  return `${base}/oauth/authorize?${query}`;
}

/** Runs the checks in `page` (signed in as `user`, owner of a project with "production" and "staging"). */
export async function checkOAuth({ base, page, user, http, log, shot, assertAccessible }) {
  const login = await http('POST', '/api/auth/login', null, { email: user.email, password: user.password });
  const jwt = login.body.accessToken;
  const teams = await http('GET', '/api/teams', jwt);
  const team = teams.body.data.find((t) => t.isPersonal);
  const registered = await http('POST', '/api/oauth/register', jwt, {
    client_name: 'Zapier test', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none',
    scope: 'documents:generate profile:read', team_id: team.id,
  });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));
  const clientId = registered.body.client_id;
  // The app's callback is not a real site: the browser's request to it is answered here.
  await page.route(`${REDIRECT}**`, (route) => route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback' }));

  const allow = pkce();
  await page.goto(authorizeUrl(base, clientId, allow.challenge, 'state-allow'));
  await page.waitForURL((url) => url.pathname === '/dashboard/authorize');
  await page.getByRole('heading', { name: 'Authorize Zapier test' }).waitFor();
  assert.equal(await page.getByTestId('consent-registrant').innerText(), `${user.name} (${user.email})`);
  const scopes = await page.getByTestId('consent-scopes').innerText();
  assert.ok(scopes.includes('Generate Documents') && scopes.includes('profile:read'), scopes);
  await assertAccessible(page, 'consent page');
  await shot(page, 'consent-desktop');
  await page.getByLabel('Environment the app works in').selectOption({ label: 'staging' });
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${REDIRECT}?`));
  const back = new URL(page.url());
  assert.equal(back.searchParams.get('state'), 'state-allow');
  const code = back.searchParams.get('code');
  assert.ok(code?.startsWith('oac_'), page.url());
  log('the consent page showed the app, its registrant and scopes; Allow in "staging" sent a code with the state');

  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT,
    code_verifier: allow.verifier, client_id: clientId });
  const tokens = await fetch(`${base}/api/oauth/token`, { method: 'POST', body: form }).then((r) => r.json());
  assert.ok(tokens.access_token?.startsWith('oat_'), JSON.stringify(tokens));
  const verify = await fetch(`${base}/api/auth/verify`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(verify.status, 200);
  assert.equal(verify.headers.get('x-ratelimit-limit'), '120');
  const caller = await verify.json();
  assert.equal(caller.authType, 'oauth');
  const staging = (await http('GET', `/api/teams/${team.id}/environments`, jwt)).body.data.find((e) => e.name === 'staging');
  assert.equal(caller.workspaceId, staging.id, 'the token acts in the environment picked on the page');
  log('the code and its PKCE verifier gave an oat_ token acting in "staging", counted in the 120/min OAuth tier');

  const deny = pkce();
  await page.goto(authorizeUrl(base, clientId, deny.challenge, 'state-deny'));
  await page.getByRole('button', { name: 'Deny' }).click();
  await page.waitForURL((url) => url.href.startsWith(`${REDIRECT}?`));
  const denied = new URL(page.url());
  assert.equal(denied.searchParams.get('error'), 'access_denied');
  assert.equal(denied.searchParams.get('state'), 'state-deny');
  assert.equal(denied.searchParams.get('code'), null);
  log('Deny sent the user back with error=access_denied and the state');

  await page.goto(`${base}/oauth/authorize?client_id=${clientId}&redirect_uri=https%3A%2F%2Fevil.example%2F&response_type=code`);
  await page.getByTestId('consent-error').waitFor();
  assert.ok(page.url().startsWith(`${base}/dashboard/authorize`), 'an unregistered redirect URI is never followed');
  await assertAccessible(page, 'consent error page');
  log('an unregistered redirect URI is shown as an error, not followed');

  await page.goto(`${base}/dashboard/apps`);
  const mine = page.getByRole('table', { name: 'Apps you allowed' });
  await mine.getByRole('row', { name: /Zapier test/ }).waitFor();
  await page.getByRole('table', { name: 'Grants of Zapier test' }).waitFor();
  await assertAccessible(page, 'apps page');
  await shot(page, 'apps-desktop');
  await mine.getByRole('button', { name: 'Revoke Zapier test' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke access' }).click();
  await page.getByText('Zapier test no longer has access').waitFor();
  const after = await fetch(`${base}/api/auth/verify`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  assert.equal(after.status, 401);
  assert.equal((await after.json()).code, 'ERR_AUTH_004');
  log('the Apps page listed the grant for the user and for the owner; Revoke ended the token at once (ERR_AUTH_004)');
}
