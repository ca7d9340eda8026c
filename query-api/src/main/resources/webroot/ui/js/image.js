// The page of one indexed image: /ui/images/{id}. What the index holds about it, a search for
// images like it, and its deletion (asked first).
import { call, explain, showThumbnail, wireKeyButton } from './api.js';
import { el, metadataList, when } from './format.js';

const $ = (id) => document.getElementById(id);
const state = $('state');
const id = decodeURIComponent(location.pathname.slice('/ui/images/'.length));

function fact(name, value) {
  return value === '' || value == null ? [] : [el('dt', {}, name), el('dd', {}, value)];
}

async function load() {
  document.title = 'Likeness: ' + id;
  const answer = await call('GET', '/images/' + encodeURIComponent(id));
  if (!answer.ok) {
    state.textContent = answer.status === 404
      ? `No indexed image has the id "${id}". It may not be indexed yet, or it was deleted.`
      : explain(answer);
    state.className = 'state-line error';
    return;
  }
  const img = answer.body;
  state.hidden = true;
  $('image').hidden = false;
  $('title').textContent = img.id;
  $('thumb').alt = 'Thumbnail of ' + img.id;
  if (img.thumbnail) showThumbnail($('thumb'), img.thumbnail);
  $('facts').replaceChildren(
    ...fact('Size', img.width > 0 ? `${img.width} \u00d7 ${img.height} px` : 'a hash only, no image'),
    ...fact('Format', img.format + (img.contentType ? ` (${img.contentType})` : '')),
    ...fact('Source', img.source),
    ...fact('Uploaded', when(img.uploadedAt)),
    ...fact('Indexed', when(img.indexedAt)),
    ...fact('PDQ hash', img.pdq),
    ...fact('PDQ quality', img.quality));
  $('metadata').replaceChildren(metadataList(img.metadata) || el('p', { class: 'muted small' }, 'none'));
  $('similar').href = '/?id=' + encodeURIComponent(img.id);
}

$('delete').addEventListener('click', () => $('confirm').showModal());
$('confirm').addEventListener('close', async () => {
  if ($('confirm').returnValue !== 'delete') return;
  const answer = await call('DELETE', '/images/' + encodeURIComponent(id));
  state.hidden = false;
  if (answer.ok) {
    state.textContent = `Deleted: "${id}" leaves the index of every node in a moment.`;
    state.className = 'state-line';
    $('delete').disabled = true;
  } else {
    state.textContent = explain(answer);
    state.className = 'state-line error';
  }
});

wireKeyButton();
load();
