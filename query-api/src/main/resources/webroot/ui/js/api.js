// The pages' one way to call the node: JSON answers, errors in plain words, and the API key (kept in
// this tab's sessionStorage, sent as "Authorization: Bearer", never put in a URL).
const KEY_STORE = 'likeness.apiKey';

/** The key the user gave in this tab, or ''. */
export function apiKey() {
  return sessionStorage.getItem(KEY_STORE) || '';
}

/** Remembers (or, for '', forgets) the key for this tab. */
export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORE, key);
  else sessionStorage.removeItem(KEY_STORE);
  if (key) showWaitingThumbnails();
}

function withKey(headers) {
  const key = apiKey();
  if (key) headers.Authorization = 'Bearer ' + key;
  return headers;
}

/**
 * Calls the node: {ok, status, body (parsed JSON or null), retryAfter (s or null)}. Status 0 means
 * the node could not be reached. On 401 the user is asked for a key and the call made once more.
 */
export async function call(method, url, body, headers = {}) {
  for (let attempt = 0; ; attempt++) {
    let resp;
    try {
      resp = await fetch(url, { method, body, headers: withKey({ ...headers }), cache: 'no-store' });
    } catch (e) {
      return { ok: false, status: 0, body: null, retryAfter: null };
    }
    const answer = await read(resp.status, resp.headers.get('retry-after'), () => resp.text());
    if (answer.status === 401 && attempt === 0 && (await askForKey(answer))) continue;
    return answer;
  }
}

async function read(status, retryAfter, text) {
  let body = null;
  try {
    const raw = await text();
    body = raw ? JSON.parse(raw) : null;
  } catch (e) {
    body = null;
  }
  const seconds = retryAfter == null ? null : Number(retryAfter);
  return { ok: status >= 200 && status < 300, status, body, retryAfter: Number.isFinite(seconds) ? seconds : null };
}

/**
 * POSTs a form with upload progress (fetch reports none): onProgress(sent, total). Resolves like
 * {@link call}.
 */
export function upload(url, form, onProgress) {
  const once = () =>
    new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url);
      const headers = withKey({});
      Object.entries(headers).forEach(([name, value]) => xhr.setRequestHeader(name, value));
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : null);
      xhr.onload = () =>
        resolve(read(xhr.status, xhr.getResponseHeader('retry-after'), async () => xhr.responseText));
      xhr.onerror = () => resolve({ ok: false, status: 0, body: null, retryAfter: null });
      xhr.send(form);
    });
  return once().then(async (answer) =>
    answer.status === 401 && (await askForKey(answer)) ? once() : answer);
}

/** A failed answer in plain words, for a person rather than a program. */
export function explain(answer) {
  const detail = answer.body && answer.body.error ? answer.body.error : '';
  const later = answer.retryAfter != null ? ` Try again in ${answer.retryAfter} s.` : ' Try again in a moment.';
  switch (answer.status) {
    case 0: return 'The node could not be reached. Is it running?';
    case 400: return 'The node did not understand the request: ' + detail;
    case 401: return 'This node needs an API key. Enter one with the "API key" button.';
    case 403: return 'The node refused this: ' + (detail || 'the key does not allow it.');
    case 404: return 'Not found: ' + (detail || 'no such image.');
    case 408: return 'The upload took too long to arrive; try again on a faster connection.';
    case 413: return 'That file is too large for this node. ' + detail;
    case 415: return 'That file is not an image this node can read: it must be JPEG, PNG, GIF, BMP, WebP or TIFF.';
    case 422: return 'That file looks like an image but could not be decoded: it may be damaged or cut short.';
    case 429: return 'Too many requests from you right now.' + later;
    case 503: return 'The node is busy or its index is not ready (starting or rebalancing).' + later;
    default: return `The node answered with an error (HTTP ${answer.status}). ${detail}`;
  }
}

// ---- The key prompt --------------------------------------------------------------------------

let dialog = null;

function keyDialog() {
  if (dialog) return dialog;
  dialog = document.createElement('dialog');
  dialog.id = 'key-dialog';
  dialog.setAttribute('aria-labelledby', 'key-title');
  dialog.innerHTML = `
    <form method="dialog" class="key-form">
      <h2 id="key-title">API key</h2>
      <p id="key-why" class="muted">This node asks for an API key. It is kept in this tab only.</p>
      <label for="key-input">Key</label>
      <input id="key-input" type="password" autocomplete="off" spellcheck="false">
      <div class="buttons">
        <button value="cancel" type="submit" formnovalidate>Cancel</button>
        <button value="clear" type="submit" formnovalidate>Forget key</button>
        <button value="save" type="submit" class="primary">Use this key</button>
      </div>
    </form>`;
  document.body.append(dialog);
  return dialog;
}

/** Shows the key prompt; resolves true if the user gave a key. */
export function askForKey(answer) {
  const d = keyDialog();
  const why = d.querySelector('#key-why');
  why.textContent = answer && answer.status === 401
    ? 'This node needs an API key for that' + (answer.body && answer.body.error ? ': ' + answer.body.error : '.') + ' It is kept in this tab only.'
    : 'The key is sent with every call as "Authorization: Bearer" and kept in this tab only.';
  const input = d.querySelector('#key-input');
  input.value = apiKey();
  return new Promise((resolve) => {
    d.addEventListener('close', function done() {
      d.removeEventListener('close', done);
      if (d.returnValue === 'save' && input.value.trim()) {
        setApiKey(input.value.trim());
        resolve(true);
      } else {
        if (d.returnValue === 'clear') setApiKey('');
        resolve(false);
      }
      updateKeyButton();
    });
    d.showModal();
    input.focus();
  });
}

function updateKeyButton() {
  const button = document.getElementById('key-button');
  if (button) button.textContent = apiKey() ? 'API key \u2713' : 'API key';
}

/** Wires the header's key button, if the page has one. */
export function wireKeyButton() {
  const button = document.getElementById('key-button');
  if (!button) return;
  updateKeyButton();
  button.addEventListener('click', () => askForKey(null));
}

// Thumbnails that failed without a key (a node with a key file refuses them): a page can show one
// before its first call has asked for the key, so they are fetched again once the key is given.
const waitingForKey = new Map();

function showWaitingThumbnails() {
  const waiting = [...waitingForKey];
  waitingForKey.clear();
  waiting.forEach(([img, url]) => showThumbnail(img, url));
}

/**
 * Shows the thumbnail of {@code id} in {@code img}. With a key, through a call that carries it (an
 * img element cannot send headers); without, straight from its URL so the browser caches it.
 */
export async function showThumbnail(img, url) {
  if (!apiKey()) {
    img.addEventListener('error', () => {
      if (apiKey()) showThumbnail(img, url);
      else waitingForKey.set(img, url);
    }, { once: true });
    img.src = url;
    return;
  }
  try {
    const resp = await fetch(url, { headers: withKey({}) });
    if (resp.ok) img.src = URL.createObjectURL(await resp.blob());
  } catch (e) {
    // Left blank: the card still shows the id and numbers.
  }
}
