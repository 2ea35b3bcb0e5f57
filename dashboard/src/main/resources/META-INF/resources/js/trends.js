// Trends of the key tags with uPlot (MIT, from the webjar). Key tags are the ones with safety
// limits in the plant's tag dictionary: those are where an attack shows physically. Each chart has
// the true value, the value the HMI sees (dashed) and the trip and alarm limits as labelled lines.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import {h} from './dom.js';

const MAX_POINTS = 900; // at 5 samples a second: three minutes of wall time per chart

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

  function create(c) {
    const width = Math.max(240, c.box.clientWidth - 8);
    c.data = [[], [], [], ...c.limits.map(() => [])];
    c.plot = new uPlot({
      width, height: 150,
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
        if (d[0].length > MAX_POINTS) d.forEach((a) => a.shift());
      }
      if (!dirty) { dirty = true; requestAnimationFrame(redraw); }
    },
    reset() {
      for (const c of charts) {
        if (c.data) { c.data.forEach((a) => { a.length = 0; }); }
      }
      if (!dirty) { dirty = true; requestAnimationFrame(redraw); }
    },
    destroy() {
      ro.disconnect();
      for (const c of charts) if (c.plot) c.plot.destroy();
    },
  };
}
