// The search page: an image (picked, dropped or pasted) or an indexed image's id (?id=) is searched
// at once; the matches are shown as cards, keypoint matches with the region the query shows.
import { call, explain, showThumbnail, wireKeyButton } from './api.js';
import { el, imagePage, metadataList, PATHS, thumbnail, transformWords, when } from './format.js';

const $ = (id) => document.getElementById(id);
const state = $('state');
const results = $('results');
const notices = $('notices');

/** The last query, searched again when the settings change: {file} or {id}. */
let query = null;
let queryUrl = null;
// Only the latest search may show its answer: an earlier one can come back later.
let latest = 0;

function settings() {
  const params = new URLSearchParams();
  params.set('k', $('k').value || '10');
  params.set('threshold', $('threshold').value || '48');
  return params;
}

function showQuery(src, caption) {
  $('query-figure').hidden = false;
  $('query-image').src = src;
  $('query-caption').textContent = caption;
}

function useFile(file) {
  if (!file) return;
  if (queryUrl) URL.revokeObjectURL(queryUrl);
  queryUrl = URL.createObjectURL(file);
  showQuery(queryUrl, file.name || 'pasted image');
  query = { file };
  run();
}

async function run() {
  if (!query) return;
  const mine = ++latest;
  $('again').disabled = false;
  state.textContent = 'Searching\u2026';
  state.className = 'state-line busy';
  results.replaceChildren();
  notices.replaceChildren();
  const params = settings();
  let answer;
  if (query.file) {
    // The raw bytes as the body: no multipart framing to build.
    answer = await call('POST', '/search?' + params, query.file, {
      'Content-Type': query.file.type || 'application/octet-stream',
    });
  } else {
    params.set('id', query.id);
    answer = await call('GET', '/search?' + params);
  }
  if (mine === latest) render(answer);
}

function render(answer) {
  if (!answer.ok) {
    state.textContent = explain(answer);
    state.className = 'state-line error';
    state.dataset.status = String(answer.status);
    return;
  }
  state.dataset.status = '200';
  const body = answer.body;
  const matches = body.matches || [];
  const took = body.tookMs != null ? ` in ${body.tookMs} ms` : '';
  if (matches.length === 0) {
    state.textContent =
      `No match within threshold ${body.query.threshold}${took}. ` +
      'Raise the threshold to see looser matches, or upload this image to index it.';
    state.className = 'state-line empty';
  } else {
    state.textContent = `${matches.length} match${matches.length === 1 ? '' : 'es'}${took}, best first.`;
    state.className = 'state-line';
  }
  if (body.partial) {
    notices.append(
      el('p', { class: 'notice warn', id: 'partial-notice' },
        `Partial answer: partition${body.missingPartitions.length === 1 ? '' : 's'} ` +
        `${body.missingPartitions.join(', ')} could not be searched, so matches held there are missing. ` +
        'Try again shortly.'));
  }
  if (body.stale) {
    const parts = (body.stalePartitions || []).map((s) =>
      s.lag == null ? `${s.partition}` : `${s.partition} (${s.lag} behind)`);
    notices.append(
      el('p', { class: 'notice info', id: 'stale-notice' },
        `Answered from standby copies for partition${parts.length === 1 ? '' : 's'} ${parts.join(', ')}: ` +
        'complete, but the latest uploads there may not show yet.'));
  }
  results.replaceChildren(...matches.map(card));
}

function card(m) {
  const img = el('img', { alt: `Thumbnail of ${m.id}`, loading: 'lazy', width: 256 });
  const frame = el('div', { class: 'thumb' }, img);
  if (m.thumbnail) showThumbnail(img, m.thumbnail);
  if (m.region) {
    const r = m.region;
    frame.append(el('div', {
      class: 'region',
      title: 'Where the query sits in this image',
      style: `left:${r.x * 100}%;top:${r.y * 100}%;width:${r.width * 100}%;height:${r.height * 100}%`,
    }));
  }
  const similarity = Math.round(m.similarity * 100);
  const words = transformWords(m);
  return el('li', { class: 'card result', 'data-id': m.id, 'data-path': m.path },
    el('a', { href: imagePage(m.id), class: 'thumb-link', 'aria-label': `Open ${m.id}` }, frame),
    el('div', { class: 'card-body' },
      el('a', { href: imagePage(m.id), class: 'id' }, m.id),
      el('div', { class: 'score' },
        el('span', { class: 'distance' }, `distance ${m.distance}`),
        el('span', { class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': 100,
          'aria-valuenow': similarity, 'aria-label': 'Similarity' },
          el('span', { style: `width:${similarity}%` })),
        el('span', { class: 'pct' }, `${similarity}%`)),
      el('p', { class: 'how' },
        el('span', { class: `path path-${m.path}` }, PATHS[m.path] || m.path),
        words ? ' ' + words : ''),
      metadataList(m.metadata),
      m.uploadedAt > 0 ? el('p', { class: 'muted small' }, 'uploaded ' + when(m.uploadedAt)) : null));
}

// ---- Input: pick, drop, paste, ?id= ----------------------------------------------------------

$('file').addEventListener('change', (e) => useFile(e.target.files[0]));
const drop = $('drop');
['dragenter', 'dragover'].forEach((type) =>
  drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  }));
['dragleave', 'drop'].forEach((type) => drop.addEventListener(type, () => drop.classList.remove('over')));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  useFile(e.dataTransfer.files[0]);
});
// A file dropped beside the zone would make the browser leave the page for it.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => {
  if (e.defaultPrevented) return; // the drop zone took it
  e.preventDefault();
  if (e.dataTransfer && e.dataTransfer.files.length) useFile(e.dataTransfer.files[0]);
});
document.addEventListener('paste', (e) => {
  const file = [...(e.clipboardData ? e.clipboardData.files : [])].find((f) => f.type.startsWith('image/'));
  if (file) useFile(file);
});
$('controls').addEventListener('submit', (e) => {
  e.preventDefault();
  run();
});
['k', 'threshold'].forEach((id) => $(id).addEventListener('change', () => run()));

const params = new URLSearchParams(location.search);
['k', 'threshold'].forEach((name) => {
  if (params.has(name)) $(name).value = params.get(name);
});
if (params.get('id')) {
  const id = params.get('id');
  query = { id };
  $('query-figure').hidden = false;
  $('query-caption').textContent = `indexed image ${id}`;
  showThumbnail($('query-image'), thumbnail(id));
  run();
}
wireKeyButton();
