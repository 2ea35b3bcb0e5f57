// Tiny DOM helpers. Every value from the server goes through text nodes or attributes, never
// through innerHTML, so a scenario title or an alert summary cannot inject markup.

/**
 * Builds an element: h('a', {href: '#/x', class: 'btn'}, 'text', child, [more, children]).
 * Attributes starting with "on" are event listeners; null/undefined/false attributes are skipped;
 * `dataset` takes an object.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The same for SVG elements (they need their namespace). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value' && 'value' in el && !(el instanceof SVGElement)) {
      el.value = v;
    } else if (k === 'checked' || k === 'disabled' || k === 'selected') {
      el[k] = Boolean(v);
      if (v) el.setAttribute(k, '');
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces all children of `el`. */
export function mount(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Formats a number for people: fixed decimals by magnitude, "–" for null. */
export function num(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  if (typeof v !== 'number') return String(v);
  if (digits !== undefined) return v.toFixed(digits);
  const a = Math.abs(v);
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

/** Simulated seconds as "75 s" or "12 min 30 s". */
export function secs(v) {
  if (v === null || v === undefined) return '–';
  if (Math.abs(v) < 120) return `${v.toFixed(v < 10 ? 1 : 0)} s`;
  const m = Math.floor(v / 60);
  const r = Math.round(v - m * 60);
  return r ? `${m} min ${r} s` : `${m} min`;
}

/** A wall-clock timestamp (ISO string or epoch ms) in the viewer's locale. */
export function when(v) {
  if (!v) return '–';
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? String(v) : d.toLocaleString();
}

/**
 * A badge that carries meaning in its text and icon as well as its colour, so it reads the same
 * for colour-blind users and in a greyscale printout.
 */
export function badge(kind, text, icon) {
  return h('span', {class: `badge badge-${kind}`}, icon ? h('span', {'aria-hidden': 'true'}, icon + ' ') : null, text);
}

const OUTCOMES = {
  SUCCEEDED: ['bad', '✔', 'succeeded'],
  BLOCKED: ['good', '⊘', 'blocked'],
  FAILED: ['neutral', '✖', 'failed'],
  NOT_RUN: ['muted', '○', 'not run'],
  PENDING: ['muted', '…', 'pending'],
};

/** An attack step outcome: from the defender's side a succeeded step is bad news. */
export function outcomeBadge(outcome) {
  const o = String(outcome || 'PENDING').toUpperCase();
  const [kind, icon, text] = OUTCOMES[o] || ['neutral', '?', o.toLowerCase()];
  return badge(kind, text, icon);
}

const SEVERITIES = {
  critical: ['bad', '‼'], high: ['bad', '▲'], medium: ['warn', '◆'], low: ['neutral', '▽'], info: ['muted', 'ℹ'],
};

export function severityBadge(sev) {
  const v = String(sev || 'info').toLowerCase();
  const [kind, icon] = SEVERITIES[v] || ['neutral', '•'];
  return badge(kind, v, icon);
}

const STATUSES = {
  queued: ['muted', '◔'], running: ['info', '▶'], finished: ['good', '✔'], failed: ['bad', '✖'],
  cancelled: ['neutral', '■'], interrupted: ['warn', '⚠'],
};

export function statusBadge(status) {
  const v = String(status || 'unknown').toLowerCase();
  const [kind, icon] = STATUSES[v] || ['neutral', '•'];
  return badge(kind, v, icon);
}

/** A yes/no that does not depend on colour. */
export function yesNo(v, yes = 'yes', no = 'no', goodWhenYes = true) {
  if (v === null || v === undefined) return badge('muted', 'n/a');
  return badge(v === goodWhenYes ? 'good' : 'bad', v ? yes : no, v ? '●' : '○');
}

/** A table from column definitions [{label, cell: row => node|string, class}]. */
export function table(columns, rows, attrs = {}) {
  return h('div', {class: 'table-wrap'},
    h('table', attrs,
      h('thead', null, h('tr', null, columns.map((c) => h('th', {scope: 'col', class: c.class}, c.label)))),
      // data-label lets narrow screens show each row as a card of labelled fields (see app.css).
      h('tbody', null, rows.length === 0
        ? h('tr', null, h('td', {colspan: columns.length, class: 'empty'}, attrs.empty || 'nothing yet'))
        : rows.map((r) => h('tr', r.__attrs || null, columns.map((c) => h('td', {class: c.class, 'data-label': c.label}, c.cell(r))))))));
}

/** A message box; role=alert so screen readers announce errors without focus moving. */
export function errorBox(err) {
  const problems = err && err.problems ? err.problems : [];
  return h('div', {class: 'msg msg-error', role: 'alert'},
    h('strong', null, '✖ ', err.code ? `${err.code}: ` : '', err.message || String(err)),
    err.remedy ? h('p', null, err.remedy) : null,
    problems.length ? h('ul', {class: 'problems'}, problems.map((p) =>
      h('li', null, h('code', null, p.path || '(file)'), ' — ', p.message, p.fix ? h('span', {class: 'fix'}, ' → ', p.fix) : null))) : null);
}

export function info(text) {
  return h('div', {class: 'msg msg-info', role: 'status'}, 'ℹ ', text);
}

/**
 * A step trigger in words. The API sends the whole trigger record ({at, after, afterSuccessOnly,
 * tag, above, below, repeatEvery, repeatCount}) with nulls for the parts that do not apply.
 */
export function triggerText(t) {
  if (!t) return '';
  if (typeof t === 'string') return t;
  const parts = [];
  if (t.at !== null && t.at !== undefined) parts.push(`at ${secs(t.at)}`);
  if (t.after) parts.push(`after ${t.after}${t.afterSuccessOnly === false ? ' (any outcome)' : ' succeeds'}`);
  if (t.tag) {
    if (t.above !== null && t.above !== undefined) parts.push(`when ${t.tag} > ${t.above}`);
    if (t.below !== null && t.below !== undefined) parts.push(`when ${t.tag} < ${t.below}`);
  }
  if (t.repeatEvery) parts.push(`every ${secs(t.repeatEvery)}${t.repeatCount ? ` ×${t.repeatCount}` : ''}`);
  return parts.join(', ');
}

/** Job ids are UUIDs: the first block is enough to tell them apart on screen. */
export function shortId(id) {
  const v = String(id ?? '');
  return /^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(v) ? v.slice(0, 8) : v;
}

/** A host's posture (remote services, credentials, OPC UA settings) in words. */
export function postureText(p) {
  if (!p) return '–';
  const parts = [];
  const services = (p.remoteServices || []).map((x) => String(x).toLowerCase());
  parts.push(services.length ? `remote: ${services.join(', ')}` : 'no remote services');
  if (p.credentials) parts.push(`credentials ${String(p.credentials).toLowerCase()}`);
  const modes = (p.opcUaModes || []).map((x) => String(x).toLowerCase().replace(/_/g, '-'));
  if (modes.length) parts.push(`OPC UA ${modes.join('/')}`);
  if (p.opcUaAnonymous) parts.push('anonymous OPC UA');
  return parts.join(' · ');
}
