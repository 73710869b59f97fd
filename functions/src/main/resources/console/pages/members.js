// Members: who belongs to the organisation and with which role. Admins invite by email, change roles and remove
// people; members see the list only (the API refuses them the rest anyway).

import { api, get, post } from '../api.js';
import { clear, errorBox, h, notice, pageHeading, spinner, table } from '../ui.js';

export function render(container, { signal, store }) {
  const admin = store.role === 'admin';
  const list = h('section', { class: 'card', id: 'members-list', 'aria-labelledby': 'members-title' });
  clear(container, pageHeading('Members'),
    h('p', { class: 'lede' }, admin ? 'People in your organisation. Invite someone by email; the link works for 7 days, for that address only.'
      : 'People in your organisation. Only admins can invite, change roles or remove people.'),
    admin ? inviteForm(signal) : null,
    list);
  load(list, signal, store);
}

async function load(section, signal, store) {
  clear(section, h('h2', { id: 'members-title' }, 'People'), spinner('Loading members…'));
  try {
    const data = await get('/tenants/members', { signal });
    const admin = store.role === 'admin';
    clear(section, h('h2', { id: 'members-title' }, 'People'), table('Members of your organisation',
      admin ? ['Email', 'Role', 'Actions'] : ['Email', 'Role'],
      data.members.map((member) => {
        const cells = [member.email || member.user_id, member.role];
        if (admin) cells.push(actions(member, section, signal, store));
        return cells;
      })));
  } catch (error) {
    if (error.name !== 'AbortError') clear(section, h('h2', { id: 'members-title' }, 'People'), errorBox(error));
  }
}

function actions(member, section, signal, store) {
  const other = member.role === 'admin' ? 'member' : 'admin';
  const status = h('span', { class: 'small', 'aria-live': 'polite' });
  const change = h('button', { type: 'button', class: 'button button-quiet', 'data-role-change': member.user_id },
    other === 'admin' ? 'Make admin' : 'Make member');
  const remove = h('button', { type: 'button', class: 'button button-quiet', 'data-remove': member.user_id }, 'Remove');
  change.addEventListener('click', () => act(() => api('PATCH', `/tenants/members/${encodeURIComponent(member.user_id)}`,
    { role: other }, { signal }), status, section, signal, store));
  remove.addEventListener('click', () => act(() => api('DELETE', `/tenants/members/${encodeURIComponent(member.user_id)}`,
    undefined, { signal }), status, section, signal, store));
  return h('span', { class: 'member-actions' }, change, remove, status);
}

async function act(call, status, section, signal, store) {
  clear(status, 'Saving…');
  try {
    await call();
    load(section, signal, store);
  } catch (error) {
    if (error.name !== 'AbortError') clear(status, error.plain);
  }
}

function inviteForm(signal) {
  const email = h('input', { type: 'email', id: 'invite-email', name: 'email', required: true, autocomplete: 'off' });
  const role = h('select', { id: 'invite-role', name: 'role' }, h('option', { value: 'member' }, 'Member'),
    h('option', { value: 'admin' }, 'Admin'));
  const result = h('div', { id: 'invite-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'card', id: 'invite-form', 'aria-labelledby': 'invite-title' },
    h('h2', { id: 'invite-title' }, 'Invite someone'),
    h('label', { for: 'invite-email' }, 'Email address'), email,
    h('label', { for: 'invite-role' }, 'Role'), role,
    h('button', { type: 'submit', class: 'button button-primary', id: 'invite-send' }, 'Create invitation'),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(result, spinner('Creating the invitation…'));
    try {
      const invitation = await post('/tenants/invitations', { email: email.value, role: role.value }, { signal });
      clear(result, notice('ok', h('p', {}, `Send this link to ${invitation.email}. It works until ${invitation.expires_at}, once: `),
        h('p', {}, h('code', { id: 'invite-link' }, invitation.accept_url))));
    } catch (error) {
      if (error.name !== 'AbortError') clear(result, errorBox(error));
    }
  });
  return form;
}
