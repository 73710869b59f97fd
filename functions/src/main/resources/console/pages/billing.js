// Billing: the plan, its plugs and MRR, invoices, and changing the subscription through Checkout (or, in sample
// billing, the flagged local ledger that takes no payment).

import { get, post } from '../api.js';
import { clear, count, day, definitionList, errorBox, h, money, notice, pageHeading, spinner, table, titleCase } from '../ui.js';

const PLANS = ['starter', 'professional', 'enterprise'];

export function render(container, { signal, params }) {
  const banner = h('div', { 'aria-live': 'polite' });
  const planCard = h('section', { class: 'card', 'aria-labelledby': 'plan-title' }, h('h2', { id: 'plan-title' }, 'Plan'), spinner('Loading your plan…'));
  const invoicesCard = h('section', { class: 'card', 'aria-labelledby': 'invoices-title' }, h('h2', { id: 'invoices-title' }, 'Invoices'), spinner('Loading invoices…'));
  const changeCard = h('section', { class: 'card', 'aria-labelledby': 'change-title' }, h('h2', { id: 'change-title' }, 'Change subscription'), spinner('Loading plugs…'));

  const checkout = params.get('checkout');
  if (checkout === 'success') {
    banner.append(notice('ok', h('p', {}, 'Payment complete. Your subscription changes as soon as Stripe confirms it; this can take a minute.')));
  } else if (checkout === 'cancelled') {
    banner.append(notice('info', h('p', {}, 'Checkout was cancelled. Nothing changed.')));
  }

  clear(container, pageHeading('Billing'), banner, h('div', { class: 'grid-2' }, planCard, invoicesCard), changeCard);
  loadAll();

  async function loadAll() {
    const [plan, plugs, invoices] = await Promise.allSettled([
      get('/billing/plan', { signal }), get('/plugs', { signal }), get('/billing/invoices', { signal }),
    ]);
    if (signal.aborted) return;
    showPlan(plan, plugs);
    showInvoices(invoices);
    showChange(plan, plugs);
  }

  function showPlan(plan, plugs) {
    const head = h('div', { class: 'card-head' }, h('h2', { id: 'plan-title' }, 'Plan'),
      plan.status === 'fulfilled' ? billingBadge(plan.value) : null);
    if (plan.status === 'rejected') {
      clear(planCard, head, errorBox(plan.reason));
      return;
    }
    const p = plan.value;
    const catalogue = plugs.status === 'fulfilled' ? plugs.value : null;
    const names = new Map((catalogue?.plugs ?? []).map((plug) => [plug.plug_id, plug.name]));
    const subscribed = p.plug_ids ?? (catalogue?.plugs ?? []).filter((plug) => plug.subscribed).map((plug) => plug.plug_id);
    clear(planCard, head,
      definitionList([
        ['Plan', h('span', { id: 'billing-plan' }, titleCase(p.plan) ?? 'None')],
        ['Status', titleCase(p.status ?? catalogue?.subscription_status)],
        ['Plugs', count(p.plug_count)],
        ['Price per plug', p.price_per_plug === undefined ? undefined : `${money(p.price_per_plug, p.currency)} / month`],
        ['Monthly recurring revenue', h('span', { id: 'billing-mrr' }, money(p.mrr, p.currency))],
        p.ends_at ? ['Ends on', day(p.ends_at)] : ['Next billing date', day(p.next_billing_date)],
      ]),
      h('div', {}, h('h3', {}, 'Subscribed plugs'),
        subscribed.length ? h('ul', { class: 'plug-list', id: 'billing-plugs' }, subscribed.map((id) => h('li', {}, names.get(id) ?? id)))
          : h('p', { class: 'muted' }, 'No plugs yet.')),
      p.mock_mode ? h('p', { class: 'muted small' }, 'Sample billing: a local ledger, no card is charged.') : null);
  }

  function showInvoices(result) {
    if (result.status === 'rejected') {
      clear(invoicesCard, h('h2', { id: 'invoices-title' }, 'Invoices'), errorBox(result.reason));
      return;
    }
    const data = result.value;
    const list = Array.isArray(data) ? data : (data?.invoices ?? []);
    clear(invoicesCard,
      h('div', { class: 'card-head' }, h('h2', { id: 'invoices-title' }, 'Invoices'), Array.isArray(data) ? null : billingBadge(data)),
      table('Invoices', ['Month', 'Amount', 'Status', 'Issued', ''], list.map((invoice) => [
        invoice.month ?? invoice.invoice_id,
        money(invoice.amount, invoice.currency),
        titleCase(invoice.status),
        day(invoice.created_at),
        /^https:\/\//.test(invoice.hosted_invoice_url ?? '')
          ? h('a', { href: invoice.hosted_invoice_url, rel: 'noopener noreferrer', target: '_blank' }, 'View invoice') : '',
      ]), { empty: 'No invoices yet.' }));
  }

  function showChange(plan, plugs) {
    const head = h('h2', { id: 'change-title' }, 'Change subscription');
    if (plugs.status === 'rejected') {
      clear(changeCard, head, errorBox(plugs.reason));
      return;
    }
    const current = plan.status === 'fulfilled' ? plan.value.plan : null;
    const status = h('div', { 'aria-live': 'polite' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'subscribe' }, 'Continue to checkout');
    const form = h('form', { class: 'subscribe-form admin-only', onsubmit: subscribe },
      h('fieldset', {}, h('legend', {}, 'Plan'),
        PLANS.map((name) => h('label', { class: 'choice' },
          h('input', { type: 'radio', name: 'plan', value: name, checked: name === current, required: true }), ` ${titleCase(name)}`))),
      h('fieldset', {}, h('legend', {}, 'Plugs'),
        plugs.value.plugs.map((plug) => h('label', { class: 'choice' },
          h('input', { type: 'checkbox', name: 'plug_ids', value: plug.plug_id, checked: plug.subscribed }), ` ${plug.name}`))),
      h('div', { class: 'actions' }, submit),
      status);
    clear(changeCard, head,
      h('p', {}, 'Choose a plan and the plugs you want. You confirm and pay on Stripe’s checkout page; the price is shown there.'),
      form);

    async function subscribe(event) {
      event.preventDefault();
      const data = new FormData(form);
      const body = {
        plan: data.get('plan'),
        plug_ids: data.getAll('plug_ids'),
        success_url: `${location.origin}/#/billing?checkout=success`,
        cancel_url: `${location.origin}/#/billing?checkout=cancelled`,
      };
      if (!body.plug_ids.length) {
        clear(status, notice('warn', h('p', {}, 'Choose at least one plug.')));
        return;
      }
      submit.disabled = true;
      clear(status, spinner('Preparing checkout…'));
      try {
        // One key per press of the button: a retried request cannot start a second checkout.
        const answer = await post('/billing/subscribe', body, { signal, headers: { 'Idempotency-Key': randomKey() } });
        if (answer.mock_mode) {
          clear(status, notice('ok', h('p', {},
            `Sample billing: no payment was taken. The ${titleCase(answer.plan)} plan is recorded in the local ledger`
            + (typeof answer.mrr === 'number' ? ` with a monthly total of ${money(answer.mrr)}.` : '.'))));
          form.dataset.done = 'true';
          submit.disabled = false;
          const [newPlan, newPlugs] = await Promise.allSettled([get('/billing/plan', { signal }), get('/plugs', { signal })]);
          if (!signal.aborted) showPlan(newPlan, newPlugs);
        } else if (answer.change) {
          // a live subscription changes in place (prorated), no checkout: say what changed and what the next invoice is
          const next = answer.preview && typeof answer.preview.amount === 'number'
            ? ` Your next invoice, with the proration, comes to ${money(answer.preview.amount)}.` : '';
          clear(status, notice('ok', h('p', {}, answer.change.status === 'unchanged'
            ? `Your subscription already has the ${titleCase(answer.plan)} plan with these plugs: nothing changed.`
            : `Your subscription now has the ${titleCase(answer.plan)} plan.${next}`)));
          submit.disabled = false;
          const [newPlan, newPlugs] = await Promise.allSettled([get('/billing/plan', { signal }), get('/plugs', { signal })]);
          if (!signal.aborted) showPlan(newPlan, newPlugs);
        } else if (/^https:\/\//.test(answer.checkout_url ?? '')) {
          clear(status, spinner('Opening Stripe Checkout…'));
          location.assign(answer.checkout_url);
        } else {
          submit.disabled = false;
          clear(status, notice('error', h('p', {}, 'The payment service did not return a checkout page. Please try again.')));
        }
      } catch (error) {
        if (error.name === 'AbortError') return;
        submit.disabled = false;
        clear(status, errorBox(error));
      }
    }
  }
}

function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function billingBadge(data) {
  if (data?.mock_mode === true) return h('span', { class: 'badge badge-sample', title: 'Local ledger, no charges' }, 'Sample billing');
  if (data?.mock_mode === false) return h('span', { class: 'badge badge-source' }, 'Stripe');
  return null;
}
