// Uploads several images (POST /images, one call each with its progress), then watches each until
// the index holds it: publish-to-searchable, measured here from the 202 to the first GET that finds
// it.
import { call, explain, upload, wireKeyButton } from './api.js';
import { bytes, el, imagePage } from './format.js';

const POLL_MS = 100;
const GIVE_UP_MS = 60_000;
const $ = (id) => document.getElementById(id);
let files = [];

function choose(list) {
  files = [...list];
  $('chosen').textContent = files.length === 0 ? '' :
    `${files.length} file${files.length === 1 ? '' : 's'}: ${files.map((f) => f.name).join(', ')}`;
  $('send').disabled = files.length === 0;
  $('id').disabled = files.length > 1;
}

/** The metadata lines as form fields; throws with a message for a line without '='. */
function metadata() {
  const fields = [];
  for (const line of $('meta').value.split('\n')) {
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`Metadata line "${line}" needs the form name=value.`);
    fields.push(['meta.' + line.slice(0, eq).trim(), line.slice(eq + 1).trim()]);
  }
  return fields;
}

async function send(file, id, meta, row) {
  const bar = row.querySelector('progress');
  const outcome = row.querySelector('.outcome');
  const form = new FormData();
  if (id) form.append('id', id);
  meta.forEach(([k, v]) => form.append(k, v));
  form.append('image', file, file.name);
  const answer = await upload('/images', form, (sent, total) => {
    if (total) bar.value = sent / total;
  });
  if (!answer.ok) {
    row.dataset.state = 'failed';
    outcome.className = 'outcome bad';
    outcome.textContent = explain(answer);
    return false;
  }
  bar.value = 1;
  const published = performance.now();
  const stored = answer.body.id;
  row.dataset.id = stored;
  outcome.textContent = 'Published; waiting for the index\u2026';
  while (performance.now() - published < GIVE_UP_MS) {
    const seen = await call('GET', '/images/' + encodeURIComponent(stored));
    if (seen.ok) {
      const ms = Math.round(performance.now() - published);
      row.dataset.state = 'searchable';
      row.dataset.ms = String(ms);
      outcome.className = 'outcome ok';
      outcome.replaceChildren(`\u2713 Searchable after ${ms} ms as `,
        el('a', { href: imagePage(stored) }, stored), '.');
      return true;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  row.dataset.state = 'failed';
  outcome.className = 'outcome bad';
  outcome.textContent = 'Published, but not searchable after a minute: the node may be far behind (see Status).';
  return false;
}

$('files').addEventListener('change', (e) => choose(e.target.files));
const drop = $('drop');
['dragenter', 'dragover'].forEach((t) => drop.addEventListener(t, (e) => { e.preventDefault(); drop.classList.add('over'); }));
['dragleave', 'drop'].forEach((t) => drop.addEventListener(t, () => drop.classList.remove('over')));
drop.addEventListener('drop', (e) => { e.preventDefault(); choose(e.dataTransfer.files); });

$('upload-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const summary = $('summary');
  summary.hidden = false;
  let meta;
  try {
    meta = metadata();
  } catch (err) {
    summary.textContent = err.message;
    summary.className = 'state-line error';
    return;
  }
  const id = files.length === 1 ? $('id').value.trim() : '';
  const list = $('uploads');
  const jobs = files.map((file) => {
    const row = el('li', { class: 'upload-row', 'data-state': 'sending', 'data-name': file.name },
      el('strong', {}, file.name, ' ', el('span', { class: 'muted small' }, bytes(file.size))),
      el('progress', { max: 1, value: 0, 'aria-label': `Upload of ${file.name}` }),
      el('span', { class: 'outcome' }, 'Sending\u2026'));
    list.prepend(row);
    return send(file, id, meta, row);
  });
  summary.className = 'state-line busy';
  summary.textContent = `Uploading ${jobs.length} file${jobs.length === 1 ? '' : 's'}\u2026`;
  const outcomes = await Promise.all(jobs);
  const failed = outcomes.filter((ok) => !ok).length;
  summary.className = failed ? 'state-line error' : 'state-line';
  summary.textContent = failed
    ? `${outcomes.length - failed} searchable, ${failed} failed (listed below).`
    : `All ${outcomes.length} searchable.`;
});
wireKeyButton();
