// Every call to the SME-Plug API goes through here: the bearer token on each request, errors turned into plain
// words, and a 401 (token missing, expired or not valid) sends the user back to sign-in.

import { currentSession } from './auth.js';

export class ApiError extends Error {
  constructor(status, code, message, requestId) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.plain = plainWords(status, code, message);
  }
}

let onUnauthorized = () => {};

export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export async function api(method, path, body, { signal, headers: extra } = {}) {
  const session = currentSession();
  if (!session) {
    onUnauthorized('You are signed out.');
    throw new ApiError(401, 'unauthorized', 'not signed in');
  }
  const headers = { ...extra, Accept: 'application/json', Authorization: `Bearer ${session.token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal,
      cache: 'no-store', credentials: 'omit', redirect: 'error',
    });
  } catch (error) {
    if (error?.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', "Can't reach SME-Plug right now. Check your connection and try again.");
  }
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  const detail = data?.error ?? {};
  const error = new ApiError(response.status, detail.code ?? `http_${response.status}`, detail.message ?? '', detail.request_id);
  // A page that was left (or signed out by another call's 401) has aborted its calls: it sends no one anywhere.
  if (response.status === 401 && !signal?.aborted) onUnauthorized(error.plain);
  throw error;
}

export const get = (path, options) => api('GET', path, undefined, options);
export const post = (path, body, options) => api('POST', path, body ?? {}, options);
export const put = (path, body, options) => api('PUT', path, body ?? {}, options);
export const del = (path, options) => api('DELETE', path, undefined, options);

/** What an error means for the person looking at the page. */
export function plainWords(status, code, message) {
  switch (code) {
    case 'network':
      return message;
    case 'unauthorized':
      return 'Your sign-in has ended or is not valid any more. Please sign in again.';
    case 'unknown_tenant':
      return 'You do not belong to an organisation (any more). Create one, or ask an admin for an invitation.';
    case 'no_subscription':
      return 'Your organisation has no plan yet. An admin chooses one under Billing.';
    case 'forbidden':
      return 'Only an admin of your organisation can do that.';
    case 'last_admin':
      return 'Your organisation needs at least one admin: make someone else admin first.';
    case 'invitation_expired':
      return 'This invitation has expired. Ask an admin of the organisation for a new one.';
    case 'invitation_used':
      return 'This invitation has been used already.';
    case 'invitation_for_another_email':
      return 'This invitation is for another email address. Sign in with the address it was sent to.';
    case 'already_member':
      return 'You already belong to an organisation.';
    case 'plug_not_subscribed':
      return 'Your organisation does not subscribe to that plug. Choose another plug, or add it under Billing.';
    case 'quota_exceeded':
      return "You've used all the questions your plan includes this month. The count starts again on the 1st; "
        + 'upgrade your plan under Billing for more.';
    case 'not_connected':
      return 'This system is not connected for your organisation yet, so there is nothing to show.';
    case 'upstream_error':
      return 'The outside system (CRM, ERP, payments or model provider) answered with an error. Please try again in a few minutes.';
    case 'upstream_timeout':
      return 'The outside system took too long to answer. Please try again in a few minutes.';
    case 'service_unavailable':
      return 'SME-Plug is briefly unavailable. Please try again in a moment.';
    case 'payload_too_large':
      return 'That is too much to send at once. Send fewer examples or a smaller file.';
    case 'not_found':
      return 'That could not be found. It may have been removed, or it belongs to another organisation.';
    case 'reconnect_required':
      return 'Salesforce no longer accepts this connection. An administrator must reconnect Salesforce under Connections.';
    case 'real_connections_disabled':
      return 'Connecting your own systems is not enabled in this deployment; only the sample connections are available.';
    case 'sap_validation_failed':
      return message ? `SAP did not accept these settings: ${message}` : 'SAP did not accept these settings.';
    case 'upstream_rate_limited':
    case 'upstream_unavailable':
      return 'The outside system asked us to wait before asking again. Please try again later.';
    case 'method_not_allowed':
      return 'The console asked for something the API does not offer. Reload the page; if it happens again, tell support.';
    default:
      break;
  }
  if (status === 401) return plainWords(status, 'unauthorized', message);
  if (status === 400 || status === 409 || status === 422) {
    return message ? `That was not accepted: ${message}.` : 'That was not accepted. Check what you entered.';
  }
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 429) return 'Too many requests right now. Please wait a moment and try again.';
  if (status >= 500) return 'Something went wrong on our side. Please try again; if it keeps happening, tell support.';
  return message || 'Something went wrong.';
}
