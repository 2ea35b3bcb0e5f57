// Trends of the key tags with uPlot (MIT, from the webjar). Key tags are the ones with safety
// limits in the plant's tag dictionary: those are where an attack shows physically. Each chart has
// the true value, the value the HMI sees (dashed) and the trip and alarm limits as labelled lines,
// over the whole run, with the attack's window (first step to last, or on) shaded and labelled.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import {h} from './dom.js';

// Points kept per chart. Past it every other point goes, so a chart always spans the whole run
// (the attack moment never scrolls away) at a resolution that halves as the run grows.
const MAX_POINTS = 1200;

/** Tags worth a chart: trip limits first, then alarm limits, at most `max`. */
export function keyTags(plant, max = 4) {
  const has = (l) => l && (typeof l.low === 'number' || typeof l.high === 'number');
  const tags = (plant.tags || []).filter((t) => t.unit !== 'flag');
  return [...tags.filter((t) => has(t.trip)), ...tags.filter((t) => !has(t.trip) && has(t.alarm))].slice(0, max);
}

function limitSeries(tag) {
  const out = [];
  for (const [kind, l, dash, stroke] of [['trip', tag.trip, [6, 4], '#c62828'], ['alarm', tag.alarm, [2, 3], '#b26a00']]) {
    if (!l) continue;
    for (const side of ['high', 'low']) {
      if (typeof l[side] === 'number') out.push({label: `${kind} ${side} ${l[side]}`, value: l[side], stroke, dash});
    }
  }
  return out;
}

export function trends(plant) {
  const el = h('div', {class: 'trends', 'data-testid': 'trends'});
  const charts = [];
  for (const tag of keyTags(plant)) {
    const box = h('figure', {class: 'trend'}, h('figcaption', null, `${tag.name} (${tag.unit})`, tag.description ? h('span', {class: 'hint'}, ` — ${tag.description}`) : null));
    el.append(box);
    charts.push({tag, box, limits: limitSeries(tag), plot: null, data: null});
  }
  if (!charts.length) el.append(h('p', {class: 'hint'}, 'This plant has no tags with safety limits to chart.'));

  // The attack's window in simulated seconds: from its first step to its last (open while steps
  // may follow), and a cursor (a replay's current time).
  const marks = {from: null, to: null, cursor: null};

  /** Shades the attack window and draws the cursor, under the series. */
  function drawMarks(u) {
    const ctx = u.ctx;
    const {left, top, width, height} = u.bbox;
    ctx.save();
    if (marks.from !== null) {
      const xs = u.scales.x;
      const to = marks.to ?? xs.max;
      const x0 = Math.max(left, u.valToPos(marks.from, 'x', true));
      const x1 = Math.min(left + width, u.valToPos(Math.max(to, marks.from), 'x', true));
      if (x1 >= x0) {
        ctx.fillStyle = 'rgba(198, 40, 40, 0.10)';
        ctx.fillRect(x0, top, Math.max(2, x1 - x0), height);
        ctx.strokeStyle = 'rgba(198, 40, 40, 0.6)';
        ctx.setLineDash([4, 3]);
        ctx.beginPath(); ctx.moveTo(x0, top); ctx.lineTo(x0, top + height); ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = '#8e1b1b';
        ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`;
        ctx.fillText('attack', x0 + 3 * devicePixelRatio, top + 12 * devicePixelRatio);
      }
    }
    if (marks.cursor !== null) {
      const x = u.valToPos(marks.cursor, 'x', true);
      if (x >= left && x <= left + width) {
        ctx.strokeStyle = '#222';
        ctx.lineWidth = 1.5 * devicePixelRatio;
        ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + height); ctx.stroke();
      }
    }
    ctx.restore();
  }

  function create(c) {
    const width = Math.max(240, c.box.clientWidth - 8);
    c.data = [[], [], [], ...c.limits.map(() => [])];
    c.plot = new uPlot({
      width, height: 150,
      hooks: {drawClear: [drawMarks]},
      scales: {x: {time: false}},
      axes: [{label: 'simulated s', size: 36}, {size: 52}],
      legend: {live: false},
      series: [
        {label: 't'},
        {label: 'true', stroke: '#1565c0', width: 2, points: {show: false}},
        // The HMI polls slower than the samples come: bridge its gaps instead of drawing dots.
        {label: 'HMI', stroke: '#ef6c00', width: 1.5, dash: [5, 4], spanGaps: true, points: {show: false}},
        ...c.limits.map((l) => ({label: l.label, stroke: l.stroke, width: 1, dash: l.dash, points: {show: false}})),
      ],
    }, c.data, c.box);
  }

  // Coalesce redraws into one per frame: samples can arrive faster than we want to paint.
  let dirty = false;
  function redraw() {
    dirty = false;
    for (const c of charts) if (c.plot) c.plot.setData(c.data);
  }

  const ro = new ResizeObserver(() => {
    for (const c of charts) {
      if (c.plot) c.plot.setSize({width: Math.max(240, c.box.clientWidth - 8), height: 150});
    }
  });
  ro.observe(el);

  return {
    el,
    add(sample) {
      const t = Number(sample.t);
      for (const c of charts) {
        if (!c.plot) {
          if (!el.isConnected) continue;
          create(c);
        }
        const tv = sample.true ? sample.true[c.tag.name] : undefined;
        const hv = sample.hmi ? sample.hmi[c.tag.name] : undefined;
        const d = c.data;
        d[0].push(t); d[1].push(tv ?? null); d[2].push(hv ?? null);
        c.limits.forEach((l, i) => d[3 + i].push(l.value));
        if (d[0].length > MAX_POINTS) {
          // Halve the resolution, keeping the first and the newest point.
          c.data = d.map((a) => a.filter((_, i) => i % 2 === 0 || i === a.length - 1));
        }
      }
      if (!dirty) { dirty = true; requestAnimationFrame(redraw); }
    },
    reset() {
      for (const c of charts) {
        if (c.data) { c.data.forEach((a) => { a.length = 0; }); }
      }
      marks.from = null; marks.to = null; marks.cursor = null;
      if (!dirty) { dirty = true; requestAnimationFrame(redraw); }
    },
    /** The attack acted at simulated time t (a step): the window starts at its first act. */
    attackAt(t) {
      if (typeof t !== 'number') return;
      if (marks.from === null || t < marks.from) marks.from = t;
      if (marks.to === null || t > marks.to) marks.to = t;
      el.dataset.attackFrom = String(marks.from);
      if (!dirty) { dirty = true; requestAnimationFrame(redraw); }
    },
    /** A cursor at simulated time t (null: none), as a replay moves. */
    cursor(t) {
      marks.cursor = typeof t === 'number' ? t : null;
      if (!dirty) { dirty = true; requestAnimationFrame(redraw); }
    },
    destroy() {
      ro.disconnect();
      for (const c of charts) if (c.plot) c.plot.destroy();
    },
  };
}
