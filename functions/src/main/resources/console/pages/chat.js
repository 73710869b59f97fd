// Chat: ask a subscribed plug (or let SME-Plug choose one); each answer shows its sources and which model answered.

import { get, post } from '../api.js';
import { clear, errorBox, h, notice, pageHeading, spinner } from '../ui.js';

const ROUTING = {
  best_match: 'chosen for this question',
  only_subscribed: 'your only plug',
  default: 'no pack answers this',
};

/** Where a cited passage comes from; the tenant's own records say whether they are sample data. */
function citationSource(citation) {
  if (citation.kind === 'crm' || citation.kind === 'erp') {
    return h('span', { class: 'muted' }, ` · your ${citation.kind.toUpperCase()} records `,
      citation.source === 'sample' ? h('span', { class: 'badge badge-sample' }, 'Sample data') : `(${citation.source})`);
  }
  if (citation.kind === 'specialisation') return h('span', { class: 'muted' }, ' · your fine-tuned examples');
  return citation.reference ? h('span', { class: 'muted' }, ` · ${citation.reference}`) : null;
}

export function render(container, { signal, store }) {
  store.chat ??= { sessionId: null, turns: [], plug: '' };
  const state = store.chat;
  const plugNames = new Map();

  const select = h('select', { id: 'chat-plug', name: 'plug' },
    h('option', { value: '' }, 'Let SME-Plug choose'));
  const question = h('textarea', {
    id: 'chat-message', name: 'message', rows: 3, required: true, maxlength: 4000,
    'aria-describedby': 'chat-hint',
  });
  const send = h('button', { type: 'submit', class: 'button button-primary', id: 'chat-send' }, 'Ask');
  const log = h('ol', { class: 'chat-log', id: 'chat-log', 'aria-live': 'polite', 'aria-label': 'Conversation' });
  const status = h('div', { class: 'chat-status' });

  const form = h('form', { class: 'card chat-form', onsubmit: ask },
    h('div', { class: 'field' }, h('label', { for: 'chat-plug' }, 'Plug'), select),
    h('div', { class: 'field' },
      h('label', { for: 'chat-message' }, 'Your question'),
      question,
      h('p', { id: 'chat-hint', class: 'muted small' }, 'Press Ctrl+Enter (or ⌘+Enter) to send.')),
    h('div', { class: 'actions' }, send,
      h('button', { type: 'button', class: 'button button-quiet', onclick: newConversation }, 'New conversation')),
    status);

  question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  select.addEventListener('change', () => { state.plug = select.value; });

  clear(container,
    pageHeading('Chat'),
    h('p', { class: 'lede' }, 'Ask one of your plugs. Answers list the sources they draw on.'),
    log, form);

  state.turns.forEach((turn) => log.append(renderTurn(turn)));
  loadPlugs();

  async function loadPlugs() {
    try {
      const catalogue = await get('/plugs', { signal });
      for (const plug of catalogue.plugs ?? []) {
        plugNames.set(plug.plug_id, plug.name);
        select.append(h('option', { value: plug.plug_id, disabled: !plug.subscribed },
          plug.subscribed ? plug.name : `${plug.name} (not subscribed)`));
      }
      select.value = state.plug;
      if (select.value !== state.plug) select.value = '';
      log.querySelectorAll('[data-plug]').forEach((el) => { el.textContent = plugNames.get(el.dataset.plug) ?? el.dataset.plug; });
    } catch (error) {
      if (error.name !== 'AbortError') status.append(errorBox(error));
    }
  }

  async function ask(event) {
    event.preventDefault();
    const message = question.value.trim();
    if (!message) {
      clear(status, notice('warn', h('p', {}, 'Type a question first.')));
      question.focus();
      return;
    }
    const turn = { question: message, answer: null, error: null };
    state.turns.push(turn);
    const item = renderTurn(turn);
    log.append(item);
    send.disabled = true;
    clear(status, spinner('Waiting for the answer…'));
    const body = { message };
    if (state.sessionId) body.session_id = state.sessionId;
    if (select.value) body.active_plug = select.value;
    try {
      const answer = await post('/chat', body, { signal });
      state.sessionId = answer.session_id ?? state.sessionId;
      turn.answer = answer;
      question.value = '';
    } catch (error) {
      if (error.name === 'AbortError') return;
      turn.error = { plain: error.plain ?? String(error), requestId: error.requestId, code: error.code };
    } finally {
      send.disabled = false;
      clear(status);
    }
    item.replaceWith(renderTurn(turn));
  }

  function newConversation() {
    state.sessionId = null;
    state.turns = [];
    clear(log);
    clear(status, notice('info', h('p', {}, 'Started a new conversation.')));
    question.focus();
  }

  function renderTurn(turn) {
    const item = h('li', { class: 'turn' },
      h('div', { class: 'bubble bubble-user' }, h('span', { class: 'sr-only' }, 'You asked: '), turn.question));
    if (turn.answer) item.append(renderAnswer(turn.answer));
    else if (turn.error) {
      const extra = turn.error.code === 'quota_exceeded' ? h('p', {}, h('a', { href: '#/usage' }, 'See this month’s usage'))
        : turn.error.code === 'plug_not_subscribed' ? h('p', {}, h('a', { href: '#/billing' }, 'Go to Billing')) : null;
      item.append(errorBox(turn.error, extra));
    } else item.append(h('div', { class: 'bubble bubble-pending muted' }, 'Waiting for the answer…'));
    return item;
  }

  function renderAnswer(answer) {
    const citations = answer.citations ?? [];
    return h('article', { class: 'bubble bubble-answer' },
      h('div', { class: 'answer-meta' },
        h('span', {}, 'Answered by ', h('strong', { 'data-plug': answer.active_plug }, plugNames.get(answer.active_plug) ?? answer.active_plug ?? '—')),
        h('span', { class: 'model' }, 'Model: ', h('code', {}, answer.model ?? '—')),
        ROUTING[answer.routing] ? h('span', {}, `(${ROUTING[answer.routing]})`) : null,
        answer.mock_mode ? h('span', { class: 'badge badge-sample', title: 'Answered offline from the plug’s knowledge pack, not by a language model' }, 'Sample answer') : null),
      h('div', { class: 'reply' }, (answer.reply ?? '').split(/\n{2,}/).map((paragraph) => h('p', {}, paragraph))),
      citations.length
        ? h('section', { class: 'citations', 'aria-label': 'Sources' },
          h('h2', { class: 'small-heading' }, `Sources (${citations.length})`),
          h('ol', {}, citations.map((citation) => h('li', { class: 'citation' },
            h('strong', {}, citation.title ?? 'Untitled source'),
            citationSource(citation),
            citation.excerpt ? h('blockquote', {}, citation.excerpt) : null))))
        : h('p', { class: 'muted small' }, 'No sources were cited for this answer.'),
      answer.usage && (answer.usage.input_tokens || answer.usage.output_tokens) ? h('p', { class: 'muted small' },
        `Tokens: ${answer.usage.input_tokens ?? 0} in, ${answer.usage.output_tokens ?? 0} out`) : null);
  }
}
