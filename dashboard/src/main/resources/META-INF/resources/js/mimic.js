// The plant mimic: a simple P&ID-like SVG drawn from the layout the plant's process model describes
// (served with the plant as `mimic`), and a value table for every plant (so a plant without a
// drawing still shows everything). When the HMI shows a value
// that differs from the truth (an adversary in the middle, a replay, a frozen sensor) both values
// are shown side by side with a ⚠ marker and, in tanks, a hatched "HMI" level line: the text and
// shape say it, not only the colour.
import {s, h, num, badge} from './dom.js';

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

/** normal / alarm / trip state of a value against the tag dictionary. */
export function limitState(tag, v) {
  if (!tag || v === undefined || v === null) return null;
  const out = (l) => l && ((l.high !== null && l.high !== undefined && v > l.high) || (l.low !== null && l.low !== undefined && v < l.low));
  if (out(tag.trip)) return 'trip';
  if (out(tag.alarm)) return 'alarm';
  return 'ok';
}

function stateBadge(st) {
  if (st === 'trip') return badge('bad', 'TRIP', '‼');
  if (st === 'alarm') return badge('warn', 'alarm', '▲');
  if (st === 'ok') return badge('good', 'ok', '✓');
  return badge('muted', '–');
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
  el.classList.toggle('st-alarm', st === 'alarm');
  el.classList.toggle('st-trip', st === 'trip');
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
    heat.classList.toggle('hot', limitState(tag, v) !== 'ok');
  }};
}

/** One unit of the served layout: its SVG group and how it takes a sample. */
function unit(u, tags) {
  if (u.type === 'tank') {
    const t = tank(u.x, u.y, u.width, u.height, u.label);
    const tag = tags.get(u.levelTag);
    drawLimits(t, tag, u.fullLevel);
    return {g: t.g, update(tv, hv) {
      setTank(t, tag, tv[u.levelTag], hv[u.levelTag], u.fullLevel, `${u.instrument} `);
    }};
  }
  if (u.type === 'reactor') return reactor(u, tags);
  if (u.type === 'pump' || u.type === 'valve') {
    const p = u.type === 'pump' ? pump(u.x, u.y, u.label) : valve(u.x, u.y, u.label);
    return {g: p.g, update(tv, hv) {
      setText(p.state, shown(tags, u.tag, u.display), tv[u.tag], hv[u.tag]);
      p.g.classList.toggle('on', tv[u.on.tag] >= u.on.atLeast);
    }};
  }
  if (u.type === 'readout') {
    const r = readout(u.x, u.y, u.label, ANCHORS[u.anchor]);
    return {g: r.g, update(tv, hv) {
      setText(r.text, shown(tags, u.tag, u.display), tv[u.tag], hv[u.tag]);
    }};
  }
  return null;
}

/** Draws the layout the API serves with the plant (the plant's own description of itself). */
function drawing(layout, tags) {
  const svg = s('svg', {viewBox: `0 0 ${layout.width} ${layout.height}`, class: 'mimic', role: 'img', 'aria-label': layout.title});
  const units = layout.units.map((u) => unit(u, tags)).filter(Boolean);
  svg.append(
    ...layout.pipes.map((p) => pipe(p.points.map((q) => [q.x, q.y]), PIPES[p.medium] || 'pipe')),
    ...layout.captions.map((c) => s('text', {x: c.x, y: c.y, 'text-anchor': ANCHORS[c.anchor], class: 'label'}, c.text)),
    ...units.map((u) => u.g));
  return {svg, update(tv, hv) {
    for (const u of units) u.update(tv, hv);
  }};
}

/**
 * The mimic for a plant (drawing when we have one) plus the value table. update(sample) takes a
 * `sample` event's true and hmi maps.
 */
export function plantMimic(plant) {
  const tags = new Map((plant.tags || []).map((t) => [t.name, t]));
  const layout = plant.mimic ? drawing(plant.mimic, tags) : null;
  const rows = new Map();
  const tbody = h('tbody');
  for (const t of plant.tags || []) {
    const tv = h('td', {class: 'num', 'data-tag': t.name});
    const hv = h('td', {class: 'num'});
    const st = h('td');
    rows.set(t.name, {tv, hv, st, tr: h('tr', null, h('th', {scope: 'row', title: t.description || ''}, t.name), tv, hv, st)});
    tbody.append(rows.get(t.name).tr);
  }
  const valueTable = h('div', {class: 'table-wrap values'},
    h('table', {'aria-label': 'Live tag values'},
      h('thead', null, h('tr', null, h('th', {scope: 'col'}, 'tag'), h('th', {scope: 'col'}, 'true'), h('th', {scope: 'col'}, 'HMI sees'), h('th', {scope: 'col'}, 'state'))),
      tbody));
  const el = h('div', {class: 'mimic-wrap', 'data-testid': 'mimic'},
    layout ? layout.svg : h('p', {class: 'hint'}, `No drawing for plant ${plant.id}; the table shows every tag.`),
    h('p', {class: 'legend'}, h('span', {class: 'lg mismatch'}, '⚠ true / HMI differ'), ' ',
      h('span', {class: 'lg'}, '◇ HMI level line'), ' ', h('span', {class: 'lg'}, '‼ trip ▲ alarm ✓ ok')),
    h('details', {class: 'values-details', open: true}, h('summary', null, 'All tag values'), valueTable));
  return {
    el,
    update(sample) {
      const tv = sample.true || {};
      const hv = sample.hmi || {};
      if (layout) layout.update(tv, hv);
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
