// Fine-tuning: start a job from pasted or uploaded JSONL examples, then follow its steps. Progress shown is the
// job's own progress field: it moves only when the API says a step has completed.

import { get, post } from '../api.js';
import { clear, dateTime, errorBox, h, notice, pageHeading, progressBar, spinner, table, titleCase } from '../ui.js';

const MIN_EXAMPLES = 10;
const MAX_EXAMPLES = 10000;
const MAX_PROMPT_CHARS = 4000;
const MAX_COMPLETION_CHARS = 8000;
const MAX_UPLOAD_BYTES = 5000000;
const POLL_MS = 1500;
const ACTIVE = new Set(['queued', 'running']);

export function render(container, { signal, store }) {
  store.finetune ??= { selected: null };
  let timer = null;
  const plugNames = new Map();
  const plugSelect = h('select', { id: 'ft-plug', name: 'plug_id', required: true });
  const examples = h('textarea', {
    id: 'ft-examples', name: 'examples', rows: 8, spellcheck: 'false', class: 'mono',
    'aria-describedby': 'ft-examples-hint ft-examples-check',
    placeholder: '{"prompt": "…", "completion": "…"}',
  });
  const file = h('input', { type: 'file', id: 'ft-file', accept: '.jsonl,.json,.txt,application/x-ndjson,text/plain' });
  const check = h('p', { id: 'ft-examples-check', class: 'small', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'ft-start' }, 'Start fine-tuning');
  const formStatus = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card admin-only', onsubmit: start, 'aria-labelledby': 'ft-new-title' },
    h('h2', { id: 'ft-new-title' }, 'New job'),
    h('div', { class: 'field' }, h('label', { for: 'ft-plug' }, 'Plug to specialise'), plugSelect),
    h('div', { class: 'field' },
      h('label', { for: 'ft-examples' }, 'Training examples (JSONL)'),
      h('p', { id: 'ft-examples-hint', class: 'muted small' },
        `One JSON object per line with "prompt" and "completion"; ${MIN_EXAMPLES} to ${MAX_EXAMPLES.toLocaleString('en-US')} examples.`),
      examples, check),
    h('div', { class: 'field' }, h('label', { for: 'ft-file' }, 'Or upload a .jsonl file'), file),
    h('div', { class: 'actions' }, submit),
    formStatus);
  const jobCard = h('section', { class: 'card', id: 'ft-job', 'aria-labelledby': 'ft-job-title', hidden: true });
  const jobsCard = h('section', { class: 'card', 'aria-labelledby': 'ft-jobs-title' },
    h('h2', { id: 'ft-jobs-title' }, 'Your jobs'), spinner('Loading jobs…'));

  clear(container,
    pageHeading('Fine-tuning'),
    h('p', { class: 'lede' }, 'Specialise a plug on your own examples. Progress moves as each step of the job completes.'),
    jobCard, form, jobsCard);

  examples.addEventListener('input', () => showCheck(parseExamples(examples.value)));
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0];
    if (!chosen) return;
    if (chosen.size > MAX_UPLOAD_BYTES) {
      check.className = 'small text-error';
      check.textContent = `That file is ${(chosen.size / 1048576).toFixed(1)} MB; a job takes at most ${MAX_UPLOAD_BYTES / 1000000} MB of examples.`;
      return;
    }
    examples.value = await chosen.text();
    showCheck(parseExamples(examples.value));
  });

  loadPlugs().then(loadJobs);
  if (store.finetune.selected) follow(store.finetune.selected);

  return () => clearTimeout(timer);

  async function loadPlugs() {
    try {
      const catalogue = await get('/plugs', { signal });
      (catalogue.plugs ?? []).forEach((p) => plugNames.set(p.plug_id, p.name));
      const subscribed = (catalogue.plugs ?? []).filter((p) => p.subscribed);
      clear(plugSelect, subscribed.map((p) => h('option', { value: p.plug_id }, p.name)));
      if (!subscribed.length) {
        clear(formStatus, notice('info', h('p', {}, 'Your organisation subscribes to no plug yet. Add one under Billing first.')));
        submit.disabled = true;
      }
    } catch (error) {
      if (error.name !== 'AbortError') clear(formStatus, errorBox(error));
    }
  }

  async function loadJobs() {
    try {
      const data = await get('/finetune/jobs', { signal });
      const jobs = Array.isArray(data) ? data : (data?.jobs ?? []);
      clear(jobsCard, h('h2', { id: 'ft-jobs-title' }, 'Your jobs'),
        table('Fine-tuning jobs', ['Job', 'Plug', 'Status', 'Progress', 'Created', ''], jobs.map((job) => [
          h('code', {}, job.job_id), plugNames.get(job.plug_id) ?? job.plug_id, titleCase(job.status), `${job.progress ?? 0}%`,
          dateTime(job.created_at ?? job.started_at),
          h('button', { type: 'button', class: 'button button-small', onclick: () => follow(job.job_id) }, 'Show'),
        ]), { empty: 'No fine-tuning jobs yet.' }));
    } catch (error) {
      if (error.name !== 'AbortError') clear(jobsCard, h('h2', { id: 'ft-jobs-title' }, 'Your jobs'), errorBox(error));
    }
  }

  async function start(event) {
    event.preventDefault();
    const parsed = parseExamples(examples.value);
    showCheck(parsed);
    if (parsed.error || parsed.examples.length < MIN_EXAMPLES || parsed.examples.length > MAX_EXAMPLES) {
      examples.focus();
      return;
    }
    submit.disabled = true;
    clear(formStatus, spinner('Starting the job…'));
    try {
      const job = await post('/finetune', { plug_id: plugSelect.value, examples: parsed.examples }, { signal });
      clear(formStatus, notice('ok', h('p', {}, `Job ${job.job_id} started.`)));
      examples.value = '';
      clear(check);
      follow(job.job_id, job);
      loadJobs();
    } catch (error) {
      if (error.name !== 'AbortError') clear(formStatus, errorBox(error));
    } finally {
      submit.disabled = false;
    }
  }

  async function follow(jobId, known) {
    clearTimeout(timer);
    store.finetune.selected = jobId;
    jobCard.hidden = false;
    if (known) showJob(known);
    else clear(jobCard, h('h2', { id: 'ft-job-title' }, 'Job'), spinner('Loading the job…'));
    jobCard.scrollIntoView?.({ block: 'nearest' });
    await poll(jobId, !known);
  }

  async function poll(jobId, now) {
    if (!now) {
      timer = setTimeout(() => poll(jobId, true), POLL_MS);
      return;
    }
    try {
      const job = await get(`/finetune/status/${encodeURIComponent(jobId)}`, { signal });
      if (store.finetune.selected !== jobId) return;
      showJob(job);
      if (ACTIVE.has(job.status)) timer = setTimeout(() => poll(jobId, true), POLL_MS);
      else loadJobs();
    } catch (error) {
      if (error.name === 'AbortError') return;
      if (error.code === 'not_found') store.finetune.selected = null;
      clear(jobCard, h('h2', { id: 'ft-job-title' }, 'Job'), errorBox(error, error.status >= 500 || error.status === 0
        ? h('p', {}, h('button', { type: 'button', class: 'button', onclick: () => follow(jobId) }, 'Try again')) : null));
    }
  }

  function showJob(job) {
    const active = ACTIVE.has(job.status);
    const progress = Math.max(0, Math.min(100, Number(job.progress ?? 0)));
    const cancel = active ? h('button', {
      type: 'button', class: 'button button-quiet admin-only', id: 'ft-cancel',
      onclick: async (event) => {
        event.currentTarget.disabled = true;
        try {
          showJob(await post(`/finetune/${encodeURIComponent(job.job_id)}/cancel`, {}, { signal }));
          loadJobs();
        } catch (error) {
          if (error.name !== 'AbortError') jobCard.append(errorBox(error));
        }
      },
    }, 'Cancel job') : null;
    clear(jobCard,
      h('div', { class: 'card-head' },
        h('h2', { id: 'ft-job-title' }, 'Job ', h('code', {}, job.job_id)),
        job.mock_mode ? h('span', { class: 'badge badge-sample', title: 'Prompt specialisation computed from your examples; no model provider is called' }, 'Sample fine-tuning') : null),
      h('p', { class: `job-status status-${job.status}`, id: 'ft-status' },
        statusText(job), active ? spinner('') : null),
      h('p', { class: 'muted small' }, [
        plugNames.get(job.plug_id) ?? job.plug_id,
        job.example_count ? `${job.example_count.toLocaleString('en-US')} examples` : null,
        job.method ? `method: ${humanise(job.method).toLowerCase()}` : null,
      ].filter(Boolean).join(' · ')),
      h('div', { class: 'progress-row' },
        progressBar(`Progress of job ${job.job_id}`, progress, 100, { id: 'ft-progress' }),
        h('span', { class: 'progress-value', id: 'ft-progress-value' }, `${progress}%`)),
      h('ol', { class: 'steps', id: 'ft-steps', 'aria-label': 'Steps' }, (job.steps ?? []).map((step) => h('li', { class: `step step-${step.status}` },
        h('span', { class: 'step-mark', 'aria-hidden': 'true' }, mark(step.status)),
        h('div', {},
          h('strong', {}, humanise(step.name)), h('span', { class: 'muted' }, ` · ${titleCase(step.status)}`),
          step.completed_at ? h('span', { class: 'muted small' }, ` · done ${dateTime(step.completed_at)}`)
            : step.started_at ? h('span', { class: 'muted small' }, ` · started ${dateTime(step.started_at)}`) : null,
          step.detail ? h('p', { class: 'small' }, step.detail) : null)))),
      job.model_id ? h('p', { class: 'model-id' }, 'Model: ', h('code', { id: 'ft-model-id' }, job.model_id)) : null,
      job.status === 'failed' ? notice('error', h('p', {}, `The job failed: ${job.error ?? 'no reason was given'}.`)) : null,
      job.status === 'cancelled' ? notice('info', h('p', {}, 'This job was cancelled.')) : null,
      cancel ? h('div', { class: 'actions' }, cancel) : null);
  }

  function showCheck(parsed) {
    check.className = 'small';
    if (parsed.error) {
      check.classList.add('text-error');
      check.textContent = parsed.error;
    } else if (!parsed.examples.length) {
      check.textContent = '';
    } else if (parsed.examples.length < MIN_EXAMPLES) {
      check.classList.add('text-error');
      check.textContent = `${parsed.examples.length} example${parsed.examples.length === 1 ? '' : 's'}: at least ${MIN_EXAMPLES} are needed.`;
    } else if (parsed.examples.length > MAX_EXAMPLES) {
      check.classList.add('text-error');
      check.textContent = `${parsed.examples.length.toLocaleString('en-US')} examples: at most ${MAX_EXAMPLES.toLocaleString('en-US')} are allowed.`;
    } else {
      check.classList.add('text-ok');
      check.textContent = `${parsed.examples.length.toLocaleString('en-US')} examples ready.`;
    }
  }
}

/** JSONL to [{prompt, completion}], or the first problem with its line number. */
export function parseExamples(text) {
  const examples = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    let value;
    try {
      value = JSON.parse(line);
    } catch {
      return { examples, error: `Line ${i + 1} is not valid JSON.` };
    }
    if (typeof value?.prompt !== 'string' || typeof value?.completion !== 'string' || !value.prompt.trim() || !value.completion.trim()) {
      return { examples, error: `Line ${i + 1} needs a non-empty "prompt" and "completion".` };
    }
    if (value.prompt.length > MAX_PROMPT_CHARS || value.completion.length > MAX_COMPLETION_CHARS) {
      return { examples, error: `Line ${i + 1} is too long: a prompt may have ${MAX_PROMPT_CHARS.toLocaleString('en-US')} characters, `
        + `a completion ${MAX_COMPLETION_CHARS.toLocaleString('en-US')}.` };
    }
    examples.push({ prompt: value.prompt, completion: value.completion });
  }
  return { examples, error: null };
}

function statusText(job) {
  switch (job.status) {
    case 'queued': return 'Queued: waiting for the first step to start.';
    case 'running': return 'Running.';
    case 'complete': return job.completed_at ? `Complete (${dateTime(job.completed_at)}).` : 'Complete.';
    case 'failed': return 'Failed.';
    case 'cancelled': return 'Cancelled.';
    default: return titleCase(job.status ?? 'unknown');
  }
}

function mark(status) {
  return { complete: '✓', running: '…', failed: '✗', cancelled: '–' }[status] ?? '○';
}

function humanise(name) {
  return titleCase(String(name ?? '').replace(/[_-]+/g, ' '));
}
