// Settings: the organisation's data. Admins export everything stored for it (page by page, saved as one JSON
// file) and delete the organisation after typing its name.

import { api, get } from '../api.js';
import { clear, errorBox, h, notice, pageHeading, spinner } from '../ui.js';

export function render(container, { signal, store, onDeleted }) {
  if (store.role !== 'admin') {
    clear(container, pageHeading('Settings'), notice('info', h('p', {},
      'Only admins can export or delete the organisation’s data.')));
    return;
  }
  const exportStatus = h('div', { id: 'export-status', 'aria-live': 'polite' });
  const exportButton = h('button', { type: 'button', class: 'button', id: 'export' }, 'Export all data');
  exportButton.addEventListener('click', () => exportAll(exportButton, exportStatus, signal));
  const confirm = h('input', { type: 'text', id: 'delete-confirm', autocomplete: 'off' });
  const deleteStatus = h('div', { id: 'delete-status', 'aria-live': 'polite' });
  const form = h('form', { class: 'card danger', id: 'delete-form', 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, 'Delete the organisation'),
    h('p', {}, 'Everything stored for it is deleted, its subscription ends and every member loses access at once. '
      + 'Type the organisation’s name to confirm.'),
    h('label', { for: 'delete-confirm' }, 'Organisation name'), confirm,
    h('button', { type: 'submit', class: 'button button-danger', id: 'delete' }, 'Delete the organisation'),
    deleteStatus);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clear(deleteStatus, spinner('Deleting…'));
    try {
      const answer = await api('DELETE', '/tenants', { confirm: confirm.value }, { signal });
      clear(deleteStatus, notice('ok', h('p', {}, `The organisation is closed; its data is being deleted (${answer.deletion_id}).`)));
      if (typeof onDeleted === 'function') setTimeout(onDeleted, 1500);
    } catch (error) {
      if (error.name !== 'AbortError') clear(deleteStatus, errorBox(error));
    }
  });
  clear(container, pageHeading('Settings'),
    h('section', { class: 'card', 'aria-labelledby': 'export-title' },
      h('h2', { id: 'export-title' }, 'Export'),
      h('p', {}, 'Everything stored for your organisation, as JSON: profile, members, subscription, usage, chats, jobs, '
        + 'connections (without secrets).'),
      exportButton, exportStatus),
    form);
}

async function exportAll(button, status, signal) {
  button.disabled = true;
  const items = [];
  let cursor = null;
  try {
    do {
      clear(status, spinner(`Exporting… ${items.length} items so far`));
      const page = await get(`/tenants/export${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, { signal });
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    const file = new Blob([JSON.stringify({ items }, null, 2)], { type: 'application/json' });
    const link = h('a', { href: URL.createObjectURL(file), download: 'sme-plug-export.json', id: 'export-file' },
      `Download ${items.length} items`);
    clear(status, notice('ok', h('p', {}, link)));
  } catch (error) {
    if (error.name !== 'AbortError') clear(status, errorBox(error));
  } finally {
    button.disabled = false;
  }
}
