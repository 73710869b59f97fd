// Small DOM helpers. Text from the API is only ever set as text (never as HTML), so a record cannot inject markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function clear(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) element.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

// --- formatting -------------------------------------------------------------------------------------------------

const integerFormat = new Intl.NumberFormat('en-US');

export function count(value) {
  return typeof value === 'number' ? integerFormat.format(value) : (value ?? '—');
}

/** An amount of money; {@code precise} keeps fractions of a cent (per-query costs are 0.004 USD). */
export function money(value, currency = 'USD', { precise = false } = {}) {
  if (typeof value !== 'number') return value ?? '—';
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency', currency: (currency || 'USD').toUpperCase(), maximumFractionDigits: precise ? 4 : 2,
    }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency}`;
  }
}

/** A number with grouping and no unit: for values whose currency or unit the API does not say. */
export function amount(value) {
  if (typeof value !== 'number') return value ?? '—';
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: Number.isInteger(value) ? 0 : 2, maximumFractionDigits: 2 }).format(value);
}

export function dateTime(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

export function day(iso) {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });
}

/** A status word for people: {@code in_release} reads "In release". */
export function titleCase(text) {
  if (typeof text !== 'string' || !text) return text;
  const words = text.replace(/_/g, ' ');
  return words[0].toUpperCase() + words.slice(1);
}

// --- shared pieces ----------------------------------------------------------------------------------------------

/**
 * Where the data came from. Sample data always says so; a stale snapshot says so; real data names its system.
 * The console never calls anything "live".
 */
export function sourceBadges(data, realName) {
  const badges = [];
  if (data?.mock_mode === true) {
    badges.push(h('span', { class: 'badge badge-sample', title: 'Built-in sample data, not your real system' }, 'Sample data'));
  } else if (data?.mock_mode === false) {
    badges.push(h('span', { class: 'badge badge-source' }, `From ${realName ?? data.source ?? 'the connected system'}`));
  }
  if (data?.stale === true) {
    badges.push(h('span', { class: 'badge badge-stale', title: 'The system could not be reached; this is the last saved snapshot' },
      'Stale: last saved snapshot'));
  }
  return h('span', { class: 'badges' }, badges);
}

export function errorBox(error, extra) {
  const box = h('div', { class: 'notice notice-error', role: 'alert' },
    h('p', {}, error.plain ?? String(error.message ?? error)), extra);
  if (error.requestId) box.append(h('p', { class: 'muted small' }, `Reference for support: ${error.requestId}`));
  return box;
}

export function notice(kind, ...children) {
  return h('div', { class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, children);
}

export function spinner(label) {
  return h('span', { class: 'spinner-wrap', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, label));
}

/**
 * A labelled bar; {@code value} and {@code max} are the real numbers, the width is only their ratio (with a sliver
 * shown for any value above zero, so one question out of 100,000 is still visible). {@code quota} colours a nearly
 * used quota amber and a used-up one red; a job's bar turns green when done.
 */
export function progressBar(label, value, max, { quota = false, id } = {}) {
  const ratio = max > 0 ? Math.min(1, value / max) : 0;
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = `${(ratio * 100).toFixed(1)}%`;
  if (value > 0) fill.style.minWidth = '4px';
  const state = quota ? (ratio >= 1 ? ' bar-full' : ratio >= 0.8 ? ' bar-warn' : '') : (ratio >= 1 ? ' bar-done' : '');
  const bar = h('div', {
    class: `bar${state}`,
    role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': max, 'aria-valuenow': value, id,
  }, fill);
  return bar;
}

export function table(caption, headers, rows, { empty = 'Nothing to show.' } = {}) {
  if (!rows.length) return h('p', { class: 'muted' }, empty);
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((header) => h('th', { scope: 'col' }, header)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, row.map((cell, i) =>
        i === 0 ? h('th', { scope: 'row' }, cell) : h('td', {}, cell)))))));
}

export function definitionList(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(([, value]) => value !== undefined)
    .map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, value ?? '—'))));
}

export function pageHeading(text, ...after) {
  return h('div', { class: 'page-head' }, h('h1', { tabindex: -1, id: 'page-title' }, text), after);
}
