// The console in a real browser (Debian's chromium driven by playwright-core) against a running local stack.
// Run by ConsoleBrowserIT in `mvn verify`; by hand against ./infra/local/run:
//   BASE_URL=http://127.0.0.1:3000 SCREENSHOT_DIR=/tmp/shots node infra/console-e2e/console.spec.mjs
// The stack must have STEP_DELAY_SECONDS=0 (fine-tune steps back to back) and PLAN_STARTER_QUERY_QUOTA=1 (so the
// quota message can be seen). Exit code 0 means every check passed; each check prints one line.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../local/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const BASE = (process.env.BASE_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const SHOTS = process.env.SCREENSHOT_DIR ?? join(tmpdir(), 'console-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TIMEOUT = Number(process.env.STEP_TIMEOUT_MS ?? 20000);
const FINETUNE_TIMEOUT = Number(process.env.FINETUNE_TIMEOUT_MS ?? 90000);

const HOSPITAL_ONLY = ['Hospital Beta', 'EHR integration', 'HIPAA audit', 'Medline', 'Cardinal Health', 'IV saline'];
const LAWFIRM_ONLY = ['LawFirm Alpha', 'GDPR compliance review', 'LexisNexis', 'Thomson Reuters'];
const BUILDCO_ONLY = ['BuildCo Gamma', 'Nucor', 'CEMEX', 'rebar'];

mkdirSync(SHOTS, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'smeplug-chromium-'));
const started = Date.now();
let checks = 0;
let page;

function ok(message) {
  checks += 1;
  console.log(`  ok ${checks} - ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function shot(name) {
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`     screenshot ${file}`);
}

async function text() {
  return page.locator('main').innerText();
}

function assertNone(body, words, who) {
  for (const word of words) assert.ok(!body.includes(word), `${who} must not see "${word}"`);
}

/** Opens a page by its hash and waits until the router has rendered it (not just until some heading exists). */
async function go(hash) {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.locator(`nav a[data-page="${hash.replace('#/', '')}"][aria-current="page"]`).waitFor();
  await page.locator('main h1').first().waitFor();
}

async function signInAs(tenant) {
  await page.getByRole('heading', { name: 'Sign in to SME-Plug' }).waitFor();
  await page.locator(`button[data-tenant="${tenant}"]`).click();
  await page.locator('#tenant-id', { hasText: tenant }).waitFor();
}

async function apiToken(tenant) {
  const response = await fetch(`${BASE}/_local/token`, { method: 'POST', body: tenant });
  return (await response.json()).token;
}

async function apiGet(path, tenant) {
  const response = await fetch(`${BASE}${path}`, { headers: { Authorization: `Bearer ${await apiToken(tenant)}` } });
  assert.equal(response.status, 200, `GET ${path} as ${tenant}`);
  return response.json();
}

async function usageCount() {
  const count = page.locator('#usage-count');
  await count.waitFor();
  return Number((await count.innerText()).replace(/[^0-9]/g, ''));
}

async function integrationsLoaded() {
  await page.locator('#integration-salesforce [data-sync], #integration-salesforce .notice-error, #integration-salesforce .notice-info').first().waitFor();
  await page.locator('#integration-sap [data-sync], #integration-sap .notice-error, #integration-sap .notice-info').first().waitFor();
}

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  chromiumSandbox: false,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
  timeout: 60000,
});
const problems = [];
const tokensSeenInUrls = [];
try {
  context.setDefaultTimeout(TIMEOUT);
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // The browser logs every non-2xx answer; those are expected here (401/403/404/429 are tested on purpose).
    if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (401|403|404|429)/.test(message.text())) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('framenavigated', (frame) => { if (/token|eyJ/.test(frame.url())) tokensSeenInUrls.push(frame.url()); });
  page.on('request', (request) => { if (/eyJ/.test(request.url())) tokensSeenInUrls.push(request.url()); });

  console.log(`console e2e against ${BASE} with ${context.browser()?.version() ?? 'chromium'}`);

  // --- sign in as hospital_beta --------------------------------------------------------------------------------
  await page.goto(`${BASE}/`);
  await page.getByRole('heading', { name: 'Sign in to SME-Plug' }).waitFor();
  await shot('01-sign-in');
  await signInAs('hospital_beta');
  assert.ok(page.url().endsWith('#/chat'), `lands on Chat, not ${page.url()}`);
  ok('signs in as hospital_beta with the dev sign-in and lands on Chat');

  await go('#/usage');
  const usageBefore = await usageCount();
  ok(`usage before the chat: ${usageBefore}`);

  // --- chat: a cited answer ------------------------------------------------------------------------------------
  await go('#/chat');
  await page.locator('#chat-plug option[value="healthcare"]').waitFor({ state: 'attached' });
  await page.locator('#chat-plug').selectOption('healthcare');
  await page.getByLabel('Your question').fill('What must we do under HIPAA when a laptop with patient records is lost?');
  await page.getByRole('button', { name: 'Ask', exact: true }).click();
  const answer = page.locator('.bubble-answer').last();
  await answer.waitFor();
  const citations = await answer.locator('.citation').count();
  assert.ok(citations >= 1, 'the answer cites at least one source');
  assert.match(await answer.locator('.answer-meta').innerText(), /Model: \S+/);
  assert.ok((await answer.locator('.reply').innerText()).trim().length > 40, 'the answer has a reply');
  await shot('02-chat');
  ok(`asks a question and sees an answer with ${citations} citation(s) and the model that answered`);

  // --- usage rises by exactly the one answered question ----------------------------------------------------------
  await go('#/usage');
  let usageAfter = await usageCount();
  for (let i = 0; i < 10 && usageAfter !== usageBefore + 1; i++) {
    await page.waitForTimeout(500);
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.locator('#usage-count').waitFor();
    usageAfter = await usageCount();
  }
  assert.equal(usageAfter, usageBefore + 1, 'usage rises by one after one answered question');
  assert.equal(await page.locator('#usage-bar').getAttribute('aria-valuenow'), String(usageAfter));
  const today = new Date().toISOString().slice(0, 10);
  const todayBar = page.locator(`#daily-chart rect[data-date="${today}"]`);
  assert.ok(Number(await todayBar.getAttribute('data-count')) >= 1, 'today has a bar in the per-day chart');
  assert.match(await text(), /Healthcare SME/);
  await shot('03-usage');
  ok(`usage rose from ${usageBefore} to ${usageAfter}; today's bar and the healthcare count show it`);

  // --- integrations: sample badges, this tenant's records only, sync ----------------------------------------------
  await go('#/integrations');
  await integrationsLoaded();
  assert.equal(await page.locator('.badge-sample', { hasText: 'Sample data' }).count(), 2, 'both systems say Sample data');
  let body = await text();
  for (const word of ['Hospital Beta Health System', 'EHR integration', 'Medline']) assert.ok(body.includes(word), `shows ${word}`);
  assertNone(body, [...LAWFIRM_ONLY, ...BUILDCO_ONLY], 'hospital_beta');
  assert.ok(!/\bLive\b/i.test(await page.locator('body').innerText()), 'nothing calls sample data live');
  ok('Integrations shows the Sample data badge on CRM and ERP and only hospital_beta\'s records');

  await page.locator('[data-sync="salesforce"]').click();
  await page.locator('#integration-salesforce .notice-ok', { hasText: 'Synced at' }).waitFor();
  assert.match(await page.locator('#integration-salesforce .synced-at').innerText(), /Last synced \d/);
  assert.equal(await page.locator('#integration-salesforce .badge-sample').count(), 1, 'still sample data after sync');
  await page.locator('[data-sync="sap"]').click();
  await page.locator('#integration-sap .notice-ok', { hasText: 'Synced at' }).waitFor();
  await shot('04-integrations');
  ok('"Sync now" refreshes CRM and ERP and shows synced_at, still badged Sample data');

  // --- billing -----------------------------------------------------------------------------------------------------
  await go('#/billing');
  await page.locator('#billing-plan').waitFor();
  assert.equal(await page.locator('#billing-plan').innerText(), 'Enterprise');
  assert.match(await page.locator('#billing-mrr').innerText(), /^\$[0-9,]+\.\d\d$/);
  await page.locator('#invoices-title').waitFor();
  await page.locator('#subscribe').waitFor();
  await shot('05-billing');
  ok('Billing shows the plan, MRR, invoices and the subscription form');

  // --- fine-tuning: pasted JSONL, progress to 100, model id -------------------------------------------------------
  await go('#/finetune');
  await page.locator('#ft-plug option[value="healthcare"]').waitFor({ state: 'attached' });
  await page.locator('#ft-plug').selectOption('healthcare');
  const examples = Array.from({ length: 12 }, (_, i) => JSON.stringify({
    prompt: `Ward ${i + 1}: how many boxes of nitrile gloves should we keep in stock?`,
    completion: `Keep at least ${(i + 2) * 10} boxes on ward ${i + 1}, reorder at ${(i + 1) * 10}, and log lot numbers for recalls.`,
  })).join('\n');
  await page.getByLabel('Training examples (JSONL)').fill(examples);
  await page.locator('#ft-examples-check', { hasText: '12 examples ready.' }).waitFor();
  await page.getByRole('button', { name: 'Start fine-tuning' }).click();
  await page.locator('#ft-progress').waitFor();
  const jobId = (await page.locator('#ft-job-title code').innerText()).trim();
  const seen = new Set();
  const deadline = Date.now() + FINETUNE_TIMEOUT;
  for (;;) {
    const value = Number(await page.locator('#ft-progress').getAttribute('aria-valuenow'));
    seen.add(value);
    if (value === 100) break;
    const status = await page.locator('#ft-status').innerText();
    assert.ok(!/Failed|Cancelled/.test(status), `job ${jobId} ended: ${status}`);
    assert.ok(Date.now() < deadline, `job ${jobId} did not reach 100% in ${FINETUNE_TIMEOUT / 1000} s (stuck at ${value}%)`);
    await page.waitForTimeout(250);
  }
  await page.locator('#ft-status', { hasText: 'Complete' }).waitFor();
  const modelId = (await page.locator('#ft-model-id').innerText()).trim();
  assert.ok(modelId.length > 0, 'the model id is shown');
  const steps = await page.locator('#ft-steps li').count();
  assert.ok(steps >= 1, 'the step list is shown');
  assert.equal(await page.locator('#ft-steps li.step-complete').count(), steps, 'every step is complete');
  await page.locator('table', { hasText: jobId }).waitFor();
  await shot('06-finetune');
  ok(`fine-tune job ${jobId}: progress bar went ${[...seen].sort((a, b) => a - b).join(' → ')}%, ${steps} steps complete, model ${modelId}`);

  // --- keyboard and phone width --------------------------------------------------------------------------------
  await page.locator('.skip').focus();
  assert.ok(await page.locator('.skip').isVisible(), 'the skip link shows when it has focus');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'page-title', 'the skip link moves focus to the page heading');
  await page.locator('nav a[data-page="usage"]').focus();
  await page.keyboard.press('Enter');
  await page.locator('#usage-count').waitFor();
  ok('keyboard: the skip link focuses the heading and the navigation links work with Enter');

  await page.setViewportSize({ width: 375, height: 812 });
  for (const [hash, name] of [['#/chat', '07-phone-chat'], ['#/integrations', '08-phone-integrations'], ['#/usage', '09-phone-usage']]) {
    await go(hash);
    if (hash === '#/integrations') await integrationsLoaded();
    if (hash === '#/usage') await page.locator('#daily-chart').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${hash} is ${overflow}px wider than a 375px phone`);
    await shot(name);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  ok('Chat, Integrations and Usage fit a 375px phone screen without sideways scrolling');

  // --- another tenant sees none of hospital_beta's data ------------------------------------------------------------
  await page.locator('#sign-out').click();
  await page.getByText('You signed out.').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('smeplug.session')), null, 'signing out forgets the token');
  await signInAs('buildco_gamma');
  await go('#/chat');
  await page.locator('#chat-plug option[value="engineering"]').waitFor({ state: 'attached' });
  assert.equal(await page.locator('.turn').count(), 0, 'the new tenant starts with an empty conversation');
  await go('#/integrations');
  await integrationsLoaded();
  body = await text();
  for (const word of ['BuildCo Gamma Construction', 'Nucor Steel']) assert.ok(body.includes(word), `buildco_gamma sees ${word}`);
  assertNone(body, [...HOSPITAL_ONLY, ...LAWFIRM_ONLY], 'buildco_gamma');
  await shot('10-other-tenant-integrations');
  await go('#/finetune');
  await page.locator('#ft-jobs-title').waitFor();
  await page.locator('#ft-jobs-title ~ *').first().waitFor();
  assertNone(await text(), [jobId, modelId], 'buildco_gamma');
  await go('#/usage');
  const buildcoUsage = await usageCount();
  const buildcoApi = await apiGet('/billing/usage', 'buildco_gamma');
  assert.equal(buildcoUsage, buildcoApi.queries_this_month, 'buildco_gamma sees its own count');
  assertNone(await text(), ['Healthcare SME'], 'buildco_gamma');
  await go('#/billing');
  await page.locator('#billing-plan').waitFor();
  assert.equal(await page.locator('#billing-plan').innerText(), 'Starter');
  ok('after signing in as buildco_gamma: its own records, usage, plan and jobs, none of hospital_beta\'s');

  // The token itself switched (no sign-in screen): the page shows what the new token may see.
  const lawfirmToken = await apiToken('lawfirm_alpha');
  await page.evaluate((token) => sessionStorage.setItem('smeplug.session', JSON.stringify({ token, tenant_id: 'lawfirm_alpha' })), lawfirmToken);
  await page.reload();
  await page.locator('#tenant-id', { hasText: 'lawfirm_alpha' }).waitFor();
  await go('#/integrations');
  await integrationsLoaded();
  body = await text();
  assert.ok(body.includes('LawFirm Alpha LLP'), 'lawfirm_alpha sees its account');
  assertNone(body, [...HOSPITAL_ONLY, ...BUILDCO_ONLY], 'lawfirm_alpha');
  ok('with the token switched to lawfirm_alpha the page shows only lawfirm_alpha\'s records');

  // --- the sample subscribe flow: lawfirm_alpha adds a plug; the plan card shows the ledger's new MRR -------------
  await go('#/billing');
  await page.locator('#subscribe').waitFor();
  const mrrBefore = await page.locator('#billing-mrr').innerText();
  await page.getByLabel('Engineering SME').check();
  await page.locator('#subscribe').click();
  await page.getByText('Sample billing: no payment was taken.').waitFor();
  await page.locator('#billing-plugs li', { hasText: 'Engineering SME' }).waitFor();
  const lawfirmPlan = await apiGet('/billing/plan', 'lawfirm_alpha');
  const mrrAfter = await page.locator('#billing-mrr').innerText();
  assert.notEqual(mrrAfter, mrrBefore, 'the MRR changes with the added plug');
  assert.equal(Number(mrrAfter.replace(/[^0-9.]/g, '')), Number(lawfirmPlan.mrr), 'the page shows the ledger\'s MRR');
  await shot('11-billing-after-subscribe');
  ok(`subscribing in sample billing (no payment) adds the plug; MRR ${mrrBefore} → ${mrrAfter}`);

  // --- plain words for an API error: the starter plan's quota (PLAN_STARTER_QUERY_QUOTA=1 on this stack) ----------
  await page.locator('#sign-out').click();
  await signInAs('buildco_gamma');
  await go('#/chat');
  const { queries_limit: buildcoQuota, queries_this_month: buildcoUsed } = await apiGet('/billing/usage', 'buildco_gamma');
  assert.ok(buildcoQuota - buildcoUsed <= 3, `the stack needs PLAN_STARTER_QUERY_QUOTA=1 for this check (quota is ${buildcoQuota})`);
  for (let asked = 0; asked <= buildcoQuota - buildcoUsed; asked++) {
    await page.getByLabel('Your question').fill('How much cover does #5 rebar need in a footing?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.locator('.turn').nth(asked).locator('.bubble-answer, .notice-error').waitFor();
  }
  await page.locator('.turn .notice-error', { hasText: 'used all the questions your plan includes this month' }).waitFor();
  await shot('12-quota-reached');
  ok(`past the starter quota (${buildcoQuota}) the chat says so in plain words`);

  // --- a 401 sends the user back to sign-in ------------------------------------------------------------------------
  const [header, payload] = lawfirmToken.split('.');
  await page.evaluate((token) => sessionStorage.setItem('smeplug.session', JSON.stringify({ token, tenant_id: 'lawfirm_alpha' })),
    `${header}.${payload}.${'A'.repeat(43)}`);
  await page.locator('nav a[data-page="usage"]').click();
  await page.getByRole('heading', { name: 'Sign in to SME-Plug' }).waitFor();
  await page.getByText('Please sign in again.').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('smeplug.session')), null, 'the rejected token is forgotten');
  await shot('13-signed-out-after-401');
  ok('a 401 from the API sends the user back to sign-in and forgets the token');

  // --- a tenant without sample data connects its own Salesforce through the (local, fake) authorization page ------
  const urlsBefore = tokensSeenInUrls.length;
  const newcoToken = await apiToken('demo_newco');
  await page.evaluate((token) => sessionStorage.setItem('smeplug.session', JSON.stringify({ token, tenant_id: 'demo_newco' })), newcoToken);
  await page.evaluate(() => { location.hash = '#/integrations'; });
  await page.reload();
  await page.locator('#tenant-id', { hasText: 'demo_newco' }).waitFor();
  await page.locator('#connection-salesforce[data-status="not_connected"]').waitFor();
  await integrationsLoaded();
  await shot('14-integrations-not-connected');
  await page.locator('[data-action="connect-salesforce"]').click();
  await page.locator('#allow-harbor').waitFor();
  await shot('15-fake-salesforce-authorize');
  await page.locator('#allow-harbor').click();
  await page.waitForURL(/#\/integrations\?salesforce=connected/);
  await page.locator('#connection-salesforce[data-status="connected"]').waitFor();
  await page.locator('#integration-salesforce [data-sync]').waitFor();
  body = await text();
  assert.ok(body.includes('Harbor org: lighthouse lens inspection'), 'demo_newco sees its own org\'s open cases');
  assert.ok(body.includes('From Salesforce'), 'the records are labelled as coming from Salesforce');
  assertNone(body, ['Quill org', 'Sample data', ...HOSPITAL_ONLY, ...LAWFIRM_ONLY, ...BUILDCO_ONLY], 'demo_newco');
  const newcoCrm = await apiGet('/integrations/salesforce', 'demo_newco');
  assert.equal(newcoCrm.source, 'salesforce');
  assert.equal(newcoCrm.mock_mode, false);
  await shot('16-integrations-connected-salesforce');
  // The authorize URL asks for the scope "api refresh_token" (a word, not a token): only real token values count here.
  tokensSeenInUrls.splice(urlsBefore).filter((url) => /eyJ|access_token=|id_token=|5Aep861/.test(url))
    .forEach((url) => tokensSeenInUrls.push(url));
  ok('a new tenant connects its own Salesforce through the authorization page and sees source "salesforce" records');
  await page.locator('#sign-out').click();
  await page.getByText('You signed out.').waitFor();

  assert.deepEqual(tokensSeenInUrls, [], 'no token ever appears in a URL');

  // --- the deployed sign-in, played in this browser: config.json says oidc with a stand-in hosted login (.test
  // domain, answered here: nothing leaves the machine); the token endpoint is answered here too, at the origin the
  // page's Content-Security-Policy allows (the local issuer's), and checks the PKCE verifier against the challenge.
  const realConfig = await (await fetch(`${BASE}/console/config.json`)).json();
  const TOKEN_URL = realConfig.token_url;
  const LOGIN = 'https://login.example.test/oauth2/authorize';
  await page.route(`${BASE}/console/config.json`, (route) => route.fulfill({
    status: 200, contentType: 'application/json',
    body: JSON.stringify({ auth: 'oidc', login_url: LOGIN, token_url: TOKEN_URL, client_id: 'console-client', scope: 'openid email', tenant_claim: 'tenant_id' }),
  }));
  await page.route('https://login.example.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>hosted login</p>' }));
  const hospitalToken = await apiToken('hospital_beta');
  let challenge = null;
  const exchanges = [];
  await page.route(TOKEN_URL, async (route) => {
    const form = new URLSearchParams(route.request().postData() ?? '');
    exchanges.push(Object.fromEntries(form));
    const { createHash } = await import('node:crypto');
    const s256 = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
    const good = form.get('grant_type') === 'authorization_code' && form.get('code') === 'code-1' && s256 === challenge
      && form.get('client_id') === 'console-client' && form.get('redirect_uri') === `${BASE}/`;
    await route.fulfill({
      status: good ? 200 : 400, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' },
      body: JSON.stringify(good ? { id_token: hospitalToken, access_token: 'unused', token_type: 'Bearer', expires_in: 3600 } : { error: 'invalid_grant' }),
    });
  });
  await page.goto(`${BASE}/`);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/login\.example\.test/);
  const authorize = new URL(page.url());
  assert.equal(`${authorize.origin}${authorize.pathname}`, LOGIN);
  assert.equal(authorize.searchParams.get('client_id'), 'console-client');
  assert.equal(authorize.searchParams.get('response_type'), 'code', 'the authorization-code flow, not the implicit one');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.match(authorize.searchParams.get('code_challenge'), /^[A-Za-z0-9_-]{43}$/);
  assert.equal(authorize.searchParams.get('scope'), 'openid email');
  assert.equal(authorize.searchParams.get('redirect_uri'), `${BASE}/`);
  const state = authorize.searchParams.get('state');
  assert.match(state, /^[0-9a-f]{32}$/);
  await page.goto(`${BASE}/?code=code-1&state=wrong${state}`);
  await page.getByText('its state did not match').waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.getItem('smeplug.session')), null, 'a foreign answer is not accepted');
  assert.equal(exchanges.length, 0, 'a foreign answer is never exchanged');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/login\.example\.test/);
  const second = new URL(page.url());
  challenge = second.searchParams.get('code_challenge');
  await page.goto(`${BASE}/?code=code-1&state=${second.searchParams.get('state')}`);
  await page.locator('#tenant-id', { hasText: 'hospital_beta' }).waitFor();
  assert.ok(!page.url().includes('code=') && page.url().endsWith('#/chat'), `the code is cleared from the URL: ${page.url()}`);
  assert.equal(exchanges.length, 1);
  assert.ok(exchanges[0].code_verifier.length >= 43, 'a real PKCE verifier');
  await page.locator('#chat-plug option[value="healthcare"]').waitFor({ state: 'attached' });
  await page.unroute(`${BASE}/console/config.json`);
  await page.unroute(TOKEN_URL);
  assert.deepEqual(tokensSeenInUrls.filter((url) => !url.startsWith('https://login.example.test/')), []);
  ok('deployed sign-in: off to the hosted login with code + PKCE (S256) and state; the code is exchanged once, cleared from the URL');

  // --- a business joins by itself: sign-up through the real local OIDC login page, an organisation, an invitation --
  const suffix = Date.now().toString(36);
  const founder = `founder-${suffix}@newco.example`;
  const hire = `hire-${suffix}@newco.example`;
  async function signInThroughLoginPage(email) {
    await page.getByRole('heading', { name: 'Sign in to SME-Plug' }).waitFor();
    await page.locator('#oidc-sign-in').click();
    await page.locator('#email').waitFor();
    await page.locator('#email').fill(email);
    await page.locator('#sign-in').click();
    await page.waitForURL((url) => url.toString().startsWith(`${BASE}/`) && !url.search.includes('code='));
  }
  await page.locator('#sign-out').click();
  await page.goto(`${BASE}/`); // the page's real settings again (the stand-in hosted login is gone)
  await signInThroughLoginPage(founder);
  await page.getByRole('heading', { name: 'Welcome to SME-Plug' }).waitFor();
  await shot('20-first-run');
  await page.locator('#org-name').fill('NewCo Dental');
  await page.locator('#create-org-submit').click();
  await page.locator('#role', { hasText: 'admin' }).waitFor();
  ok('a new user signs in through the local issuer’s login page (code + PKCE) and creates an organisation as its admin');

  await go('#/members');
  await page.locator('#invite-email').fill(hire);
  await page.locator('#invite-send').click();
  const acceptUrl = await page.locator('#invite-link').innerText();
  assert.match(acceptUrl, /#\/invitations\/inv_[0-9a-f]{32}$/);
  await shot('21-members-invite');
  ok('the admin invites a member by email and gets the invitation link');

  await page.locator('#sign-out').click();
  await signInThroughLoginPage(hire);
  await page.getByRole('heading', { name: 'Welcome to SME-Plug' }).waitFor();
  await page.goto(acceptUrl);
  await page.locator('#role', { hasText: 'member' }).waitFor();
  ok('the invited member signs in, opens the link and joins as member');

  await go('#/billing');
  await page.locator('main h2').first().waitFor();
  assert.equal(await page.locator('#subscribe').isVisible(), false, 'no subscribe button for a member');
  await go('#/finetune');
  assert.equal(await page.locator('#ft-start').isVisible(), false, 'no fine-tune start for a member');
  await go('#/members');
  await page.locator('#members-list table').waitFor();
  assert.equal(await page.locator('#invite-form').count(), 0, 'no invite form for a member');
  assert.equal(await page.locator('[data-remove], [data-role-change]').count(), 0, 'no remove or role buttons for a member');
  assert.ok((await text()).includes(founder), 'the member sees who is in the organisation');
  await shot('22-member-members-page');
  await go('#/settings');
  assert.equal(await page.locator('#delete').count(), 0, 'no delete button for a member');
  assert.equal(await page.locator('#export').count(), 0, 'no export button for a member');
  const refused = await page.evaluate(async () => {
    const { token } = JSON.parse(sessionStorage.getItem('smeplug.session'));
    const response = await fetch('/tenants/invitations', { method: 'POST', headers: { Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'x@newco.example', role: 'admin' }) });
    return response.status;
  });
  assert.equal(refused, 403, 'the API refuses the member anyway');
  await shot('23-member-settings');
  ok('the member sees no admin control (billing, fine-tuning, members, settings) and the API refuses them anyway');

  assert.deepEqual(problems, [], 'no script errors and no Content-Security-Policy violations');
  ok('no token in any URL the console made, no script error, no Content-Security-Policy violation');
  console.log(`${checks} passed, 0 failed`);
} catch (error) {
  console.error(`not ok - ${error.message}`);
  if (problems.length) console.error(`browser problems:\n  ${problems.join('\n  ')}`);
  if (page) {
    await page.screenshot({ path: join(SHOTS, '99-failure.png'), fullPage: true }).catch(() => {});
    console.error(`page at failure: ${page.url()}\n${(await page.locator('body').innerText().catch(() => '')).slice(0, 2000)}`);
  }
  console.log(`${checks} passed, 1 failed`);
  process.exitCode = 1;
} finally {
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
