// Every indexed image, by id, a page at a time (GET /images?limit=&after=): the next page loads when
// the end of the grid scrolls into view, or with the "Load more" button.
import { call, explain, showThumbnail, wireKeyButton } from './api.js';
import { el, imagePage, when } from './format.js';

// ?limit= sets the page size (the tests page through small pages).
const PAGE = Number(new URLSearchParams(location.search).get('limit')) || 48;
const $ = (id) => document.getElementById(id);
const state = $('state');
const grid = $('images');
const more = $('more');

let next = '';
let loading = false;
let done = false;
let count = 0;

async function loadPage() {
  if (loading || done) return;
  loading = true;
  more.disabled = true;
  const url = '/images?limit=' + PAGE + (next ? '&after=' + encodeURIComponent(next) : '');
  const answer = await call('GET', url);
  loading = false;
  more.disabled = false;
  if (!answer.ok) {
    state.textContent = explain(answer);
    state.className = 'state-line error';
    return;
  }
  const body = answer.body;
  grid.append(...body.images.map(card));
  count += body.images.length;
  next = body.next || '';
  done = !body.next;
  more.hidden = done;
  state.className = 'state-line';
  state.textContent = count === 0
    ? 'The index holds no image yet. Upload some first.'
    : `${count} image${count === 1 ? '' : 's'} shown${done ? ': all of them' : ''}.`;
  if (body.partial) {
    $('notices').replaceChildren(
      el('p', { class: 'notice warn' },
        `Partitions ${body.missingPartitions.join(', ')} could not be listed: their images are missing from this page.`));
  }
  // A short page or a tall window can leave the sentinel in view: load on until it is not.
  if (!done && inView()) loadPage();
}

function inView() {
  return $('sentinel').getBoundingClientRect().top < window.innerHeight + 400;
}

function card(img) {
  const thumb = el('img', { alt: `Thumbnail of ${img.id}`, loading: 'lazy', width: 256 });
  if (img.thumbnail) showThumbnail(thumb, img.thumbnail);
  return el('li', { class: 'card listed', 'data-id': img.id },
    el('a', { href: imagePage(img.id), class: 'thumb-link', 'aria-label': `Open ${img.id}` },
      el('div', { class: 'thumb' }, thumb)),
    el('div', { class: 'card-body' },
      el('a', { href: imagePage(img.id), class: 'id' }, img.id),
      el('p', { class: 'muted small' },
        img.width > 0 ? `${img.width} \u00d7 ${img.height} ${img.format}` : 'hash only',
        img.uploadedAt > 0 ? ' \u00b7 ' + when(img.uploadedAt) : '')));
}

new IntersectionObserver((entries) => {
  if (entries.some((e) => e.isIntersecting)) loadPage();
}, { rootMargin: '400px' }).observe($('sentinel'));
more.addEventListener('click', loadPage);
wireKeyButton();
loadPage();
