// Who is signed in. The token lives in this tab's sessionStorage (gone when the tab closes) and in memory; it is
// never put in a URL. Deployed, the OIDC issuer's hosted login returns it in the URL fragment, which is read once
// and removed from the address bar straight away.

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

/** Deployed: off to the issuer's hosted login; it comes back to this page with the token in the fragment. */
export function startOidcSignIn(config) {
  const state = randomState();
  sessionStorage.setItem(STATE_KEY, state);
  const url = new URL(config.login_url);
  url.searchParams.set('client_id', config.client_id ?? '');
  url.searchParams.set('response_type', 'token');
  url.searchParams.set('scope', config.scope ?? 'openid');
  url.searchParams.set('redirect_uri', `${location.origin}/`);
  url.searchParams.set('state', state);
  location.assign(url.toString());
}

/**
 * Reads a hosted-login answer from the fragment, if there is one, and clears it from the address bar and history.
 * Returns {session} on success, {error} with plain words on failure, or null when the URL holds no answer.
 */
export function completeOidcSignIn(config) {
  const fragment = location.hash.startsWith('#') ? location.hash.slice(1) : '';
  if (!/(^|&)(id_token|access_token|error)=/.test(fragment)) return null;
  const answer = new URLSearchParams(fragment);
  history.replaceState(null, '', `${location.pathname}${location.search}#/chat`);
  const expected = sessionStorage.getItem(STATE_KEY);
  sessionStorage.removeItem(STATE_KEY);
  if (answer.get('error')) {
    return { error: `Sign-in did not succeed: ${answer.get('error_description') ?? answer.get('error')}.` };
  }
  if (!expected || answer.get('state') !== expected) {
    return { error: 'That sign-in answer was not for this page (its state did not match). Please sign in again.' };
  }
  const token = answer.get('id_token');
  if (!token) {
    return { error: 'The sign-in service did not return an ID token. Ask your administrator to allow the openid scope.' };
  }
  return { session: saveSession(token, config) };
}

function randomState() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
