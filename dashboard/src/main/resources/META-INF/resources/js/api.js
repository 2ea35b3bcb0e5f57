// Talks to the otlab REST API (docs/dashboard-api.md). Credentials live in sessionStorage so they
// die with the tab, and go out as an explicit Authorization header on every request.
//
// Every fetch uses credentials: 'omit'. The server answers 401 with a Basic challenge; with the
// default credentials mode Chromium would pop its own login dialog over the page. With 'omit'
// the browser neither prompts nor reuses cached HTTP auth, and our explicit header still goes out.

const KEY = 'otlab.auth';
const USER_KEY = 'otlab.user';

/** Encodes "user:password" as UTF-8 before base64; btoa alone fails on non-Latin-1 passwords. */
function basic(user, password) {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let bin = '';
  bytes.forEach((b) => { bin += String.fromCharCode(b); });
  return `Basic ${btoa(bin)}`;
}

export const session = {
  get auth() { return sessionStorage.getItem(KEY); },
  get me() {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? JSON.parse(raw) : null;
  },
  /** Whether the user may start, cancel and upload: operator or admin (roles include the lower). */
  get canOperate() {
    const me = this.me;
    return !!me && (me.roles || []).some((r) => r === 'operator' || r === 'admin');
  },
  get role() {
    const roles = (this.me && this.me.roles) || [];
    return ['admin', 'operator', 'viewer'].find((r) => roles.includes(r)) || roles[0] || 'unknown';
  },
  clear() {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(USER_KEY);
  },
};

/** An error in the API's one JSON shape ({status, code, message, remedy, problems}). */
export class ApiError extends Error {
  constructor(status, body) {
    super(body.message || `HTTP ${status}`);
    this.status = status;
    this.code = body.code || `HTTP_${status}`;
    this.remedy = body.remedy || '';
    this.problems = body.problems || [];
  }
}

// Listeners told when the server stops accepting our credentials (expired user, password changed).
const unauthorizedListeners = [];
export function onUnauthorized(fn) { unauthorizedListeners.push(fn); }

async function errorFrom(res) {
  let body = {};
  try {
    body = await res.json();
  } catch {
    body = {message: `${res.status} ${res.statusText}`};
  }
  return new ApiError(res.status, body);
}

/** Raw fetch with our credentials; throws ApiError on 4xx/5xx. */
export async function request(path, {method = 'GET', body, type, accept = 'application/json', signal, auth} = {}) {
  // X-Requested-With: the service then answers a 401 without a Basic challenge, so no browser
  // shows its own login dialog over the page's form.
  const headers = {Accept: accept, 'X-Requested-With': 'XMLHttpRequest'};
  const a = auth || session.auth;
  if (a) headers.Authorization = a;
  let payload = body;
  if (body !== undefined && type === undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (type) {
    headers['Content-Type'] = type;
  }
  const res = await fetch(path, {method, headers, body: payload, credentials: 'omit', signal, cache: 'no-store'});
  if (res.status === 401 && !auth) {
    unauthorizedListeners.forEach((fn) => fn());
  }
  if (!res.ok) throw await errorFrom(res);
  return res;
}

/** GET or POST returning parsed JSON (or null for an empty body). */
export async function json(path, opts) {
  const res = await request(path, opts);
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** Checks credentials against GET /api/me and keeps them for this tab when they work. */
export async function login(user, password) {
  const auth = basic(user, password);
  const me = await json('/api/me', {auth});
  sessionStorage.setItem(KEY, auth);
  sessionStorage.setItem(USER_KEY, JSON.stringify(me));
  return me;
}

// Library answers change rarely; caching them keeps route changes snappy. Uploads clear it.
const cache = new Map();
export function cached(path) {
  if (!cache.has(path)) {
    const p = json(path).catch((e) => { cache.delete(path); throw e; });
    cache.set(path, p);
  }
  return cache.get(path);
}
export function clearCache() { cache.clear(); }

/**
 * Downloads a protected resource. A plain <a href> cannot carry our Authorization header (the
 * browser would prompt for Basic credentials), so fetch it and hand the blob to the browser.
 */
export async function download(path, filename) {
  const res = await request(path, {accept: '*/*'});
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** Opens a protected HTML page (the printable report) in a new tab from a blob. */
export async function openHtml(path) {
  // Open the window first: popup blockers only allow it inside the click's own task.
  const w = window.open('', '_blank');
  const res = await request(path, {accept: 'text/html'});
  const blob = new Blob([await res.text()], {type: 'text/html'});
  const url = URL.createObjectURL(blob);
  if (w) w.location.href = url; else window.location.href = url;
}

/**
 * Reads a server-sent event stream with fetch. EventSource cannot send an Authorization header,
 * so we parse text/event-stream ourselves: "event:" and "data:" lines, a blank line ends an event,
 * lines starting with ":" are comments (keep-alives). Resolves when the stream closes; calls
 * onEvent(type, data) with data parsed as JSON when it is JSON.
 */
export async function stream(path, onEvent, signal) {
  const res = await request(path, {accept: 'text/event-stream', signal});
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let type = 'message';
  let data = [];
  const dispatch = () => {
    if (data.length) {
      const raw = data.join('\n');
      let parsed = raw;
      try { parsed = JSON.parse(raw); } catch { /* not JSON: hand over the text */ }
      onEvent(type, parsed);
    }
    type = 'message';
    data = [];
  };
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += value;
    // Lines may end in \n, \r\n or \r (the SSE grammar allows all three).
    let m;
    const re = /\r\n|\n|\r/g;
    let start = 0;
    while ((m = re.exec(buffer)) !== null) {
      // A lone \r at the very end might be the first half of \r\n: wait for more.
      if (m[0] === '\r' && m.index === buffer.length - 1) break;
      const line = buffer.slice(start, m.index);
      start = m.index + m[0].length;
      if (line === '') {
        dispatch();
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let val = colon < 0 ? '' : line.slice(colon + 1);
        if (val.startsWith(' ')) val = val.slice(1);
        if (field === 'event') type = val;
        else if (field === 'data') data.push(val);
      }
    }
    buffer = buffer.slice(start);
  }
  dispatch();
}
