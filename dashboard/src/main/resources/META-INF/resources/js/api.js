// Talks to the otlab REST API (docs/dashboard-api.md). The UI logs in with POST /api/session:
// the service sets an HttpOnly, SameSite=Strict session cookie the script never sees, and answers
// a CSRF token that goes out as X-CSRF-Token on every request that changes something. The token
// and who is logged in live only in this module; after a reload GET /api/session gives them back.
//
// Requests send X-Requested-With so that a 401 comes without a Basic challenge, and no browser
// pops its own login dialog over the page's form.

let me = null;
let csrfToken = null;

function remember(body) {
  me = body ? {user: body.user, roles: body.roles || []} : null;
  csrfToken = body ? body.csrfToken || null : null;
}

export const session = {
  get loggedIn() { return me !== null; },
  get me() { return me; },
  /** Whether the user may start, cancel and upload: operator or admin (roles include the lower). */
  get canOperate() {
    return !!me && (me.roles || []).some((r) => r === 'operator' || r === 'admin');
  },
  get role() {
    const roles = (me && me.roles) || [];
    return ['admin', 'operator', 'viewer'].find((r) => roles.includes(r)) || roles[0] || 'unknown';
  },
  clear() { remember(null); },
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

/** Raw fetch with the session cookie; throws ApiError on 4xx/5xx. */
export async function request(path, {method = 'GET', body, type, accept = 'application/json', signal, quiet} = {}) {
  const headers = {Accept: accept, 'X-Requested-With': 'XMLHttpRequest'};
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let payload = body;
  if (body !== undefined && type === undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  } else if (type) {
    headers['Content-Type'] = type;
  }
  const res = await fetch(path, {method, headers, body: payload, credentials: 'same-origin', signal, cache: 'no-store'});
  if (res.status === 401 && !quiet) {
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

/** Logs in: a new session (cookie) and its CSRF token. */
export async function login(user, password) {
  const body = await json('/api/session', {method: 'POST', body: {username: user, password}, quiet: true});
  remember(body);
  return me;
}

/** Picks up the session this browser already has (after a reload); false when there is none. */
export async function restore() {
  try {
    remember(await json('/api/session', {quiet: true}));
  } catch (e) {
    if (e.status !== 401) throw e;
    remember(null);
  }
  return session.loggedIn;
}

/** Ends the session on the server (the cookie is cleared) and here. */
export async function logout() {
  try {
    await request('/api/session', {method: 'DELETE', quiet: true});
  } finally {
    remember(null);
  }
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
 * Downloads a protected resource with the right file name: fetch it and hand the blob to the
 * browser, so a failure shows as the API's error rather than a broken download.
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

/**
 * Opens a protected HTML page (the printable report) in a new tab. The session cookie goes with
 * the navigation, so the tab loads the page itself, under the API's no-script policy.
 */
export function openHtml(path) {
  window.open(path, '_blank', 'noopener');
}

/**
 * Reads a server-sent event stream with fetch (so that an abort signal and our error shape work
 * as for any request), parsing text/event-stream ourselves: "event:" and "data:" lines, a blank line ends an event,
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
