// Integrations: the tenant's CRM (Salesforce) and ERP (SAP) records, where they came from, and "Sync now".

import { get, post } from '../api.js';
import { amount, clear, count, dateTime, day, definitionList, errorBox, h, notice, pageHeading, sourceBadges, spinner, table, titleCase } from '../ui.js';

const SYSTEMS = [
  { id: 'salesforce', title: 'CRM', system: 'Salesforce', render: renderCrm },
  { id: 'sap', title: 'ERP', system: 'SAP', render: renderErp },
];

export function render(container, { signal }) {
  clear(container,
    pageHeading('Integrations'),
    h('p', { class: 'lede' }, 'Your organisation’s records that the plugs can draw on. “Sync now” fetches a fresh copy.'));
  for (const system of SYSTEMS) {
    const section = h('section', { class: 'card integration', id: `integration-${system.id}`, 'aria-labelledby': `${system.id}-title` });
    container.append(section);
    load(section, system, signal);
  }
}

async function load(section, system, signal) {
  clear(section, heading(system), spinner(`Loading ${system.system} records…`));
  try {
    show(section, system, await get(`/integrations/${system.id}`, { signal }), signal);
  } catch (error) {
    if (error.name !== 'AbortError') showError(section, system, error, signal);
  }
}

function heading(system, data) {
  return h('div', { class: 'card-head' },
    h('h2', { id: `${system.id}-title` }, `${system.title} · ${system.system}`),
    data ? sourceBadges(data, system.system) : null);
}

function show(section, system, data, signal, message) {
  const status = h('div', { class: 'sync-status', 'aria-live': 'polite' }, message);
  const button = h('button', { type: 'button', class: 'button', 'data-sync': system.id }, 'Sync now');
  button.addEventListener('click', () => sync(section, system, button, status, signal));
  clear(section,
    heading(system, data),
    h('div', { class: 'sync-row' },
      h('p', { class: 'synced-at', 'data-synced-at': data.synced_at ?? '' },
        data.synced_at ? `Last synced ${dateTime(data.synced_at)}` : 'Not synced yet'),
      button),
    status,
    data.stale ? notice('warn', h('p', {},
      `${system.system} could not be reached, so this is the last saved snapshot. Try “Sync now” again later.`)) : null,
    data.mock_mode ? h('p', { class: 'muted small' },
      `This is built-in sample data for demonstrations; it does not come from your ${system.system}.`) : null,
    system.render(data));
}

async function sync(section, system, button, status, signal) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  clear(status, spinner(`Syncing with ${system.system}…`));
  try {
    const data = await post(`/integrations/${system.id}/sync`, {}, { signal });
    const when = data.synced_at ? dateTime(data.synced_at) : 'just now';
    show(section, system, data, signal, data.stale
      ? notice('warn', h('p', {}, `${system.system} could not be reached; showing the last saved snapshot.`))
      : notice('ok', h('p', {}, `Synced at ${when}.`)));
    section.querySelector('[data-sync]')?.focus();
  } catch (error) {
    if (error.name === 'AbortError') return;
    button.disabled = false;
    button.removeAttribute('aria-busy');
    clear(status, errorBox(error));
  }
}

function showError(section, system, error, signal) {
  const retry = h('button', { type: 'button', class: 'button', onclick: () => load(section, system, signal) }, 'Try again');
  if (error.code === 'not_connected') {
    clear(section, heading(system), notice('info', h('p', {},
      `${system.system} is not connected for your organisation, and there is no sample data for it. `
      + 'Once an administrator connects it, its records appear here.')));
    return;
  }
  clear(section, heading(system), errorBox(error, h('p', {}, retry)));
}

function renderCrm(data) {
  const account = data.account ?? {};
  const cases = data.open_cases ?? [];
  const website = typeof account.website === 'string' && /^https?:\/\//.test(account.website)
    ? h('a', { href: account.website, rel: 'noopener noreferrer', target: '_blank' }, account.website)
    : account.website;
  return h('div', { class: 'records' },
    h('h3', {}, 'Account'),
    definitionList([
      ['Name', account.name],
      ['Account id', account.account_id],
      ['Industry', account.industry],
      ['Annual revenue', amount(account.annual_revenue)],
      ['Employees', count(account.employee_count)],
      ['Phone', account.phone],
      ['Website', website],
    ]),
    h('h3', {}, `Open cases (${cases.length})`),
    table('Open cases', ['Case', 'Subject', 'Status', 'Priority', 'Opened'],
      cases.map((c) => [c.case_id, c.subject, titleCase(c.status), titleCase(c.priority), day(c.created_date)]),
      { empty: 'No open cases.' }));
}

function renderErp(data) {
  const materials = data.materials ?? [];
  const orders = data.purchase_orders ?? [];
  return h('div', { class: 'records' },
    h('h3', {}, `Materials (${materials.length})`),
    table('Materials', ['Material', 'Description', 'In stock', 'Plant', 'Valuation'],
      materials.map((m) => [m.material_id, m.description, `${count(m.stock_quantity)} ${m.unit ?? ''}`.trim(), m.plant, amount(m.valuation)]),
      { empty: 'No materials.' }),
    h('h3', {}, `Purchase orders (${orders.length})`),
    table('Purchase orders', ['Order', 'Vendor', 'Total', 'Status', 'Delivery', 'Lines'],
      orders.map((o) => [o.po_id, o.vendor_name, amount(o.total_amount), titleCase(o.status), day(o.delivery_date),
        Array.isArray(o.line_items) ? count(o.line_items.length) : count(o.line_items)]),
      { empty: 'No purchase orders.' }));
}
