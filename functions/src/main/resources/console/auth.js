// Who is signed in. The token lives in this tab's sessionStorage (gone when the tab closes) and in memory; it is
// never put in a URL. Sign-in is the authorization-code flow with PKCE: only a single-use code passes through the
// URL, read once and removed from the address bar straight away.

const SESSION_KEY = 'smeplug.session';
const STATE_KEY = 'smeplug.oidc_state';

export function currentSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null');
    return session && typeof session.token === 'string' ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(token, config) {
  const claims = claimsOf(token);
  const session = {
    token,
    tenant_id: claims?.[config.tenant_claim ?? 'tenant_id'] ?? null,
    user: claims?.email ?? claims?.['cognito:username'] ?? claims?.sub ?? null,
  };
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export function clearSession() {
  sessionStorage.removeItem(SESSION_KEY);
}

/** The token's claims, for display only: the API verifies the token, the page never trusts these for access. */
export function claimsOf(token) {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(payload), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** Local stack only: a dev token for a sample tenant from POST /_local/token. */
export async function devSignIn(tenantId, config) {
  let response;
  try {
    response = await fetch('/_local/token', {
      method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: tenantId, cache: 'no-store', credentials: 'omit',
    });
  } catch {
    throw new Error('The local stack did not answer. Is ./infra/local/run still running?');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok || !body?.token) {
    throw new Error('The local stack did not give a sign-in token. This sign-in only works on the local stack.');
  }
  return saveSession(body.token, config);
}

/**
 * Off to the issuer's hosted login with the authorization-code flow and PKCE (OAuth 2.0 Security BCP): the page
 * keeps a one-time code verifier and state in this tab, sends only the verifier's SHA-256 (S256 challenge), and
 * comes back with a single-use code in the query, exchanged for the ID token at the token endpoint.
 */
export async function startOidcSignIn(config) {
  const state = randomState();
  const verifier = randomVerifier();
  sessionStorage.setItem(STATE_KEY, JSON.stringify({ state, verifier }));
  const url = new URL(config.login_url);
  url.searchParams.set('client_id', config.client_id ?? '');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', config.scope ?? 'openid email');
  url.searchParams.set('redirect_uri', `${location.origin}/`);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await challengeOf(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.toString());
}

/**
 * Reads a hosted-login answer from the query, if there is one, clears it from the address bar and history, and
 * exchanges the code. Returns {session} on success, {error} with plain words on failure, or null when the URL holds
 * no answer.
 */
export async function completeOidcSignIn(config) {
  const answer = new URLSearchParams(location.search);
  if (!answer.has('code') && !answer.has('error')) return null;
  history.replaceState(null, '', `${location.pathname}${location.hash && location.hash !== '#' ? location.hash : '#/chat'}`);
  let expected = null;
  try {
    expected = JSON.parse(sessionStorage.getItem(STATE_KEY) ?? 'null');
  } catch {
    expected = null;
  }
  sessionStorage.removeItem(STATE_KEY);
  if (answer.get('error')) {
    return { error: `Sign-in did not succeed: ${answer.get('error_description') ?? answer.get('error')}.` };
  }
  if (!expected?.state || answer.get('state') !== expected.state) {
    return { error: 'That sign-in answer was not for this page (its state did not match). Please sign in again.' };
  }
  let tokens;
  try {
    const response = await fetch(config.token_url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', client_id: config.client_id ?? '', code: answer.get('code'),
        redirect_uri: `${location.origin}/`, code_verifier: expected.verifier,
      }),
      cache: 'no-store', credentials: 'omit',
    });
    tokens = response.ok ? await response.json() : null;
  } catch {
    tokens = null;
  }
  if (!tokens?.id_token) {
    return { error: 'The sign-in service did not give an ID token for that sign-in. Please sign in again.' };
  }
  return { session: saveSession(tokens.id_token, config) };
}

function randomVerifier() {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return base64Url(bytes);
}

async function challengeOf(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomState() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
