// Integrations: the tenant's CRM (Salesforce) and ERP (SAP) records, where they came from, and "Sync now".

import { del, get, post, put } from '../api.js';
import { amount, clear, count, dateTime, day, definitionList, errorBox, h, notice, pageHeading, sourceBadges, spinner, table, titleCase } from '../ui.js';

const SYSTEMS = [
  { id: 'salesforce', title: 'CRM', system: 'Salesforce', render: renderCrm },
  { id: 'sap', title: 'ERP', system: 'SAP', render: renderErp },
];

export function render(container, { signal, params }) {
  const connections = h('section', { class: 'card connections', id: 'connections', 'aria-labelledby': 'connections-title' });
  clear(container,
    pageHeading('Integrations'),
    h('p', { class: 'lede' }, 'Your organisation’s records that the plugs can draw on. “Sync now” fetches a fresh copy.'),
    returned(params),
    connections);
  loadConnections(connections, signal);
  for (const system of SYSTEMS) {
    const section = h('section', { class: 'card integration', id: `integration-${system.id}`, 'aria-labelledby': `${system.id}-title` });
    container.append(section);
    load(section, system, signal);
  }
}

/** Back from Salesforce's authorization page: say how it went. */
function returned(params) {
  const outcome = params?.get('salesforce');
  if (outcome === 'connected') return notice('ok', h('p', {}, 'Salesforce is connected. Its records appear below.'));
  if (outcome === 'denied') return notice('warn', h('p', {}, 'Salesforce was not connected: access was not allowed.'));
  return null;
}

const STATUS_WORDS = {
  connected: 'Connected', needs_reconnect: 'Needs reconnecting', error: 'Error', sample: 'Sample data',
  not_connected: 'Not connected',
};

async function loadConnections(section, signal) {
  clear(section, h('h2', { id: 'connections-title' }, 'Connections'), spinner('Loading connections…'));
  try {
    const data = await get('/integrations', { signal });
    showConnections(section, data.integrations ?? [], signal);
  } catch (error) {
    if (error.name !== 'AbortError') clear(section, h('h2', { id: 'connections-title' }, 'Connections'), errorBox(error));
  }
}

function showConnections(section, list, signal) {
  const status = h('div', { class: 'connection-status', 'aria-live': 'polite' });
  const rows = list.map((c) => {
    const system = SYSTEMS.find((s) => s.id === c.connector);
    return h('div', { class: 'connection', id: `connection-${c.connector}`, 'data-status': c.status },
      h('h3', {}, system ? system.system : c.connector),
      definitionList([
        ['Status', STATUS_WORDS[c.status] ?? c.status],
        ['Connected as', c.connected_as],
        ['Instance', c.instance_url],
        ['Connected', c.connected_at ? dateTime(c.connected_at) : null],
        ['Last sync', c.last_sync_at ? dateTime(c.last_sync_at) : null],
        ['Last error', c.last_error],
      ]),
      h('div', { class: 'connection-actions' }, actions(c, section, status, signal)));
  });
  clear(section, h('h2', { id: 'connections-title' }, 'Connections'), ...rows, status);
}

function actions(c, section, status, signal) {
  const buttons = [];
  const own = ['connected', 'needs_reconnect', 'error'].includes(c.status);
  if (c.connector === 'salesforce') {
    const label = c.status === 'needs_reconnect' ? 'Reconnect Salesforce' : own ? null : 'Connect Salesforce';
    if (label) buttons.push(button(label, 'connect-salesforce', () => connectSalesforce(status, signal)));
  }
  if (c.connector === 'sap' && !own) {
    buttons.push(button('Connect SAP', 'connect-sap', () => sapForm(section, status, signal)));
  }
  if (own) {
    buttons.push(button(`Disconnect ${c.connector === 'sap' ? 'SAP' : 'Salesforce'}`, `disconnect-${c.connector}`,
      () => disconnect(c.connector, section, status, signal)));
  }
  return buttons;
}

function button(label, action, onclick) {
  return h('button', { type: 'button', class: 'button', 'data-action': action, onclick }, label);
}

async function connectSalesforce(status, signal) {
  clear(status, spinner('Opening Salesforce…'));
  try {
    const { authorize_url: url } = await post('/integrations/salesforce/connect', {}, { signal });
    location.assign(url);
  } catch (error) {
    if (error.name !== 'AbortError') clear(status, errorBox(error));
  }
}

async function disconnect(connector, section, status, signal) {
  clear(status, spinner('Disconnecting…'));
  try {
    await del(`/integrations/${connector}`, { signal });
    loadConnections(section, signal);
  } catch (error) {
    if (error.name !== 'AbortError') clear(status, errorBox(error));
  }
}

function sapForm(section, status, signal) {
  const field = (name, label, type = 'text') => h('label', {}, label, h('input', { name, type, autocomplete: 'off' }));
  const form = h('form', { class: 'sap-form', id: 'sap-form' },
    field('base_url', 'Base URL (https://…)', 'url'),
    h('label', {}, 'Authentication', h('select', { name: 'type' },
      h('option', { value: 'basic' }, 'Communication user (basic)'),
      h('option', { value: 'oauth_client_credentials' }, 'OAuth client credentials'))),
    field('username', 'User'), field('password', 'Password', 'password'),
    field('token_url', 'Token URL (OAuth)', 'url'), field('client_id', 'Client id (OAuth)'),
    field('client_secret', 'Client secret (OAuth)', 'password'),
    field('sap_client', 'SAP client (3 digits, optional)'), field('company_code', 'Company code'), field('plant', 'Plant'),
    h('button', { type: 'submit', class: 'button' }, 'Check and save'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = Object.fromEntries(new FormData(form).entries());
    const auth = v.type === 'basic'
      ? { type: 'basic', username: v.username, password: v.password }
      : { type: 'oauth_client_credentials', token_url: v.token_url, client_id: v.client_id, client_secret: v.client_secret };
    clear(status, spinner('Checking with SAP…'));
    try {
      await put('/integrations/sap', {
        base_url: v.base_url, auth, sap_client: v.sap_client || undefined, company_code: v.company_code, plant: v.plant,
      }, { signal });
      form.remove();
      loadConnections(section, signal);
    } catch (error) {
      if (error.name !== 'AbortError') clear(status, errorBox(error));
    }
  });
  section.append(form);
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
    data.account ? h('h3', {}, 'Account') : null,
    data.account ? definitionList([
      ['Name', account.name],
      ['Account id', account.account_id],
      ['Industry', account.industry],
      ['Annual revenue', amount(account.annual_revenue)],
      ['Employees', count(account.employee_count)],
      ['Phone', account.phone],
      ['Website', website],
    ]) : null,
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
