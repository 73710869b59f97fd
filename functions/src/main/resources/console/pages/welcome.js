// First run: a signed-in user who belongs to no organisation creates one (and becomes its admin), or opens the
// invitation link an admin sent them.

import { post } from '../api.js';
import { clear, errorBox, h, pageHeading, spinner } from '../ui.js';

export function render(container, { signal, onJoined }) {
  const name = h('input', { type: 'text', id: 'org-name', required: true, maxlength: 120, autocomplete: 'organization' });
  const industry = h('input', { type: 'text', id: 'org-industry', maxlength: 120 });
  const status = h('div', { id: 'org-status', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'create-org', 'aria-labelledby': 'create-title' },
    h('h2', { id: 'create-title' }, 'Create your organisation'),
    h('p', {}, 'You become its admin. It starts without a plan: choose one under Billing to start asking questions.'),
    h('label', { for: 'org-name' }, 'Organisation name'), name,
    h('label', { for: 'org-industry' }, 'Industry (optional)'), industry,
    h('button', { type: 'submit', class: 'button button-primary', id: 'create-org-submit' }, 'Create organisation'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(status, spinner('Creating…'));
    try {
      await post('/tenants', { name: name.value, industry: industry.value || undefined }, { signal });
      onJoined();
    } catch (error) {
      if (error.name !== 'AbortError') clear(status, errorBox(error));
    }
  });
  clear(container, pageHeading('Welcome to SME-Plug'),
    h('p', { class: 'lede' }, 'You are signed in but do not belong to an organisation yet. If an admin invited you, open the link '
      + 'they sent; otherwise create your organisation here.'),
    form);
}

/** #/invitations/<id>: joins the organisation that invited this user's verified email. */
export async function accept(container, invitationId, { signal, onJoined }) {
  clear(container, pageHeading('Invitation'), spinner('Accepting the invitation…'));
  try {
    await post(`/tenants/invitations/${encodeURIComponent(invitationId)}/accept`, {}, { signal });
    onJoined();
  } catch (error) {
    if (error.name !== 'AbortError') clear(container, pageHeading('Invitation'), errorBox(error));
  }
}
