// Words and numbers for the pages: transforms, times, sizes. Builds DOM nodes, never HTML strings,
// since ids and metadata come from whoever uploaded the images.

/** An element with attributes (on* are listeners) and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child == null) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const FORMS = {
  original: 'same orientation',
  rotate90: 'rotated 90\u00b0',
  rotate180: 'rotated 180\u00b0',
  rotate270: 'rotated 270\u00b0',
  flipX: 'flipped upside down',
  flipY: 'mirrored',
  flipDiagonal: 'mirrored and rotated 90\u00b0',
  flipAntiDiagonal: 'mirrored and rotated 270\u00b0',
};

const number = (v, digits) => {
  const s = Number(v).toFixed(digits).replace(/\.?0+$/, '');
  return s.replace('-', '\u2212');
};

/** How the query relates to the match, in words: "crop, scale 0.74, rotated −4.9°". */
export function transformWords(match) {
  if (match.path === 'keypoints' && match.transform) {
    const t = match.transform;
    const words = [];
    const r = match.region;
    if (r && r.width * r.height < 0.9) words.push('crop');
    if (Math.abs(t.scale - 1) >= 0.02) words.push('scale ' + number(t.scale, 2));
    if (Math.abs(t.rotationDegrees) >= 0.5) words.push('rotated ' + number(t.rotationDegrees, 1) + '\u00b0');
    if (t.mirrored) words.push('mirrored');
    if (words.length === 0) words.push('same framing');
    return words.join(', ');
  }
  const form = FORMS[match.form] || match.form || '';
  if (match.path === 'bands') return 'two of three bands match' + (form ? ', ' + form : '');
  return form;
}

/** What found the match, in words. */
export const PATHS = {
  whole: 'whole image',
  keypoints: 'keypoints',
  bands: 'bands',
};

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A time in epoch milliseconds, in the reader's locale; '' for none. */
export function when(ms) {
  return ms > 0 ? dateTime.format(new Date(ms)) : '';
}

/** Bytes as B, KiB or MiB. */
export function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

/** The page of an image. */
export function imagePage(id) {
  return '/ui/images/' + encodeURIComponent(id);
}

/** The thumbnail of an image. */
export function thumbnail(id) {
  return '/images/' + encodeURIComponent(id) + '/thumbnail';
}

/** Metadata as a definition list, or null if there is none. */
export function metadataList(metadata) {
  const entries = Object.entries(metadata || {});
  if (entries.length === 0) return null;
  return el('dl', { class: 'meta-list' }, entries.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
}
