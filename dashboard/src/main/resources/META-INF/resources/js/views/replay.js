// A finished run replayed from its stored trace: the plant, the trends over the whole run, the
// attacker's position on the Purdue map, the attack timeline, the denials and the alerts, all at
// the time a scrubber picks, which can also play at a chosen speed. Nothing is re-simulated: every
// value shown is one the run recorded.
import {json, cached, request} from '../api.js';
import {h, mount, secs, outcomeBadge, severityBadge, badge, errorBox, shortId} from '../dom.js';
import {purdueMap, legend} from '../purdue.js';
import {plantMimic} from '../mimic.js';
import {trends} from '../trends.js';

export function render(el, id) {
  const ac = new AbortController();
  const state = {destroyers: []};
  start(el, id, ac.signal, state).catch((e) => {
    if (!ac.signal.aborted) mount(el, h('h1', null, `Replay of run ${shortId(id)}`), errorBox(e));
  });
  return () => {
    ac.abort();
    state.destroyers.forEach((fn) => fn());
  };
}

/** The samples CSV (time_s, true values, hmi_ values) as [{t, true: {}, hmi: {}}]. */
export function parseSamples(csv) {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  if (!lines.length) return [];
  const head = lines[0].split(',');
  const out = [];
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const s = {t: Number(cells[0]), true: {}, hmi: {}};
    for (let i = 1; i < head.length; i++) {
      const v = cells[i] === '' || cells[i] === undefined ? null : Number(cells[i]);
      if (head[i].startsWith('hmi_')) s.hmi[head[i].slice(4)] = v;
      else s.true[head[i]] = v;
    }
    out.push(s);
  }
  return out;
}

/** A trace's decision line as the map's `denied` event. */
function mapDenial(d) {
  return {t: d.time, conduit: d.decision.conduit, source: d.sourceHost, destination: d.destinationHost,
    protocol: d.protocol, subject: d.subject, rule: d.decision.rule, reason: d.decision.reason};
}

/** JSON lines as objects, skipping blank lines. */
function parseLines(text) {
  return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
}

/** The index of the last element whose time is at or before t (binary search; -1 when none). */
function lastAtOrBefore(list, t, time) {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (time(list[mid]) <= t) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

async function start(el, id, signal, state) {
  mount(el, h('p', {class: 'hint'}, 'Loading the run’s trace…'));
  const run = await json(`/api/runs/${encodeURIComponent(id)}`, {signal});
  if (run.status !== 'finished') {
    mount(el, h('h1', null, `Replay of run ${shortId(id)}`),
      h('p', null, `This run is ${run.status}: only a finished run has a trace to replay. `,
        h('a', {href: `#/runs/${encodeURIComponent(id)}/live`}, 'Open its live view')));
    return;
  }
  const params = run.params || {};
  const arch = await cached(`/api/library/architectures/${encodeURIComponent(params.architecture)}`);
  const spec = arch.spec || arch;
  const plant = await cached(`/api/library/plants/${encodeURIComponent(spec.plant)}`);
  const base = `/api/runs/${encodeURIComponent(id)}`;
  const [csv, traceText, alertText, controllerText] = await Promise.all([
    request(`${base}/trace?format=csv`, {signal, accept: 'text/csv'}).then((r) => r.text()),
    request(`${base}/trace?format=jsonl&types=step,decision,sis-trip,outcome`, {signal, accept: 'application/x-ndjson'}).then((r) => r.text()),
    request(`${base}/alerts?format=jsonl`, {signal, accept: 'application/x-ndjson'}).then((r) => r.text()),
    // Runs stored before the controllers' states were kept have none: the mimic then shows values.
    request(`${base}/trace?format=controllers`, {signal, accept: 'application/x-ndjson', quiet: true})
      .then((r) => r.text()).catch((e) => { if (e.status === 404) return ''; throw e; }),
  ]);
  const controllerChanges = parseLines(controllerText);
  const samples = parseSamples(csv);
  const lines = parseLines(traceText);
  const steps = lines.filter((l) => l.type === 'step').sort((a, b) => a.start - b.start);
  const denials = lines.filter((l) => l.type === 'decision' && l.decision && l.decision.action).sort((a, b) => a.time - b.time);
  const outcome = lines.find((l) => l.type === 'outcome');
  const alerts = parseLines(alertText).sort((a, b) => a.time - b.time);
  const end = samples.length ? samples[samples.length - 1].t : Math.max(0, ...steps.map((s) => s.start));

  // --- panels ------------------------------------------------------------------------------------
  const map = purdueMap(spec, {live: true});
  const mimic = plantMimic(plant);
  const trend = trends(plant);
  state.destroyers.push(() => trend.destroy());
  const timeline = h('ol', {class: 'timeline', 'data-testid': 'replay-timeline'});
  const alertList = h('ol', {class: 'feed', 'data-testid': 'replay-alerts', reversed: true});
  const denialList = h('ol', {class: 'feed', 'data-testid': 'replay-denials', reversed: true});
  const now = h('span', {class: 'clock', 'data-testid': 'replay-time'}, secs(0));
  const scrubber = h('input', {type: 'range', min: 0, max: Math.ceil(end), step: 1, value: 0, 'aria-label': 'Simulated time', 'data-testid': 'scrubber', class: 'scrubber'});
  const speed = h('select', {'aria-label': 'Replay speed', 'data-testid': 'replay-speed'},
    ...['10', '60', '300'].map((v) => h('option', {value: v, selected: v === '60'}, `${v}×`)));
  const play = h('button', {type: 'button', class: 'btn', 'data-testid': 'replay-play'}, '▶ Play');
  const summary = outcome ? verdictText(outcome, run.summary) : 'The trace has no outcome line.';

  const panel = (cls, heading, ...body) => h('section', {class: `panel ${cls}`, 'aria-labelledby': `h-${cls}`}, h('h2', {id: `h-${cls}`}, heading), ...body);
  mount(el,
    h('header', {class: 'live-head card'},
      h('div', {class: 'live-title'}, h('h1', {title: id}, `Replay of run ${shortId(id)}`), ' ',
        h('a', {href: `#/runs/${encodeURIComponent(id)}`}, 'scorecard')),
      h('p', {'data-testid': 'replay-verdict'}, summary),
      h('dl', {class: 'facts'},
        h('div', null, h('dt', null, 'architecture'), h('dd', null, params.architecture)),
        h('div', null, h('dt', null, 'scenario'), h('dd', null, params.scenario)),
        h('div', null, h('dt', null, 'seed'), h('dd', null, String(params.seed))),
        h('div', null, h('dt', null, 'simulated time'), h('dd', null, now, ` of ${secs(end)}`))),
      h('div', {class: 'replay-controls'}, play, ' ', speed, ' ', scrubber)),
    h('div', {class: 'live-grid'},
      panel('p-map', 'Purdue map', h('div', {class: 'svg-wrap'}, map.el), legend()),
      panel('p-plant', `Plant: ${plant.title || plant.id}`, mimic.el),
      panel('p-trends', 'Trends over the whole run (the attack shaded, the replay’s time marked)', trend.el),
      panel('p-steps', 'Attack timeline', timeline),
      panel('p-alerts', 'Alerts so far', alertList),
      panel('p-denials', 'Denied traffic so far', denialList)));

  // Trends hold the whole run from the start; the cursor moves over them.
  requestAnimationFrame(() => {
    samples.forEach((s) => trend.add(s));
    steps.forEach((s) => trend.attackAt(s.start));
    show(Number(scrubber.value));
  });

  const stepItems = steps.map((s) => {
    const out = h('span', {class: 'outcome'});
    const li = h('li', {class: 'step', 'data-step': s.step},
      h('div', {class: 'step-head'}, h('strong', null, s.step), ' ', h('code', null, s.technique), ' ', out),
      h('div', {class: 'step-detail'}, `t=${secs(s.start)} · ${s.fromHost} → ${s.target || '–'}${s.conduit ? ` at ${s.conduit}${s.rule ? `/${s.rule}` : ''}` : ''}`),
      h('div', {class: 'hint'}, s.detail || ''));
    timeline.append(li);
    return {s, li, out};
  });
  if (!steps.length) timeline.append(h('li', {class: 'hint'}, 'This scenario has no attack steps.'));

  let shownAlerts = 0;
  let shownDenials = 0;
  let attacker = null;
  let mapDenials = 0;

  /** Everything as it stood at simulated time t. */
  function show(t) {
    now.textContent = secs(t);
    // Before the first record, the first one: what the plant looked like when the run began.
    const i = Math.max(0, lastAtOrBefore(samples, t, (s) => s.t));
    const k = Math.max(0, lastAtOrBefore(controllerChanges, t, (c) => c.t));
    if (samples.length) {
      mimic.update(controllerChanges.length ? {...samples[i], controllers: controllerChanges[k].controllers} : samples[i]);
    }
    trend.cursor(t);
    let position = null;
    for (const it of stepItems) {
      const done = it.s.start <= t;
      it.li.dataset.outcome = done ? it.s.outcome : 'PENDING';
      it.out.replaceChildren(outcomeBadge(done ? it.s.outcome : 'PENDING'));
      // Where the attacker stood: the host its latest step acted from.
      if (done) position = it.s.fromHost;
    }
    const nd = lastAtOrBefore(denials, t, (d) => d.time) + 1;
    // The map as it stood: the denials so far at their conduits, the attacker. Moving forward (as
    // Play does) adds only the denials since the time shown before and moves the attacker; only
    // going back past a denial, or to before the first step (no attacker), draws the map anew.
    if (nd < mapDenials || (attacker && !position)) {
      map.reset();
      mapDenials = 0;
      attacker = null;
    }
    if (nd > mapDenials) {
      map.deniedAll(denials.slice(mapDenials, nd).map(mapDenial));
      mapDenials = nd;
    }
    if (position !== attacker) {
      attacker = position;
      map.attacker(position);
    }
    const na = lastAtOrBefore(alerts, t, (a) => a.time) + 1;
    if (na !== shownAlerts) {
      shownAlerts = na;
      alertList.replaceChildren(...alerts.slice(0, na).reverse().slice(0, 200).map((a) => h('li', {class: 'alert'},
        h('div', null, h('span', {class: 'mono'}, `t=${secs(a.time)}`), ' ', severityBadge(a.severity), ' ', h('code', null, (a.techniques || []).join(' ') || '–')),
        h('div', null, a.summary || ''),
        h('div', {class: 'hint'}, `${a.detector}/${a.rule}${a.sourceHost ? ` · ${a.sourceHost} → ${a.destinationHost || '?'}` : ''}`))));
    }
    if (nd !== shownDenials) {
      shownDenials = nd;
      denialList.replaceChildren(...denials.slice(0, nd).reverse().slice(0, 200).map((d) => h('li', {class: 'denial'},
        h('div', null, h('span', {class: 'mono'}, `t=${secs(d.time)}`), ' ', badge('bad', 'DENIED', '✗'), ' ',
          `${d.sourceHost} → ${d.destinationHost} `, h('code', null, `${d.protocol} ${d.subject || ''}`)),
        h('div', {class: 'hint'}, `conduit ${d.decision.conduit} · ${d.decision.rule ? `rule ${d.decision.rule}` : 'default deny'}${d.decision.reason ? ` · ${d.decision.reason}` : ''}`))));
    }
  }

  scrubber.addEventListener('input', () => show(Number(scrubber.value)));

  // Playing moves the scrubber on the wall clock at the chosen speed, one frame at a time.
  let playing = false;
  let last = 0;
  function frame(ts) {
    if (!playing || signal.aborted) return;
    const dt = last ? (ts - last) / 1000 : 0;
    last = ts;
    const t = Math.min(end, Number(scrubber.value) + dt * Number(speed.value));
    scrubber.value = String(t);
    show(t);
    if (t >= end) { stop(); return; }
    requestAnimationFrame(frame);
  }
  function stop() {
    playing = false;
    play.textContent = '▶ Play';
  }
  play.addEventListener('click', () => {
    if (playing) { stop(); return; }
    if (Number(scrubber.value) >= end) scrubber.value = '0';
    playing = true;
    last = 0;
    play.textContent = '❚❚ Pause';
    requestAnimationFrame(frame);
  });
  state.destroyers.push(stop);
}

/** The run's verdict in one sentence, from its outcome line and summary. */
function verdictText(outcome, summary) {
  const kind = String(outcome.kind || outcome.outcome || (summary && summary.outcome) || '').toUpperCase();
  if (summary && summary.objectiveReached) {
    return `Objective reached${typeof summary.objectiveTime === 'number' ? ` at t=${secs(summary.objectiveTime)}` : ''}.`;
  }
  if (kind.includes('UNDECIDED')) return 'Undecided: the run reached its horizon before the outcome was clear.';
  return `Prevented${summary && summary.blockedAt ? ` at ${summary.blockedAt}` : ''}${summary && summary.outcomeText ? ` (${summary.outcomeText})` : ''}.`;
}
