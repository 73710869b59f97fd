// The console's shell: sign-in, navigation and the page router. Each page is a module with
// render(container, context) that returns a clean-up function (stop polling, abort requests).

import { clearSession, completeOidcSignIn, currentSession, devSignIn, startOidcSignIn } from './auth.js';
import { get, whenUnauthorized } from './api.js';
import { clear, h, notice } from './ui.js';
import * as chat from './pages/chat.js';
import * as integrations from './pages/integrations.js';
import * as usage from './pages/usage.js';
import * as billing from './pages/billing.js';
import * as finetune from './pages/finetune.js';
import * as members from './pages/members.js';
import * as settings from './pages/settings.js';
import * as welcome from './pages/welcome.js';

const PAGES = [
  { id: 'chat', label: 'Chat', module: chat },
  { id: 'integrations', label: 'Integrations', module: integrations },
  { id: 'usage', label: 'Usage', module: usage },
  { id: 'billing', label: 'Billing', module: billing },
  { id: 'finetune', label: 'Fine-tuning', module: finetune },
  { id: 'members', label: 'Members', module: members },
  { id: 'settings', label: 'Settings', module: settings },
];

const root = document.getElementById('app');
let config = null;
let cleanup = () => {};
let store = null;

async function boot() {
  try {
    const response = await fetch('/console/config.json', { cache: 'no-cache', credentials: 'omit' });
    if (!response.ok) throw new Error(String(response.status));
    config = await response.json();
  } catch {
    clear(root, h('main', { class: 'signin' }, notice('error', h('p', {},
      "The console could not load its settings from the server. Check your connection and reload the page."))));
    return;
  }
  whenUnauthorized((message) => signOut(message));
  const answer = config.login_url ? await completeOidcSignIn(config) : null;
  if (answer?.error) {
    clearSession();
    showSignIn(answer.error);
  } else if (currentSession()) {
    showConsole();
  } else {
    showSignIn();
  }
  window.addEventListener('hashchange', () => {
    if (currentSession() && store) route();
  });
}

function signOut(message) {
  if (!store && !currentSession()) return; // already signed out: the first reason stays on the screen
  cleanup();
  cleanup = () => {};
  clearSession();
  store = null;
  showSignIn(message);
}

// --- sign-in ----------------------------------------------------------------------------------------------------

function showSignIn(message) {
  document.title = 'Sign in · SME-Plug console';
  const status = h('div', { class: 'signin-status', 'aria-live': 'polite' });
  const panel = h('section', { class: 'card signin-card', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', tabindex: -1 }, 'Sign in to SME-Plug'),
    message ? notice('warn', h('p', {}, message)) : null);

  if (config.auth === 'dev') {
    panel.append(
      h('p', {}, 'This is the local stack. Choose a sample organisation to sign in as; you get a development token for it.'),
      h('ul', { class: 'tenant-choices' }, (config.sample_tenants ?? []).map((tenant) => h('li', {},
        h('button', {
          type: 'button', class: 'button tenant-choice', 'data-tenant': tenant.tenant_id,
          onclick: async (event) => {
            event.currentTarget.disabled = true;
            clear(status, h('p', {}, `Signing in as ${tenant.tenant_id}…`));
            try {
              await devSignIn(tenant.tenant_id, config);
              showConsole();
            } catch (error) {
              event.target.disabled = false;
              clear(status, notice('error', h('p', {}, error.message)));
            }
          },
        }, h('strong', {}, tenant.name), h('span', { class: 'muted' }, tenant.tenant_id))))),
      h('p', { class: 'muted small' }, 'Development sign-in exists only on the local stack; deployed, you sign in with your organisation account.'),
    );
    if (config.login_url) {
      panel.append(h('p', {}, 'Or sign in as any user through the local OIDC issuer’s login page, as deployed users do: ',
        h('button', { type: 'button', class: 'button', id: 'oidc-sign-in', onclick: () => startOidcSignIn(config) },
          'Sign in with the login page')));
    }
  } else if (config.login_url) {
    panel.append(
      h('p', {}, 'Sign in with your organisation account. You will come back here afterwards.'),
      h('button', { type: 'button', class: 'button button-primary', onclick: () => startOidcSignIn(config) }, 'Sign in'),
    );
  } else {
    panel.append(notice('error', h('p', {},
      'Sign-in is not configured for this deployment: the ConsoleLoginUrl parameter (CONSOLE_LOGIN_URL) is empty. '
      + 'Ask the administrator who deployed SME-Plug.')));
  }
  panel.append(status);
  clear(root, h('main', { class: 'signin', id: 'main' }, h('p', { class: 'brand brand-large' }, 'SME-Plug'), panel));
  panel.querySelector('h1').focus();
}

// --- the signed-in console --------------------------------------------------------------------------------------

/** Who the signed-in user is comes from the API (GET /me: our membership records), never from the token's claims. */
async function showConsole() {
  const session = currentSession();
  store = { tenant: session.tenant_id, role: null };
  let me;
  try {
    me = await get('/me');
  } catch (error) {
    if (error.status === 401 || !currentSession()) return; // signed out meanwhile
    clear(root, h('main', { class: 'signin', id: 'main' }, notice('error', h('p', {}, error.plain))));
    return;
  }
  store = { tenant: me.tenant_id, role: me.role, email: me.email };
  document.body.dataset.role = me.role ?? 'none';
  const nav = h('nav', { 'aria-label': 'Console' }, h('ul', {}, (me.tenant_id ? PAGES : []).map((page) =>
    h('li', {}, h('a', { href: `#/${page.id}`, 'data-page': page.id }, page.label)))));
  const main = h('main', { id: 'main', tabindex: -1 });
  const skip = h('a', {
    class: 'skip', href: '#main',
    onclick: (event) => { event.preventDefault(); (main.querySelector('h1') ?? main).focus(); },
  }, 'Skip to content');
  const header = h('header', { class: 'topbar' },
    h('div', { class: 'topbar-row' },
      h('span', { class: 'brand' }, 'SME-Plug'),
      h('span', { class: 'who' }, 'Signed in as ', h('strong', { id: 'tenant-id' }, me.tenant_id ?? 'no organisation yet'),
        me.role ? h('span', { class: 'muted', id: 'role' }, ` (${me.role})`) : null),
      h('button', { type: 'button', class: 'button button-quiet', id: 'sign-out', onclick: () => signOut('You signed out.') }, 'Sign out')),
    nav);
  clear(root, skip, header, main);
  if (!location.hash.startsWith('#/')) history.replaceState(null, '', '#/chat');
  route();
}

function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  if (path.startsWith('invitations/') || !store.tenant) {
    cleanup();
    const main = root.querySelector('main');
    const controller = new AbortController();
    cleanup = () => controller.abort();
    const joined = () => { history.replaceState(null, '', '#/chat'); showConsole(); };
    if (path.startsWith('invitations/')) {
      document.title = 'Invitation · SME-Plug console';
      welcome.accept(main, path.slice('invitations/'.length), { signal: controller.signal, onJoined: joined });
    } else {
      document.title = 'Welcome · SME-Plug console';
      welcome.render(main, { signal: controller.signal, onJoined: joined });
    }
    main.querySelector('h1')?.focus({ preventScroll: true });
    return;
  }
  const page = PAGES.find((p) => p.id === path) ?? PAGES[0];
  cleanup();
  for (const link of root.querySelectorAll('nav a')) {
    if (link.dataset.page === page.id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const main = root.querySelector('main');
  clear(main);
  document.title = `${page.label} · SME-Plug console`;
  const controller = new AbortController();
  const context = {
    signal: controller.signal,
    store,
    params: new URLSearchParams(query ?? ''),
    navigate: (hash) => { location.hash = hash; },
    onDeleted: () => signOut('Your organisation was deleted.'),
  };
  const pageCleanup = page.module.render(main, context);
  cleanup = () => {
    controller.abort();
    if (typeof pageCleanup === 'function') pageCleanup();
  };
  main.querySelector('h1')?.focus({ preventScroll: true });
}

boot();
