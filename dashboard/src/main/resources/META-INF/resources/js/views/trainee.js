// A trainee's pages: the exercises open to join (alone or as a team), the live view of their own
// lab and, once the exercise has finished, their own debrief. The live view shows only what a SOC
// analyst and an operator would: the service filters the stream (TraineeView: alerts without
// ground truth, HMI values, traffic without the attacker's marks, hints as released) and serves
// the network without the attack (TraineeMap), drawn by the live view's Purdue map; this page adds
// nothing of its own. Triage, responses and findings go through the exercise API.
import {json, stream} from '../api.js';
import {h, mount, secs, num, when, badge, severityBadge, errorBox, info, table} from '../dom.js';
import {exPath, stateBadge, scoreList, timelineTable, labReplay} from './exercise.js';
import {purdueMap, legend} from '../purdue.js';

// --- joining ---------------------------------------------------------------------------------------

export function renderList(el) {
  const ac = new AbortController();
  list(el, ac.signal).catch((e) => { if (!ac.signal.aborted) mount(el, h('h1', null, 'Exercises'), errorBox(e)); });
  return () => ac.abort();
}

async function list(el, signal) {
  const all = await json('/api/exercises?limit=200', {signal});
  const row = (x) => {
    if (x.you) return h('a', {class: 'btn btn-primary', href: `#/exercises/${encodeURIComponent(x.id)}`, 'data-testid': 'open-exercise'}, x.state === 'finished' ? 'Your debrief' : 'Open');
    const team = h('input', {'aria-label': `Team for ${x.title} (empty: alone)`, placeholder: 'team (empty: alone)', size: 16, 'data-testid': 'join-team', pattern: '[A-Za-z0-9_\\-]*'});
    const msg = h('span', {'aria-live': 'polite'});
    return h('form', {class: 'inline-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        await json(`${exPath(x.id)}/join`, {method: 'POST', body: team.value.trim() ? {team: team.value.trim()} : {}, signal});
        location.hash = `#/exercises/${encodeURIComponent(x.id)}`;
      } catch (err) {
        mount(msg, errorBox(err));
      }
    }}, team, ' ', h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'join'}, 'Join'), msg);
  };
  mount(el, h('h1', null, 'Exercises'),
    h('p', {class: 'hint'}, 'Join an exercise alone, or type a team name: everyone who types the same name shares a lab.'),
    table([
      {label: 'Title', cell: (x) => h('strong', null, x.title)},
      {label: 'State', cell: (x) => stateBadge(x.state)},
      {label: 'Plant and network', cell: (x) => x.architecture},
      {label: 'Objectives', cell: (x) => (x.objectives || []).join(', ')},
      {label: '', cell: row},
    ], all.map((x) => ({...x, __attrs: {'data-exercise': x.id, 'data-title': x.title}})), {empty: 'No exercise is open to join.', 'data-testid': 'trainee-exercises'}));
}

// --- the live view ---------------------------------------------------------------------------------

const ACTIONS = {
  'isolate-host': [['host', 'Host']],
  'block-flow': [['source', 'Source host'], ['destination', 'Destination host'], ['protocol', 'Protocol (optional)'], ['conduit', 'Conduit (optional)']],
  'tighten-conduit': [['conduit', 'Conduit'], ['to', 'To', ['read-only', 'closed']]],
  'kill-connections': [['source', 'Source host'], ['destination', 'Destination host']],
  'disable-account': [['account', 'Account']],
  'reset-credential': [['account', 'Account']],
  'safe-state': [['controller', 'Controller'], ['mode', 'Mode', ['manual', 'stop']]],
  'restore-program': [['controller', 'Controller']],
  'reset-sis': [['controller', 'Controller']],
  operator: [['tag', 'Tag'], ['value', 'Value'], ['hmi', 'HMI (optional)']],
};
const OPTIONAL = new Set(['protocol', 'conduit', 'hmi']);

/** The response form: a kind, its targets, and why (the record says who and when). */
function responseForm(id, signal, onDone) {
  const kind = h('select', {id: 'r-kind', 'data-testid': 'response-kind'}, Object.keys(ACTIONS).map((k) => h('option', {value: k}, k)));
  const fields = h('div', {class: 'r-fields'});
  const why = h('input', {id: 'r-why', 'data-testid': 'response-why', maxlength: 500, size: 40, placeholder: 'why you do it'});
  const msg = h('div', {'aria-live': 'polite', 'data-testid': 'response-result'});
  const draw = () => mount(fields, ACTIONS[kind.value].map(([name, label, choices]) => h('div', {class: 'field'},
    h('label', {for: `r-${name}`}, label),
    choices ? h('select', {id: `r-${name}`, name}, choices.map((c) => h('option', {value: c}, c)))
      : h('input', {id: `r-${name}`, name, 'data-testid': `response-${name}`, type: name === 'value' ? 'number' : 'text', step: 'any', size: 18}))));
  kind.addEventListener('change', draw);
  draw();
  return h('form', {class: 'ex-respond', onsubmit: async (e) => {
    e.preventDefault();
    const action = {kind: kind.value};
    fields.querySelectorAll('[name]').forEach((c) => {
      if (c.value === '' && OPTIONAL.has(c.name)) return;
      action[c.name] = c.name === 'value' ? Number(c.value) : c.value;
    });
    try {
      const r = await json(`${exPath(id)}/responses`, {method: 'POST', body: {action, why: why.value}, signal});
      mount(msg, info(`${r.describe} at t=${secs(r.t)}: ${r.result}`));
      onDone();
    } catch (err) {
      mount(msg, errorBox(err));
    }
  }},
  h('div', {class: 'field'}, h('label', {for: 'r-kind'}, 'Action'), kind), fields,
  h('div', {class: 'field'}, h('label', {for: 'r-why'}, 'Why'), why),
  h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'response-submit'}, 'Take the action')), msg);
}

export function render(el, id) {
  const ac = new AbortController();
  const state = {stop: () => {}, timer: null};
  start(el, id, ac.signal, state).catch((e) => { if (!ac.signal.aborted) mount(el, h('h1', null, 'Exercise'), errorBox(e)); });
  return () => { ac.abort(); state.stop(); clearTimeout(state.timer); };
}

async function start(el, id, signal, state) {
  const x = await json(exPath(id), {signal});
  if (!x.you) {
    mount(el, h('h1', null, x.title), info('You have not joined this exercise.'), h('a', {href: '#/exercises'}, 'Back to the exercises'));
    return;
  }
  if (x.state === 'finished') { await ownDebrief(el, id, x, signal, state); return; }
  if (x.state === 'draft') {
    // Waiting for the trainer: look again every few seconds, the lab opens by itself.
    mount(el, h('h1', null, x.title), h('p', {'data-testid': 'trainee-waiting'}, stateBadge('draft'), ` You are in lab ${x.you.lab}. Waiting for the trainer to start…`));
    state.timer = setTimeout(() => start(el, id, signal, state).catch((e) => { if (!signal.aborted) el.append(errorBox(e)); }), 2000);
    return;
  }
  const time = h('span', {class: 'clock', 'data-testid': 'trainee-time'}, '–');
  const clockState = h('span', {'data-testid': 'trainee-clock'}, stateBadge(x.state));
  const hints = h('ol', {class: 'feed', 'data-testid': 'trainee-hints'});
  const alerts = h('ol', {class: 'feed ex-alerts', 'data-testid': 'trainee-alerts', reversed: true});
  const hmi = h('dl', {class: 'facts', 'data-testid': 'trainee-hmi'});
  const ctrls = h('dl', {class: 'facts', 'data-testid': 'trainee-controllers'});
  // The network as the lab's own screens draw it: no attack labels reach this page, so the map
  // marks no attacker and sorts no traffic into benign and attack.
  const arch = await json(`${exPath(id)}/architecture`, {signal});
  const map = purdueMap(arch, {live: true, truth: false});
  const mapDetails = h('div', {class: 'map-details', 'data-testid': 'trainee-map-details', 'aria-live': 'polite'}, map.details(null));
  let selected = null;
  let detailsTimer = null;
  map.onSelect((sel) => { selected = sel; mapDetails.replaceChildren(map.details(sel)); });
  /** New traffic: the open details follow, at most twice a second. */
  const refreshDetails = () => {
    if (!selected || detailsTimer) return;
    detailsTimer = setTimeout(() => { detailsTimer = null; if (selected && !signal.aborted) mapDetails.replaceChildren(map.details(selected)); }, 500);
  };
  const denied = h('ol', {class: 'feed', 'data-testid': 'trainee-denied', reversed: true});
  const mine = h('ol', {class: 'feed', 'data-testid': 'trainee-actions', reversed: true});
  const finding = h('textarea', {id: 'f-text', rows: 3, maxlength: 2000, 'data-testid': 'finding-text'});
  const findMsg = h('div', {'aria-live': 'polite'});
  const ended = h('div', {'aria-live': 'polite', 'data-testid': 'trainee-ended'});
  const panel = (cls, heading, ...body) => h('section', {class: `panel ${cls}`}, h('h2', null, heading), ...body);

  const refreshMine = async () => {
    const acts = await json(`${exPath(id)}/actions`, {signal});
    mount(mine, acts.slice().reverse().map((a) => h('li', {'data-kind': a.kind}, h('span', {class: 'mono'}, `t=${secs(a.t)}`), ' ', a.kind, ': ',
      a.kind === 'triage' ? `${a.body.alert} marked ${a.body.verdict ? 'an attack' : 'benign'}${a.body.technique ? ` · ${a.body.technique}` : ''}${a.body.host ? ` on ${a.body.host}` : ''}`
        : a.kind === 'response' ? `${a.body.describe} (${a.body.result})` : a.body.text)));
  };

  mount(el,
    h('header', {class: 'card'}, h('div', {class: 'page-head'}, h('h1', null, x.title), clockState),
      h('dl', {class: 'facts'},
        h('div', null, h('dt', null, 'your lab'), h('dd', {'data-testid': 'trainee-lab'}, x.you.lab)),
        h('div', null, h('dt', null, 'plant and network'), h('dd', null, x.architecture)),
        h('div', null, h('dt', null, 'simulated time'), h('dd', null, time)),
        h('div', null, h('dt', null, 'objectives'), h('dd', null, (x.objectives || []).join(', '))))),
    ended,
    h('div', {class: 'live-grid'},
      panel('p-alerts', 'Alerts — triage each one', alerts),
      panel('p-hints', 'Hints from the trainer', hints),
      panel('p-plant', 'HMI', hmi, h('h3', null, 'Controllers'), ctrls),
      panel('p-map', 'Network', h('div', {class: 'svg-wrap', 'data-testid': 'trainee-network'}, map.el), legend({truth: false}), mapDetails),
      panel('p-net', 'Denied traffic', denied),
      panel('p-respond', 'Respond', responseForm(id, signal, () => refreshMine())),
      panel('p-find', 'Findings',
        h('form', {onsubmit: async (e) => {
          e.preventDefault();
          try {
            await json(`${exPath(id)}/findings`, {method: 'POST', body: {text: finding.value}, signal});
            finding.value = '';
            mount(findMsg, info('Finding recorded.'));
            refreshMine();
          } catch (err) { mount(findMsg, errorBox(err)); }
        }}, h('label', {for: 'f-text'}, 'What did you find?'), finding,
        h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'finding-submit'}, 'Record the finding')), findMsg),
        h('h3', null, 'What you did'), mine)));
  refreshMine().catch(() => {});
  (x.hints || []).forEach((hint) => addHint(hint));
  // The exercise's own state settles the badge: a page that subscribed just after a pause gets no
  // clock event for it, so the state is also asked for every few seconds while it plays.
  const poll = async () => {
    const now = await json(exPath(id), {signal});
    if (now.state === 'running' || now.state === 'paused') {
      mount(clockState, stateBadge(now.state));
      (now.hints || []).forEach((hint) => addHint(hint));
      state.timer = setTimeout(() => poll().catch(() => {}), 3000);
    }
  };
  state.timer = setTimeout(() => poll().catch(() => {}), 3000);

  function addHint(hint) {
    if (hints.querySelector(`[data-index="${hint.index}"]`)) return;
    hints.append(h('li', {'data-index': hint.index}, hint.text));
  }

  function addAlert(a) {
    map.alert(a);
    const tech = h('input', {'aria-label': `Technique for ${a.id}`, placeholder: 'technique, e.g. T0866', size: 12, value: a.technique || ''});
    const host = h('input', {'aria-label': `Host for ${a.id}`, placeholder: 'host', size: 12, value: (a.hosts || [])[0] || ''});
    const mark = h('span', {class: 'mark', 'data-testid': 'triage-mark'});
    const send = (verdict) => async () => {
      const body = {alert: a.id, verdict};
      if (tech.value.trim()) body.technique = tech.value.trim();
      if (host.value.trim()) body.host = host.value.trim();
      try {
        const r = await json(`${exPath(id)}/triage`, {method: 'POST', body, signal});
        mount(mark, badge('info', `marked ${r.verdict ? 'an attack' : 'benign'} at t=${secs(r.t)}`, '✎'));
        refreshMine();
      } catch (err) { mount(mark, errorBox(err)); }
    };
    alerts.prepend(h('li', {class: 'alert', 'data-alert': a.id, 'data-testid': 'trainee-alert'},
      h('div', null, h('span', {class: 'mono'}, `t=${secs(a.t)}`), ' ', h('strong', null, a.id), ' ', severityBadge(a.severity), ' ', h('code', null, (a.techniques || []).join(' '))),
      h('div', null, a.summary || ''),
      h('div', {class: 'hint'}, `${a.detector}/${a.rule} · ${(a.hosts || []).join(', ')}`),
      h('div', {class: 'triage'}, tech, ' ', host, ' ',
        h('button', {type: 'button', class: 'btn btn-small', 'data-testid': 'triage-attack', onclick: send(true)}, '● Attack'), ' ',
        h('button', {type: 'button', class: 'btn btn-small', 'data-testid': 'triage-benign', onclick: send(false)}, '○ Benign'), ' ', mark)));
  }

  const setT = (t) => { if (typeof t === 'number') time.textContent = secs(t); };
  const handlers = {
    alert: addAlert,
    hint: addHint,
    sample: (d) => {
      setT(d.t);
      mount(hmi, Object.entries(d.hmi || {}).map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, num(v)))));
      mount(ctrls, Object.entries(d.controllers || {}).map(([k, c]) => h('div', null, h('dt', null, k),
        h('dd', null, `${c.mode || ''}${c.auto === false ? ' · manual' : ''}${(c.tripped || []).length ? ` · tripped: ${c.tripped.join(', ')}` : ''}`))));
    },
    clock: (d) => {
      setT(d.time !== undefined ? d.time : d.t);
      mount(clockState, d.paused ? stateBadge('paused') : stateBadge('running'));
    },
    flows: (d) => {
      map.flows(d.flows || []);
      refreshDetails();
    },
    denied: (d) => {
      map.denied(d);
      refreshDetails();
      denied.prepend(h('li', null, h('span', {class: 'mono'}, `t=${secs(d.t)}`), ' ', `${d.source} → ${d.destination} ${d.protocol || ''} at ${d.conduit}${d.rule ? `/${d.rule}` : ''}`));
    },
    end: () => finished(),
    status: (d) => { if (d && ['finished', 'cancelled', 'failed'].includes(d.status)) finished(); },
  };
  function finished() {
    mount(ended, info('Your lab has ended. Your debrief opens once the exercise has finished.'));
    const check = async () => {
      const now = await json(exPath(id), {signal});
      if (now.state === 'finished') { start(el, id, signal, state); return; }
      state.timer = setTimeout(() => check().catch(() => {}), 2000);
    };
    check().catch(() => {});
  }
  stream(`${exPath(id)}/live`, (type, d) => { if (handlers[type] && d && typeof d === 'object') handlers[type](d); }, signal)
    .catch((e) => { if (!signal.aborted) ended.append(errorBox(e)); });
}

// --- the trainee's own debrief ---------------------------------------------------------------------

async function ownDebrief(el, id, x, signal, state) {
  const d = await json(`${exPath(id)}/debrief`, {signal});
  const me = (d.trainees || [])[0];
  const lab = (d.labs || []).find((l) => me && l.lab === me.lab) || (d.labs || [])[0];
  const box = h('section', {class: 'panel', 'data-testid': 'ex-replay'});
  mount(el, h('div', {class: 'page-head'}, h('h1', null, `Your debrief: ${d.title}`), stateBadge('finished')),
    h('p', null, `The hidden scenario was `, h('strong', {'data-testid': 'debrief-scenario'}, d.scenario), ` on ${d.architecture}.`),
    me ? h('section', {class: 'panel', 'data-testid': 'own-score'}, h('h2', null, 'Your score'), scoreList(me.score),
      h('h3', null, 'What happened, beside what you did'), timelineTable(me.timeline || [])) : info('No score.'),
    box, h('p', {class: 'hint'}, `Finished ${when(x.finished)}.`));
  if (lab) state.stop = labReplay(box, `${exPath(id)}/trace?lab=${encodeURIComponent(lab.lab)}`, lab, signal, null);
}
