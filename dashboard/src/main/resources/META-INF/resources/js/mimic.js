// The plant mimic: a simple P&ID-like SVG drawn from the layout the plant's process model describes
// (served with the plant as `mimic`), and a value table for every plant (so a plant without a
// drawing still shows everything). When the HMI shows a value
// that differs from the truth (an adversary in the middle, a replay, a frozen sensor) both values
// are shown side by side with a ⚠ marker and, in tanks, a hatched "HMI" level line: the text and
// shape say it, not only the colour.
//
// Besides values it shows what attacks change in the controllers (each sample's `controllers`):
// every controller's operating mode, each loop's auto/manual switch, the SIS's bypass and its
// trips, in words in a status list and as shapes on the units they drive (a dashed ring for a
// manual loop, a dotted one for a PLC that does not run, a cross for a unit a SIS trip holds).
//
// SVG text scales with the drawing, so its size is set from the width the drawing gets: at least
// MIN_PX screen pixels. When that does not fit the drawing's own spacing (a narrow panel) the
// drawing keeps only the units' short names and the readings list beside it carries the values.
import {s, h, num, badge} from './dom.js';

/** The smallest text the drawing shows, in screen pixels. */
const MIN_PX = 12;

/** Whether the HMI value differs enough from the truth to call out (beyond noise and scaling). */
export function differs(tag, tv, hv) {
  if (tv === undefined || hv === undefined || tv === null || hv === null) return false;
  if (tag && tag.unit === 'flag') return Math.round(tv) !== Math.round(hv);
  const lim = tag ? [tag.normal, tag.alarm, tag.trip].filter(Boolean) : [];
  const vals = lim.flatMap((l) => [l.low, l.high]).filter((v) => typeof v === 'number');
  const span = vals.length >= 2 ? Math.max(...vals) - Math.min(...vals) : Math.max(Math.abs(tv), 1);
  return Math.abs(tv - hv) > Math.max(0.02 * span, 1e-6);
}

/** "2.03 m", or "true 3.90 m / HMI 1.90 m" when they differ. */
export function valueText(tag, tv, hv) {
  const unit = tag && tag.unit && tag.unit !== 'flag' && tag.unit !== 'fraction' ? ` ${tag.unit}` : '';
  const f = (v) => (tag && tag.unit === 'flag' ? (v >= 0.5 ? 'ON' : 'OFF') : tag && tag.unit === 'fraction' ? `${(v * 100).toFixed(0)} %` : num(v) + unit);
  if (tv === undefined || tv === null) return hv === undefined || hv === null ? '–' : `HMI ${f(hv)}`;
  if (differs(tag, tv, hv)) return `true ${f(tv)} / HMI ${f(hv)}`;
  return f(tv);
}

/**
 * Where a value stands against the tag dictionary's limits: 'trip-high' / 'trip-low' beyond a
 * trip, 'alarm-high' / 'alarm-low' beyond an alarm, 'high' / 'low' outside the normal band, else
 * 'ok' (null without a value or a tag).
 */
export function limitState(tag, v) {
  if (!tag || v === undefined || v === null) return null;
  const high = (l) => l && l.high !== null && l.high !== undefined && v > l.high;
  const low = (l) => l && l.low !== null && l.low !== undefined && v < l.low;
  for (const [name, l] of [['trip-', tag.trip], ['alarm-', tag.alarm], ['', tag.normal]]) {
    if (high(l)) return `${name}high`;
    if (low(l)) return `${name}low`;
  }
  return 'ok';
}

/** A state as a badge: a symbol and a word, never the colour alone. */
export const STATES = {
  'trip-high': ['bad', 'TRIP high', '‼'],
  'trip-low': ['bad', 'TRIP low', '‼'],
  'alarm-high': ['warn', 'HIGH alarm', '▲'],
  'alarm-low': ['warn', 'LOW alarm', '▼'],
  high: ['late', 'high', '△'],
  low: ['late', 'low', '▽'],
  ok: ['good', 'ok', '✓'],
};

function stateBadge(st) {
  const b = STATES[st];
  return b ? badge(b[0], b[1], b[2]) : badge('muted', '–');
}

// --- drawing primitives -------------------------------------------------------------------------

function tank(x, y, w, hgt, label) {
  const fill = s('rect', {x: x + 2, y: y + hgt, width: w - 4, height: 0, class: 'liquid'});
  const hmi = s('g', {class: 'hmi-marker', visibility: 'hidden'},
    s('line', {x1: x - 8, x2: x + w + 8, y1: y, y2: y}),
    s('text', {x: x + w + 10, y: y + 4}, '◇ HMI'));
  const limits = s('g', {class: 'limits'});
  const text = s('text', {x: x + w / 2, y: y + hgt + 18, 'text-anchor': 'middle', class: 'value'}, '');
  const g = s('g', {class: 'tank'},
    s('rect', {x, y, width: w, height: hgt, rx: 4, class: 'vessel'}), fill, limits, hmi,
    s('text', {x: x + w / 2, y: y - 6, 'text-anchor': 'middle', class: 'label'}, label), text);
  return {g, fill, hmi, text, limits, x, y, w, hgt};
}

function pump(cx, cy, label) {
  const body = s('circle', {cx, cy, r: 16, class: 'pump-body'});
  const state = s('text', {x: cx, y: cy + 32, 'text-anchor': 'middle', class: 'value'}, '');
  const g = s('g', {class: 'pump'}, body,
    s('path', {d: `M${cx - 7},${cy - 9} L${cx + 10},${cy} L${cx - 7},${cy + 9} z`, class: 'pump-arrow'}),
    s('text', {x: cx, y: cy - 22, 'text-anchor': 'middle', class: 'label'}, label), state);
  return {g, state};
}

function valve(cx, cy, label) {
  const state = s('text', {x: cx, y: cy + 26, 'text-anchor': 'middle', class: 'value'}, '');
  const g = s('g', {class: 'valve'},
    s('path', {d: `M${cx - 12},${cy - 9} L${cx + 12},${cy + 9} L${cx + 12},${cy - 9} L${cx - 12},${cy + 9} z`, class: 'valve-body'}),
    s('text', {x: cx, y: cy - 14, 'text-anchor': 'middle', class: 'label'}, label), state);
  return {g, state};
}

function pipe(points, cls = 'pipe') {
  return s('polyline', {points: points.map((p) => p.join(',')).join(' '), class: cls});
}

function readout(x, y, label, anchor = 'start') {
  const t = s('text', {x, y, class: 'value', 'text-anchor': anchor}, '');
  return {g: s('g', null, s('text', {x, y: y - 14, class: 'label', 'text-anchor': anchor}, label), t), text: t};
}

// --- updating the drawing ------------------------------------------------------------------------------

/** Sets a text element to a tag's value and flags a mismatch with ⚠ and a class. */
function setText(el, tag, tv, hv, prefix = '') {
  const d = differs(tag, tv, hv);
  el.textContent = (d ? '⚠ ' : '') + prefix + valueText(tag, tv, hv);
  el.classList.toggle('mismatch', d);
  const st = limitState(tag, tv);
  el.classList.toggle('st-alarm', !!st && st.startsWith('alarm'));
  el.classList.toggle('st-trip', !!st && st.startsWith('trip'));
}

function setTank(t, tag, tv, hv, height, prefix) {
  const frac = (v) => Math.max(0, Math.min(1, v / height));
  if (tv !== undefined && tv !== null) {
    const fh = frac(tv) * (t.hgt - 4);
    t.fill.setAttribute('y', t.y + t.hgt - 2 - fh);
    t.fill.setAttribute('height', fh);
  }
  const d = differs(tag, tv, hv);
  t.hmi.setAttribute('visibility', d ? 'visible' : 'hidden');
  if (d) {
    const hy = t.y + t.hgt - 2 - frac(hv) * (t.hgt - 4);
    t.hmi.querySelector('line').setAttribute('y1', hy);
    t.hmi.querySelector('line').setAttribute('y2', hy);
    t.hmi.querySelector('text').setAttribute('y', hy + 4);
  }
  setText(t.text, tag, tv, hv, prefix);
}

function drawLimits(t, tag, height) {
  if (!tag) return;
  for (const [kind, l] of [['trip', tag.trip], ['alarm', tag.alarm]]) {
    if (!l) continue;
    for (const v of [l.high, l.low]) {
      if (v === null || v === undefined || v <= 0 || v >= height) continue;
      const y = t.y + t.hgt - 2 - (v / height) * (t.hgt - 4);
      // Labels inside the tank's right edge: outside they would collide with pipes and valves.
      t.limits.append(s('line', {x1: t.x, x2: t.x + t.w, y1: y, y2: y, class: `limit limit-${kind}`}),
        s('text', {x: t.x + t.w - 3, y: y - 2, class: `limit-label limit-${kind}`, 'text-anchor': 'end'}, `${kind} ${v}`));
    }
  }
}

// --- the served layout ---------------------------------------------------------------------------

/** A tag from the dictionary, or a stand-in with the unit the layout says to show it in. */
function shown(tags, name, display) {
  const t = tags.get(name);
  if (t) return t;
  if (display === 'FRACTION') return {unit: 'fraction'};
  if (display === 'FLAG') return {unit: 'flag'};
  return undefined;
}

const ANCHORS = {START: 'start', MIDDLE: 'middle', END: 'end'};
const PIPES = {PROCESS: 'pipe', DOSING: 'pipe pipe-dose', COOLANT: 'pipe pipe-cool'};

/** A jacketed reactor whose heat fill rises with temperature from cold up to the trip limit. */
function reactor(u, tags) {
  const j = 20;
  const jacket = s('rect', {x: u.x, y: u.y, width: u.width, height: u.height, rx: 30, class: 'jacket'});
  const vessel = s('rect', {x: u.x + j, y: u.y + j, width: u.width - 2 * j, height: u.height - 2 * j, rx: 22, class: 'vessel reactor'});
  const bottom = u.y + u.height - j - 2;
  const span = u.height - 2 * j - 4;
  const heat = s('rect', {x: u.x + j + 2, y: bottom, width: u.width - 2 * j - 4, height: 0, class: 'heat'});
  const g = s('g', null,
    s('text', {x: u.x + u.width / 2, y: u.y - 6, 'text-anchor': 'middle', class: 'label'}, u.label), jacket, vessel, heat);
  const tag = tags.get(u.temperatureTag);
  return {g, update(tv) {
    const hot = (tag && tag.trip && tag.trip.high) || u.hotTemperature;
    const v = tv[u.temperatureTag];
    if (v === undefined) return;
    const f = Math.max(0, Math.min(1, (v - u.coldTemperature) / (hot - u.coldTemperature)));
    heat.setAttribute('y', bottom - f * span);
    heat.setAttribute('height', f * span);
    const st = limitState(tag, v);
    heat.classList.toggle('hot', !!st && st.endsWith('high'));
  }};
}

/** A unit's short name, its first word ("T-101" of "T-101 raw water"): what a narrow drawing shows. */
export function shortName(label) {
  return String(label || '').split(/\s+/)[0];
}

/** Long and short labels: CSS shows one of them (the short one in a compact drawing). */
function labels(x, y, label) {
  return [s('text', {x, y, 'text-anchor': 'middle', class: 'label long'}, label),
    s('text', {x, y, 'text-anchor': 'middle', class: 'label short'}, shortName(label))];
}

/**
 * Rings around a unit for the control states attacks change, each its own shape: dashed for a
 * loop in manual, dotted for a controller that does not run, and a slash for a SIS trip holding it.
 */
function rings(box) {
  const pad = (d, cls) => box.r
    ? s('circle', {cx: box.cx, cy: box.cy, r: box.r + d, class: cls})
    : s('rect', {x: box.x - d, y: box.y - d, width: box.w + 2 * d, height: box.h + 2 * d, rx: 6, class: cls});
  const manual = pad(6, 'ring ring-manual');
  const held = pad(11, 'ring ring-held');
  const cx = box.r ? box.cx : box.x + box.w / 2;
  const cy = box.r ? box.cy : box.y + box.h / 2;
  const d = box.r ? box.r + 6 : Math.min(box.w, box.h) / 2;
  const tripped = s('g', {class: 'ring-trip'}, pad(4, 'ring'),
    s('line', {x1: cx - d, y1: cy + d, x2: cx + d, y2: cy - d}));
  const g = s('g', {class: 'rings'}, manual, held, tripped);
  const show = (el, on) => el.setAttribute('visibility', on ? 'visible' : 'hidden');
  const set = (flags) => {
    show(manual, flags.manual);
    show(held, flags.held);
    show(tripped, flags.tripped);
  };
  set({});
  return {g, set};
}

/** One unit of the served layout: its SVG group, the tag it shows, and how it takes a sample. */
function unit(u, tags) {
  if (u.type === 'tank') {
    const t = tank(u.x, u.y, u.width, u.height, u.label);
    const tag = tags.get(u.levelTag);
    drawLimits(t, tag, u.fullLevel);
    t.g.querySelector('text.label').remove();
    t.g.append(...labels(u.x + u.width / 2, u.y - 6, u.label));
    return {g: t.g, tag: u.levelTag, prefix: `${u.instrument} `, box: {x: u.x, y: u.y, w: u.width, h: u.height},
      update(tv, hv) {
        setTank(t, tag, tv[u.levelTag], hv[u.levelTag], u.fullLevel, `${u.instrument} `);
      }};
  }
  if (u.type === 'reactor') {
    const r = reactor(u, tags);
    r.g.querySelector('text.label').remove();
    r.g.append(...labels(u.x + u.width / 2, u.y - 6, u.label));
    return {...r, tag: u.temperatureTag, box: {x: u.x, y: u.y, w: u.width, h: u.height}};
  }
  if (u.type === 'pump' || u.type === 'valve') {
    const p = u.type === 'pump' ? pump(u.x, u.y, u.label) : valve(u.x, u.y, u.label);
    const labelEl = p.g.querySelector('text.label');
    p.g.append(...labels(u.x, Number(labelEl.getAttribute('y')), u.label));
    labelEl.remove();
    return {g: p.g, tag: u.tag, display: u.display, control: u.on ? u.on.tag : u.tag,
      box: {cx: u.x, cy: u.y, r: u.type === 'pump' ? 16 : 13},
      update(tv, hv) {
        setText(p.state, shown(tags, u.tag, u.display), tv[u.tag], hv[u.tag]);
        p.g.classList.toggle('on', tv[u.on.tag] >= u.on.atLeast);
      }};
  }
  if (u.type === 'readout') {
    const r = readout(u.x, u.y, u.label, ANCHORS[u.anchor]);
    r.g.setAttribute('class', 'readout');
    return {g: r.g, tag: u.tag, display: u.display, control: u.tag, update(tv, hv) {
      setText(r.text, shown(tags, u.tag, u.display), tv[u.tag], hv[u.tag]);
    }};
  }
  return null;
}

// Room above the drawing for the enlarged short names of units near its top edge.
const TOP = 24;

/** Draws the layout the API serves with the plant (the plant's own description of itself). */
function drawing(layout, tags) {
  const svg = s('svg', {viewBox: `0 ${-TOP} ${layout.width} ${layout.height + TOP}`, class: 'mimic', role: 'img', 'aria-label': layout.title});
  const units = layout.units.map((u) => {
    const x = unit(u, tags);
    return x && {...x, label: u.label, type: u.type, rings: x.box ? rings(x.box) : null};
  }).filter(Boolean);
  svg.append(
    ...layout.pipes.map((p) => pipe(p.points.map((q) => [q.x, q.y]), PIPES[p.medium] || 'pipe')),
    ...layout.captions.map((c) => s('text', {x: c.x, y: c.y, 'text-anchor': ANCHORS[c.anchor], class: 'label caption'}, c.text)),
    ...units.map((u) => u.g),
    ...units.filter((u) => u.rings).map((u) => u.rings.g));
  // Text size from the width the drawing gets: at least MIN_PX on screen. Where that is larger
  // than the layout's own type (12 units) the full labels and values would collide: compact.
  const fit = () => {
    const w = svg.getBoundingClientRect().width;
    if (!w) return;
    const perPx = layout.width / w;
    const fs = Math.max(12, MIN_PX * perPx);
    svg.style.setProperty('--fs', `${fs.toFixed(2)}px`);
    svg.classList.toggle('compact', fs > 13);
    svg.dataset.fitWidth = String(Math.round(w));
  };
  if (typeof ResizeObserver === 'function') new ResizeObserver(fit).observe(svg);
  return {svg, units, fit, update(tv, hv) {
    for (const u of units) u.update(tv, hv);
  }};
}

const MODES = {
  RUN: ['good', 'RUN', '▶'],
  PROGRAM: ['warn', 'PROGRAM', '✎'],
  STOP: ['bad', 'STOP', '■'],
};

function modeBadge(mode) {
  const b = MODES[mode];
  return b ? badge(b[0], b[1], b[2]) : badge('muted', mode || 'mode –');
}

/**
 * What the plant file says about control: which controller writes a tag, which SIS overrides
 * hold it, and the descriptions of the SIS's trip points.
 */
function controlMap(plant) {
  const writer = new Map();
  const overrides = new Map();
  const describe = new Map();
  for (const c of plant.controllers || []) {
    for (const p of c.points || []) {
      if (p.output) writer.set(p.output, c.id);
      if (p.point) describe.set(`${c.id}.${p.point.tag}`, p.point.description);
    }
    for (const o of c.overrides || []) {
      if (!overrides.has(o.output)) overrides.set(o.output, []);
      overrides.get(o.output).push({sis: c.id, when: o.when});
    }
  }
  return {writer, overrides, describe};
}

/** The flags a unit driving `tag` shows in a sample's controller states. */
function flagsOf(tag, ctl, controllers) {
  const f = {manual: false, held: false, heldBy: null, tripped: false, bypassed: false, loopAuto: undefined};
  if (!tag) return f;
  for (const state of Object.values(controllers)) {
    if (state.auto && tag in state.auto) {
      f.loopAuto = state.auto[tag];
      f.manual = state.auto[tag] === false;
    }
  }
  const w = ctl.writer.get(tag);
  if (w && controllers[w] && controllers[w].mode !== 'RUN') {
    f.held = true;
    f.heldBy = `${w} ${controllers[w].mode}`;
  }
  for (const o of ctl.overrides.get(tag) || []) {
    const st = controllers[o.sis];
    if (!st) continue;
    if ((st.tripped || []).includes(o.when)) f.tripped = true;
    if ((st.bypassed || []).includes(o.when)) f.bypassed = true;
  }
  return f;
}

/** Short names of the drawn units each tag drives, for naming loops and trips. */
function unitNames(layout) {
  const names = new Map();
  for (const u of layout ? layout.units : []) {
    for (const t of [u.control, u.tag]) if (t && !names.has(t)) names.set(t, shortName(u.label));
  }
  return names;
}

/** The controllers' states in words: mode, loops, SIS bypass and trips. */
function controllerList(plant, ctl, names) {
  const items = new Map();
  const list = h('ul', {class: 'mimic-controllers', 'data-testid': 'mimic-controllers', 'aria-label': 'Controllers'});
  for (const c of plant.controllers || []) {
    const mode = h('span', {class: 'ctl-mode'}, modeBadge(null));
    const extra = h('span', {class: 'ctl-extra'});
    const li = h('li', {'data-controller': c.id, 'data-kind': String(c.kind || '').toLowerCase()},
      h('span', {class: 'ctl-name'}, c.id), ' ', mode, ' ', extra);
    items.set(c.id, {li, mode, extra});
    list.append(li);
  }
  return {el: list, update(controllers) {
    for (const [id, it] of items) {
      const st = controllers[id];
      it.li.classList.toggle('not-run', !!st && st.mode !== 'RUN');
      it.li.dataset.mode = st ? st.mode : '';
      it.mode.replaceChildren(modeBadge(st && st.mode));
      if (!st) {
        it.extra.replaceChildren();
        continue;
      }
      const parts = [];
      for (const [tag, auto] of Object.entries(st.auto || {})) {
        const n = names.get(tag) || tag;
        parts.push(auto ? badge('neutral', `${n} AUTO`, '⟳') : badge('warn', `${n} MANUAL`, '☛'));
      }
      if (st.kind === 'sis') {
        const bypassed = st.bypassed || [];
        parts.push(bypassed.length
          ? badge('bad', `BYPASSED: ${bypassed.join(', ')}`, '⚠')
          : badge('good', 'armed', '◈'));
        for (const t of st.tripped || []) {
          parts.push(badge('bad', `TRIPPED ${t}${ctl.describe.get(`${id}.${t}`) ? `: ${ctl.describe.get(`${id}.${t}`)}` : ''}`, '‼'));
        }
        if (!(st.tripped || []).length) parts.push(badge('neutral', 'no trip', '○'));
      }
      it.extra.replaceChildren(...parts.flatMap((p) => [p, ' ']));
    }
  }};
}

/** One row per drawn unit: its name, value, limit state and control flags, readable at any width. */
function readings(units, tags) {
  const list = h('ul', {class: 'mimic-readings', 'data-testid': 'mimic-readings', 'aria-label': 'Plant readings'});
  const rows = units.map((u) => {
    const value = h('span', {class: 'rd-value'}, '–');
    const state = h('span', {class: 'rd-state'});
    const flags = h('span', {class: 'rd-flags'});
    const id = shortName(u.label);
    const rest = u.label.slice(id.length).trim();
    const li = h('li', {'data-unit': id, 'data-tag': u.tag},
      h('span', {class: 'rd-name'}, h('b', null, id), rest ? ` ${rest}` : ''), ' ', value, ' ', state, ' ', flags);
    list.append(li);
    return {u, li, value, state, flags};
  });
  return {el: list, update(tv, hv, flagsFor) {
    for (const r of rows) {
      const tag = shown(tags, r.u.tag, r.u.display);
      const d = differs(tag, tv[r.u.tag], hv[r.u.tag]);
      r.value.textContent = (d ? '⚠ ' : '') + (r.u.prefix || '') + valueText(tag, tv[r.u.tag], hv[r.u.tag]);
      r.li.classList.toggle('mismatch', d);
      const st = limitState(tags.get(r.u.tag), tv[r.u.tag]);
      r.li.dataset.state = st || '';
      r.state.replaceChildren(st && st !== 'ok' ? stateBadge(st) : st === 'ok' ? stateBadge('ok') : '');
      const f = flagsFor(r.u.control);
      const b = [];
      if (f.manual) b.push(badge('warn', 'MANUAL', '☛'));
      if (f.held) b.push(badge('bad', `held: ${f.heldBy}`, '■'));
      if (f.tripped) b.push(badge('bad', 'SIS TRIP', '‼'));
      if (f.bypassed) b.push(badge('bad', 'SIS BYPASSED', '⚠'));
      r.flags.replaceChildren(...b.flatMap((x) => [x, ' ']));
      if (r.u.rings) r.u.rings.set(f);
    }
  }};
}

/**
 * The mimic for a plant (drawing when we have one) plus the value table. update(sample) takes a
 * `sample` event's true and hmi maps and its controllers' states.
 */
export function plantMimic(plant) {
  const tags = new Map((plant.tags || []).map((t) => [t.name, t]));
  const layout = plant.mimic ? drawing(plant.mimic, tags) : null;
  const ctl = controlMap(plant);
  const names = unitNames(layout);
  const controllers = controllerList(plant, ctl, names);
  const reads = layout ? readings(layout.units, tags) : null;
  const rows = new Map();
  const tbody = h('tbody');
  for (const t of plant.tags || []) {
    const tv = h('td', {class: 'num', 'data-tag': t.name});
    const hv = h('td', {class: 'num'});
    const st = h('td', {'data-state-of': t.name});
    rows.set(t.name, {tv, hv, st, tr: h('tr', null, h('th', {scope: 'row', title: t.description || ''}, t.name), tv, hv, st)});
    tbody.append(rows.get(t.name).tr);
  }
  const valueTable = h('div', {class: 'table-wrap values'},
    h('table', {'aria-label': 'Live tag values'},
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'tag'), h('th', {scope: 'col'}, 'true'), h('th', {scope: 'col'}, 'HMI sees'), h('th', {scope: 'col'}, 'state'))),
      tbody));
  const el = h('div', {class: 'mimic-wrap', 'data-testid': 'mimic'},
    controllers.el,
    layout ? h('div', {class: 'mimic-body'}, h('div', {class: 'mimic-drawing'}, layout.svg), reads.el)
      : h('p', {class: 'hint'}, `No drawing for plant ${plant.id}; the table shows every tag.`),
    h('p', {class: 'legend'}, h('span', {class: 'lg mismatch'}, '⚠ true / HMI differ'), ' ',
      h('span', {class: 'lg'}, '◇ HMI level line'), ' ', h('span', {class: 'lg'}, '‼ trip ▲▼ alarm △▽ outside normal ✓ ok'), ' ',
      h('span', {class: 'lg'}, 'rings: ┅ manual · ┈ controller not running · ⊘ SIS trip')),
    // Closed: the readings above carry the drawn units; this has every tag, with the HMI's view.
    h('details', {class: 'values-details'}, h('summary', null, 'All tag values'), valueTable));
  if (layout) requestAnimationFrame(layout.fit);
  return {
    el,
    update(sample) {
      const tv = sample.true || {};
      const hv = sample.hmi || {};
      const cs = sample.controllers || {};
      if (layout) layout.update(tv, hv);
      controllers.update(cs);
      if (reads) reads.update(tv, hv, (tag) => flagsOf(tag, ctl, cs));
      for (const [name, r] of rows) {
        const tag = tags.get(name);
        const d = differs(tag, tv[name], hv[name]);
        r.tv.textContent = tv[name] === undefined ? '–' : valueText(tag, tv[name]);
        r.hv.textContent = (d ? '⚠ ' : '') + (hv[name] === undefined ? '–' : valueText(tag, hv[name]));
        r.tr.classList.toggle('mismatch', d);
        r.st.replaceChildren(stateBadge(limitState(tag, tv[name])));
      }
    },
  };
}
