// Usage: this month's answered questions against the plan's quota, per plug, and per day (an SVG drawn here).

import { get } from '../api.js';
import { clear, count, day, errorBox, h, money, notice, pageHeading, progressBar, spinner, svg, table } from '../ui.js';

export function render(container, { signal }) {
  const now = new Date();
  const thisMonth = `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const month = h('input', { type: 'month', id: 'usage-month', name: 'month', value: thisMonth, max: thisMonth, required: true });
  const body = h('div', { class: 'usage-body' });
  const form = h('form', {
    class: 'inline-form',
    onsubmit: (event) => { event.preventDefault(); load(); },
  }, h('label', { for: 'usage-month' }, 'Month'), month, h('button', { type: 'submit', class: 'button' }, 'Show'));
  month.addEventListener('change', () => { if (month.value) load(); });

  clear(container,
    pageHeading('Usage', form),
    h('p', { class: 'lede' }, 'Every answered question counts once. These are the counts the bill is made from.'),
    body);

  let plugNames = new Map();
  let loading = 0;
  load();

  async function load() {
    const requested = month.value || thisMonth;
    const ticket = ++loading;
    clear(body, spinner(`Loading usage for ${requested}…`));
    try {
      const [usage, plugs] = await Promise.all([
        get(`/billing/usage?month=${encodeURIComponent(requested)}`, { signal }),
        plugNames.size ? null : get('/plugs', { signal }).catch(() => null),
      ]);
      if (plugs) plugNames = new Map((plugs.plugs ?? []).map((p) => [p.plug_id, p.name]));
      if (ticket === loading) show(usage, requested);
    } catch (error) {
      if (error.name !== 'AbortError' && ticket === loading) clear(body, errorBox(error));
    }
  }

  function show(usage, requested) {
    const used = usage.queries_this_month ?? 0;
    const limit = usage.queries_limit;
    const perPlug = Object.entries(usage.plugs_used ?? {}).sort((a, b) => b[1] - a[1]);
    const quota = typeof limit === 'number' && limit > 0
      ? h('div', { class: 'quota' },
        h('p', { class: 'big-number' }, h('span', { id: 'usage-count' }, count(used)),
          h('span', { class: 'muted' }, ` of ${count(limit)} questions`)),
        progressBar(`Questions answered in ${usage.month ?? requested} against the monthly quota`, used, limit, { quota: true, id: 'usage-bar' }),
        used >= limit ? notice('warn', h('p', {}, 'The quota for this month is used up: new questions are refused until the count starts again. ',
          h('a', { href: '#/billing' }, 'Upgrade under Billing'), ' for more.'))
          : h('p', { class: 'muted' }, `${count(limit - used)} question${limit - used === 1 ? '' : 's'} left this month (${percent(used, limit)} used).`))
      : h('div', { class: 'quota' },
        h('p', { class: 'big-number' }, h('span', { id: 'usage-count' }, count(used)), h('span', { class: 'muted' }, ' questions')),
        limit === 0
          ? notice('info', h('p', {}, 'Your organisation has no active subscription, so no questions are included. ',
            h('a', { href: '#/billing' }, 'Choose a plan under Billing.')))
          : h('p', { class: 'muted' }, 'Your plan has no monthly question limit.'));
    const resets = usage.resets_at ? h('p', { class: 'muted small' }, `The count starts again on ${day(usage.resets_at)}.`) : null;

    const perDay = h('section', { class: 'card', 'aria-labelledby': 'per-day-title' }, h('h2', { id: 'per-day-title' }, 'By day'));
    clear(body,
      h('div', { class: 'grid-2' },
        h('section', { class: 'card', 'aria-labelledby': 'quota-title' },
          h('h2', { id: 'quota-title' }, `Questions answered · ${monthName(usage.month ?? requested)}`), quota, resets),
        h('section', { class: 'card', 'aria-labelledby': 'cost-title' },
          h('h2', { id: 'cost-title' }, 'Cost accrued'),
          h('p', { class: 'big-number', id: 'usage-cost' }, money(usage.cost_accrued, 'USD', { precise: true })),
          h('p', { class: 'muted small' }, 'Usage charges so far this month, from the answered questions above.'))),
      h('section', { class: 'card', 'aria-labelledby': 'per-plug-title' },
        h('h2', { id: 'per-plug-title' }, 'By plug'),
        table('Questions by plug', ['Plug', 'Questions'], perPlug.map(([plug, n]) => [plugNames.get(plug) ?? plug, count(n)]),
          { empty: 'No questions answered this month.' })),
      perDay);
    // Drawn at the card's own width, so its labels stay readable on a phone.
    perDay.append(usage.daily && typeof usage.daily === 'object'
      ? dailyChart(usage.month ?? requested, usage.daily, perDay.clientWidth - 32)
      : h('p', { class: 'muted' }, 'Per-day counts are not available from the API yet.'));
  }
}

function percent(used, limit) {
  const value = (used / limit) * 100;
  return value > 0 && value < 1 ? 'under 1%' : `${Math.round(value)}%`;
}

function monthName(month) {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m - 1, 1)).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** One bar per day of the month; days without questions are drawn as zero, never guessed. */
export function dailyChart(month, daily, availableWidth = 640) {
  const [year, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const values = Array.from({ length: days }, (_, i) => {
    const date = `${month}-${String(i + 1).padStart(2, '0')}`;
    return { date, n: Number(daily[date] ?? 0) };
  });
  const total = values.reduce((sum, v) => sum + v.n, 0);
  const max = Math.max(...values.map((v) => v.n));
  const top = niceCeiling(max);
  const width = Math.max(280, Math.min(1100, Math.round(availableWidth) || 640));
  const height = width < 480 ? 180 : 220;
  const left = 40;
  const right = 8;
  const topPad = 12;
  const bottom = 28;
  const plotW = width - left - right;
  const plotH = height - topPad - bottom;
  const step = plotW / days;
  const barW = Math.max(2, step * 0.7);
  const y = (n) => topPad + plotH - (top ? (n / top) * plotH : 0);
  const busiest = values.reduce((best, v) => (v.n > best.n ? v : best), values[0]);
  const summary = total
    ? `${count(total)} question${total === 1 ? '' : 's'} in ${monthName(month)}; the busiest day was ${day(busiest.date)} with ${count(busiest.n)}.`
    : `No questions were answered in ${monthName(month)}.`;

  const ticks = [0, top / 2, top].filter((t, i, all) => all.indexOf(t) === i && Number.isInteger(t));
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'daily-title daily-desc', class: 'chart', id: 'daily-chart',
    preserveAspectRatio: 'xMidYMid meet',
  },
  svg('title', { id: 'daily-title' }, `Questions per day, ${monthName(month)}`),
  svg('desc', { id: 'daily-desc' }, summary),
  ticks.map((t) => svg('g', { class: 'tick' },
    svg('line', { x1: left, x2: width - right, y1: y(t), y2: y(t), class: 'grid' }),
    svg('text', { x: left - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'axis-label' }, count(t)))),
  values.map((v, i) => {
    const x = left + i * step + (step - barW) / 2;
    return svg('rect', {
      x: x.toFixed(1), y: y(v.n).toFixed(1), width: barW.toFixed(1), height: (topPad + plotH - y(v.n)).toFixed(1),
      class: v.n ? 'bar-day' : 'bar-day bar-zero', 'data-date': v.date, 'data-count': v.n,
    }, svg('title', {}, `${day(v.date)}: ${count(v.n)} question${v.n === 1 ? '' : 's'}`));
  }),
  values.map((v, i) => ((i + 1) === 1 || (i + 1) % (width < 480 ? 10 : 5) === 0 || i + 1 === days)
    ? svg('text', { x: (left + i * step + step / 2).toFixed(1), y: height - 8, 'text-anchor': 'middle', class: 'axis-label' }, i + 1)
    : null));

  const rows = values.filter((v) => v.n > 0).map((v) => [day(v.date), count(v.n)]);
  return h('figure', { class: 'chart-figure' },
    chart,
    h('figcaption', { class: 'muted small' }, summary),
    h('details', {}, h('summary', {}, 'Show the days as a table'),
      table('Questions per day', ['Day', 'Questions'], rows, { empty: 'No questions on any day of this month.' })));
}

function niceCeiling(max) {
  if (max <= 0) return 0;
  if (max <= 4) return 4;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const factor of [1, 2, 2.5, 5, 10]) {
    const candidate = factor * magnitude;
    if (candidate >= max && Number.isInteger(candidate / 2)) return candidate;
  }
  return Math.ceil(max / magnitude) * magnitude;
}
