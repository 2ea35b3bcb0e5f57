// The plant mimic: a simple P&ID-like SVG for the two reference plants, and a value table for
// every plant (so a plant without a drawing still shows everything). When the HMI shows a value
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

// --- plant layouts ------------------------------------------------------------------------------

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

function waterTreatment(tags, params) {
  const svg = s('svg', {viewBox: '0 0 760 300', class: 'mimic', role: 'img', 'aria-label': 'Water treatment mimic: raw tank T-101, transfer pump P-101, treated tank T-301, dosing pump P-205'});
  const raw = tank(150, 60, 110, 170, 'T-101 raw water');
  const treated = tank(470, 60, 110, 170, 'T-301 treated water');
  const mv = valve(90, 80, 'MV-101');
  const p101 = pump(370, 215, 'P-101');
  const p205 = pump(400, 40, 'P-205 dosing');
  const inflow = readout(10, 150, 'FIT-101 inflow');
  const flow = readout(300, 280, 'FIT-201 flow');
  const cl = readout(600, 95, 'AIT-201 chlorine');
  const out = readout(600, 150, 'FIT-401 to consumers');
  const demand = readout(600, 200, 'demand');
  svg.append(
    pipe([[10, 80], [78, 80]]), pipe([[102, 80], [150, 80]]),
    pipe([[260, 215], [354, 215]]), pipe([[386, 215], [470, 215]]),
    pipe([[416, 40], [520, 40], [520, 60]], 'pipe pipe-dose'),
    pipe([[580, 215], [740, 215]]), s('text', {x: 740, y: 232, 'text-anchor': 'end', class: 'label'}, 'consumers →'),
    raw.g, treated.g, mv.g, p101.g, p205.g, inflow.g, flow.g, cl.g, out.g, demand.g);
  const T = (n) => tags.get(n);
  // Tank heights are model parameters (rim height); 4 m is the reference plant's value.
  const rawH = Number(params.raw_height) || 4.0;
  const treatedH = Number(params.treated_height) || 4.0;
  drawLimits(raw, T('raw_level'), rawH);
  drawLimits(treated, T('treated_level'), treatedH);
  return {svg, update(tv, hv) {
    setTank(raw, T('raw_level'), tv.raw_level, hv.raw_level, rawH, 'LIT-101 ');
    setTank(treated, T('treated_level'), tv.treated_level, hv.treated_level, treatedH, 'LIT-301 ');
    setText(mv.state, T('valve_position') || {unit: 'fraction'}, tv.valve_position, hv.valve_position);
    mv.g.classList.toggle('on', tv.inflow_valve >= 0.5);
    setText(p101.state, T('pump_on') || {unit: 'flag'}, tv.pump_on, hv.pump_on);
    p101.g.classList.toggle('on', tv.pump_on >= 0.5);
    setText(p205.state, T('dosing_rate'), tv.dosing_rate, hv.dosing_rate);
    p205.g.classList.toggle('on', tv.dosing_rate > 0.05);
    setText(inflow.text, T('inflow'), tv.inflow, hv.inflow);
    setText(flow.text, T('pump_flow'), tv.pump_flow, hv.pump_flow);
    setText(cl.text, T('chlorine'), tv.chlorine, hv.chlorine);
    setText(out.text, T('outflow'), tv.outflow, hv.outflow);
    setText(demand.text, T('demand'), tv.demand, hv.demand);
  }};
}

function chemicalReactor(tags) {
  const svg = s('svg', {viewBox: '0 0 760 300', class: 'mimic', role: 'img', 'aria-label': 'Reactor mimic: feed valve XV-101, CSTR R-101 with cooling jacket, coolant pump P-301'});
  const xv = valve(110, 70, 'XV-101 feed');
  const jacket = s('rect', {x: 260, y: 50, width: 190, height: 190, rx: 30, class: 'jacket'});
  const vessel = s('rect', {x: 280, y: 70, width: 150, height: 150, rx: 22, class: 'vessel reactor'});
  const heat = s('rect', {x: 282, y: 218, width: 146, height: 0, class: 'heat'});
  const temp = readout(355, 140, 'TT-101 temperature', 'middle');
  const conc = readout(355, 185, 'AT-101 conc. A', 'middle');
  const p301 = pump(180, 255, 'P-301 coolant');
  const ctemp = readout(470, 265, 'TIC-101 coolant command');
  const cact = readout(470, 230, 'TT-301 coolant actual');
  const feedPos = readout(10, 120, 'ZT-101 feed position');
  svg.append(pipe([[10, 70], [98, 70]]), pipe([[122, 70], [280, 70], [280, 90]]),
    pipe([[196, 255], [260, 255], [260, 200]], 'pipe pipe-cool'), pipe([[430, 200], [740, 200]]),
    s('text', {x: 740, y: 190, 'text-anchor': 'end', class: 'label'}, 'product →'),
    s('text', {x: 355, y: 44, 'text-anchor': 'middle', class: 'label'}, 'R-101 CSTR (cooling jacket)'),
    jacket, vessel, heat, xv.g, temp.g, conc.g, p301.g, ctemp.g, cact.g, feedPos.g);
  const T = (n) => tags.get(n);
  return {svg, update(tv, hv) {
    // Fill the vessel by temperature from 300 K (cold) to the 400 K trip: a runaway fills it.
    const trip = (T('reactor_temp') && T('reactor_temp').trip && T('reactor_temp').trip.high) || 400;
    if (tv.reactor_temp !== undefined) {
      const f = Math.max(0, Math.min(1, (tv.reactor_temp - 300) / (trip - 300)));
      heat.setAttribute('y', 218 - f * 146);
      heat.setAttribute('height', f * 146);
      heat.classList.toggle('hot', limitState(T('reactor_temp'), tv.reactor_temp) !== 'ok');
    }
    setText(temp.text, T('reactor_temp'), tv.reactor_temp, hv.reactor_temp);
    setText(conc.text, T('concentration_a'), tv.concentration_a, hv.concentration_a);
    setText(xv.state, T('feed_valve') || {unit: 'flag'}, tv.feed_valve, hv.feed_valve);
    xv.g.classList.toggle('on', tv.feed_valve >= 0.5);
    setText(p301.state, T('coolant_pump') || {unit: 'flag'}, tv.coolant_pump, hv.coolant_pump);
    p301.g.classList.toggle('on', tv.coolant_pump >= 0.5);
    setText(ctemp.text, T('coolant_temp'), tv.coolant_temp, hv.coolant_temp);
    setText(cact.text, T('coolant_temp_actual'), tv.coolant_temp_actual, hv.coolant_temp_actual);
    setText(feedPos.text, T('feed_position') || {unit: 'fraction'}, tv.feed_position, hv.feed_position);
  }};
}

const LAYOUTS = {'water-treatment': waterTreatment, 'chemical-reactor': chemicalReactor};

/**
 * The mimic for a plant (drawing when we have one) plus the value table. update(sample) takes a
 * `sample` event's true and hmi maps.
 */
export function plantMimic(plant) {
  const tags = new Map((plant.tags || []).map((t) => [t.name, t]));
  const layout = LAYOUTS[plant.id] ? LAYOUTS[plant.id](tags, plant.parameters || {}) : null;
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
