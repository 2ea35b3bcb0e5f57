// Exercises for the trainer (operator or admin; viewers see them read-only): the list, the set-up
// form, the page of a running exercise (every lab and what its trainees do, the clock, hints,
// injects, the end) and the debrief (the true timeline beside each trainee's actions, a replay
// with a scrubber, the scores, the class record). Trainees get js/views/trainee.js instead; the
// router sends each role to its own pages. API: docs/dashboard-api.md "Exercises".
import {json, cached, request, download, stream, session} from '../api.js';
import {h, mount, secs, num, when, badge, severityBadge, outcomeBadge, errorBox, info, table} from '../dom.js';
import {parseSamples} from './replay.js';
import {plantMimic} from '../mimic.js';

const OBJECTIVES = [
  ['detect', 'detect (mark a true alert true)'],
  ['attribute', 'attribute (name the technique and host)'],
  ['contain', 'contain (a response after which no attack step succeeds)'],
  ['keep-production', 'keep production (lose no more than without defence)'],
];
const SPEEDS = [['1', '1× (real time)'], ['10', '10×'], ['60', '60×'], ['max', 'as fast as possible']];

export const exPath = (id) => `/api/exercises/${encodeURIComponent(id)}`;

/** An exercise's state as a badge that carries its meaning in text. */
export function stateBadge(state) {
  const k = {draft: ['muted', '✎'], running: ['info', '▶'], paused: ['warn', '❚❚'], finished: ['good', '✔']}[state] || ['neutral', '•'];
  return badge(k[0], state, k[1]);
}

// --- list ------------------------------------------------------------------------------------------

export function renderList(el) {
  const ac = new AbortController();
  list(el, ac.signal).catch((e) => { if (!ac.signal.aborted) mount(el, h('h1', null, 'Exercises'), errorBox(e)); });
  return () => ac.abort();
}

async function list(el, signal) {
  const all = await json('/api/exercises?limit=200', {signal});
  mount(el,
    h('div', {class: 'page-head'}, h('h1', null, 'Exercises'),
      session.canOperate ? h('a', {class: 'btn btn-primary', href: '#/exercises/new', 'data-testid': 'exercise-new'}, '+ New exercise') : null),
    h('p', {class: 'hint'}, 'An exercise plays a hidden scenario in a lab per trainee or team; trainees triage, respond and write findings; the debrief scores them. See the trainer’s guide (docs/trainer-guide.md).'),
    table([
      {label: 'Title', cell: (x) => h('a', {href: `#/exercises/${encodeURIComponent(x.id)}`, 'data-testid': 'exercise-link'}, x.title)},
      {label: 'State', cell: (x) => stateBadge(x.state)},
      {label: 'Architecture', cell: (x) => x.spec ? x.spec.architecture : ''},
      {label: 'Mode', cell: (x) => x.mode},
      {label: 'Trainees', cell: (x) => String((x.trainees || []).length)},
      {label: 'Created', cell: (x) => `${when(x.created)} by ${x.user}`},
    ], all, {empty: 'No exercise yet.', 'data-testid': 'exercise-list'}));
}

// --- set-up form -----------------------------------------------------------------------------------

function field(id, label, control, hint) {
  return h('div', {class: 'field'}, h('label', {for: id}, label), control, hint ? h('small', {class: 'hint'}, hint) : null);
}

export function renderNew(el) {
  create(el).catch((e) => mount(el, h('h1', null, 'New exercise'), errorBox(e)));
}

async function create(el) {
  mount(el, h('p', {class: 'hint'}, 'Loading the library…'));
  const [archs, profiles, scenarios, labs] = await Promise.all([
    cached('/api/library/architectures'), cached('/api/library/detection-profiles'), cached('/api/library/scenarios'),
    cached('/api/lab')]);
  const title = h('input', {id: 'x-title', required: true, maxlength: 200, value: 'Night shift'});
  const arch = h('select', {id: 'x-architecture'}, archs.map((a) => h('option', {value: a.id}, `${a.title || a.id} (${a.plant})`)));
  const det = h('select', {id: 'x-detection'}, profiles.filter((p) => p.id !== 'none')
    .map((p) => h('option', {value: p.id, selected: p.id === 'full'}, p.id)));
  const scen = h('select', {id: 'x-scenarios', multiple: true, size: 6, 'aria-describedby': 'x-scenarios-hint'});
  const fill = () => {
    const plant = (archs.find((a) => a.id === arch.value) || {}).plant;
    mount(scen, scenarios.filter((s) => s.plant === plant).map((s) =>
      h('option', {value: s.id}, `${s.id} — ${s.title || ''} (${Math.round((s.durationSeconds || 0) / 60)} min)`)));
  };
  arch.addEventListener('change', fill);
  fill();
  const speed = h('select', {id: 'x-speed'}, SPEEDS.map(([v, l]) => h('option', {value: v, selected: v === '1'}, l)));
  const seed = h('input', {id: 'x-seed', type: 'number', min: 0, step: 1, value: '1', inputmode: 'numeric'});
  const objectives = OBJECTIVES.map(([v, l]) => h('label', {class: 'check'},
    h('input', {type: 'checkbox', name: 'objective', value: v, checked: true}), ' ', l));
  const modeInd = h('input', {type: 'radio', name: 'x-mode', id: 'x-mode-individual', value: 'individual', checked: true});
  const modeShared = h('input', {type: 'radio', name: 'x-mode', id: 'x-mode-shared', value: 'shared'});
  // The container lab is offered only by a service that drives one (the reference
  // docker-compose.yml), for the architecture it is built for; it plays one shared lab.
  const containers = labs.containers;
  const lab = containers ? h('select', {id: 'x-lab', 'aria-describedby': 'x-lab-hint'},
    h('option', {value: 'embedded', selected: true}, 'embedded in this service'),
    h('option', {value: 'containers'}, `across the container lab (${containers.architecture})`)) : null;
  const labHint = h('small', {class: 'hint', id: 'x-lab-hint', 'aria-live': 'polite'});
  const syncLab = () => {
    if (!lab) return;
    const fits = arch.value === containers.architecture;
    lab.options[1].disabled = !fits;
    if (!fits) lab.value = 'embedded';
    const across = lab.value === 'containers';
    // One run at a time plays on the container lab: everyone shares its one lab.
    if (across) modeShared.checked = true;
    modeInd.disabled = across;
    labHint.textContent = !fits
      ? `The container lab is built for ${containers.architecture}; this architecture plays embedded.`
      : across
        ? 'The lab plays across the gateway and host containers; the container lab plays one run at a time, so everyone shares one lab.'
        : 'Each lab plays inside this service.';
  };
  if (lab) {
    lab.addEventListener('change', syncLab);
    arch.addEventListener('change', syncLab);
    syncLab();
  }
  const hints = h('ol', {class: 'x-hints', 'data-testid': 'hint-rows'});
  const addHint = (text = '', at = '') => {
    const row = h('li', {class: 'x-hint'},
      h('input', {'aria-label': 'Hint text', class: 'x-hint-text', value: text, maxlength: 500, size: 50}), ' ',
      h('input', {'aria-label': 'Release at (simulated seconds; empty: by hand)', class: 'x-hint-at', type: 'number', min: 0, step: 1, value: at, placeholder: 'by hand', size: 8}), ' ',
      h('button', {type: 'button', class: 'btn btn-small', onclick: () => row.remove()}, 'Remove'));
    hints.append(row);
  };
  const status = h('div', {'aria-live': 'polite', 'data-testid': 'exercise-create-status'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'exercise-create'}, 'Create the exercise');
  const form = h('form', {class: 'card start', onsubmit: async (e) => {
    e.preventDefault();
    const body = {
      title: title.value, architecture: arch.value, detection: det.value,
      scenarios: [...scen.selectedOptions].map((o) => o.value), speed: speed.value, seed: Number(seed.value),
      objectives: objectives.map((l) => l.querySelector('input')).filter((c) => c.checked).map((c) => c.value),
      hints: [...hints.querySelectorAll('li')].map((li) => {
        const at = li.querySelector('.x-hint-at').value;
        return at === '' ? {text: li.querySelector('.x-hint-text').value} : {text: li.querySelector('.x-hint-text').value, at: Number(at)};
      }).filter((x) => x.text.trim() !== ''),
      mode: modeShared.checked ? 'shared' : 'individual',
      lab: lab ? lab.value : 'embedded',
    };
    submit.disabled = true;
    try {
      const x = await json('/api/exercises', {method: 'POST', body});
      location.hash = `#/exercises/${encodeURIComponent(x.id)}`;
    } catch (err) {
      mount(status, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  }},
  h('h1', null, 'New exercise'),
  session.canOperate ? null : info('Setting up exercises needs the operator or admin role.'),
  h('fieldset', {disabled: !session.canOperate},
    h('legend', null, 'The exercise'),
    field('x-title', 'Title', title),
    field('x-architecture', 'Architecture', arch, 'The plant and network the trainees defend.'),
    field('x-detection', 'Detection profile', det, 'Trainees triage this profile’s alerts (without their ground truth).'),
    h('div', {class: 'field'}, h('label', {for: 'x-scenarios'}, 'Hidden scenario(s)'), scen,
      h('small', {class: 'hint', id: 'x-scenarios-hint'}, 'Pick one or more (Ctrl/⌘-click). Every lab plays the same one, chosen by the seed; trainees never see which.')),
    field('x-speed', 'Speed', speed, 'The labs’ clock; you can change it while it runs.'),
    field('x-seed', 'Seed', seed, 'The same seed replays the same exercise.'),
    h('fieldset', null, h('legend', null, 'Objectives'), objectives),
    h('div', {class: 'radios', role: 'radiogroup', 'aria-label': 'Mode'},
      h('label', {for: 'x-mode-individual'}, modeInd, ' a lab per trainee or team (individual)'),
      h('label', {for: 'x-mode-shared'}, modeShared, ' one lab for everyone (shared)')),
    lab ? h('div', {class: 'field'}, h('label', {for: 'x-lab'}, 'Lab'), lab, labHint) : null,
    h('fieldset', null, h('legend', null, 'Hints'),
      h('p', {class: 'hint'}, 'A hint with a time is released by itself at that simulated second; without one, you release it by hand.'),
      hints, h('button', {type: 'button', class: 'btn btn-small', 'data-testid': 'hint-add', onclick: () => addHint()}, '+ Add a hint')),
    h('div', {class: 'actions'}, submit)),
  status);
  mount(el, form);
}

// --- a running exercise (trainer) ------------------------------------------------------------------

export function renderStaff(el, id) {
  const ac = new AbortController();
  const state = {timer: null, lab: null, labAc: null};
  staff(el, id, ac.signal, state).catch((e) => { if (!ac.signal.aborted) mount(el, h('h1', null, 'Exercise'), errorBox(e)); });
  return () => {
    ac.abort();
    if (state.labAc) state.labAc.abort();
    clearTimeout(state.timer);
  };
}

function describeAction(a) {
  const b = a.body || {};
  switch (a.kind) {
    case 'triage': return `marked ${b.alert} ${b.verdict ? 'true' : 'false'}${b.technique ? ` · ${b.technique}` : ''}${b.host ? ` on ${b.host}` : ''}`;
    case 'response': return `${b.describe || (b.action && b.action.kind)}${b.why ? ` — “${b.why}”` : ''} (${b.sent ? 'sent' : b.result || 'not sent'})`;
    case 'finding': return `finding: ${b.text}`;
    case 'clock': return `clock ${b.action}${b.speed ? ` ${b.speed}×` : ''}`;
    case 'hint': return `released hint ${b.index}`;
    case 'inject': return `injected the next step${b.lab ? ` into ${b.lab}` : ''}`;
    default: return a.kind;
  }
}

async function staff(el, id, signal, state) {
  const clockMsg = h('div', {'aria-live': 'polite', 'data-testid': 'exercise-msg'});
  const head = h('header', {class: 'card'});
  const controls = h('div', {class: 'card ex-controls', role: 'group', 'aria-label': 'Exercise controls'});
  const labs = h('div', {class: 'ex-labs', 'data-testid': 'ex-labs'});
  const labView = h('section', {class: 'panel ex-labview', 'aria-label': 'The selected lab, with its ground truth'});
  const log = h('ol', {class: 'feed', 'data-testid': 'trainer-log', reversed: true});
  mount(el, head, clockMsg, controls, labs, labView, h('section', {class: 'panel'}, h('h2', null, 'Everything done so far'), log));
  const can = session.canOperate;
  const post = async (path, body) => {
    // The last answer's message goes as a new request leaves, so what shows is this one's.
    clockMsg.replaceChildren();
    try {
      const r = await json(`${exPath(id)}${path}`, {method: 'POST', body: body || {}, signal});
      clockMsg.replaceChildren();
      await refresh();
      return r;
    } catch (e) {
      if (!signal.aborted) mount(clockMsg, errorBox(e));
      return null;
    }
  };
  const speedSel = h('select', {'aria-label': 'Speed', 'data-testid': 'ex-speed'}, SPEEDS.map(([v, l]) => h('option', {value: v}, l)));
  let lastKey = '';

  async function refresh() {
    const [x, actions] = await Promise.all([json(exPath(id), {signal}), json(`${exPath(id)}/actions`, {signal})]);
    mount(head,
      h('div', {class: 'page-head'}, h('h1', {'data-testid': 'exercise-title'}, x.title), stateBadge(x.state),
        h('span', {'data-testid': 'exercise-state', hidden: true}, x.state)),
      h('dl', {class: 'facts'},
        h('div', null, h('dt', null, 'architecture'), h('dd', null, x.spec.architecture)),
        h('div', null, h('dt', null, 'hidden scenario(s)'), h('dd', null, (x.spec.scenarios || []).join(', '))),
        h('div', null, h('dt', null, 'detection'), h('dd', null, x.spec.detection)),
        h('div', null, h('dt', null, 'speed · seed'), h('dd', null, `${x.spec.speed}× · ${x.spec.seed}`)),
        h('div', null, h('dt', null, 'mode'), h('dd', null, x.mode)),
        h('div', null, h('dt', null, 'lab'), h('dd', {'data-testid': 'exercise-lab'}, x.spec.lab || 'embedded')),
        h('div', null, h('dt', null, 'objectives'), h('dd', null, (x.objectives || []).join(', ')))));
    const released = new Set(actions.filter((a) => a.kind === 'hint').map((a) => a.body && a.body.index));
    const live = x.state === 'running' || x.state === 'paused';
    const key = `${x.state}|${[...released].join(',')}|${(x.trainees || []).length}`;
    // Controls are drawn anew only when something they depend on changed, so a speed picked in
    // the list stays picked while the page polls.
    if (key !== lastKey) {
      lastKey = key;
      const btn = (label, testid, onclick, extra = {}) => h('button', {type: 'button', class: 'btn', 'data-testid': testid, disabled: !can, onclick, ...extra}, label);
      mount(controls,
        h('h2', null, 'Controls'),
        x.state === 'draft' ? h('div', {class: 'actions'},
          h('span', {'data-testid': 'ex-joined'}, `${(x.trainees || []).length} joined. `),
          btn('▶ Start the exercise', 'ex-start', () => post('/start'), {class: 'btn btn-primary'})) : null,
        live ? h('div', {class: 'clock-controls'},
          x.state === 'paused' ? btn('▶ Resume', 'ex-resume', () => post('/clock', {action: 'resume'})) : btn('❚❚ Pause', 'ex-pause', () => post('/clock', {action: 'pause'})),
          speedSel, btn('Set speed', 'ex-set-speed', () => post('/clock', {action: 'speed', speed: speedSel.value})),
          btn('▶▶ Skip to the next step', 'ex-skip', () => post('/clock', {action: 'skip'})),
          btn('⚡ Inject the next attacker step', 'ex-inject', () => post('/inject', {})),
          btn('■ End the exercise', 'ex-end', () => { if (confirm('End the exercise? Labs still playing are cancelled.')) post('/end'); }, {class: 'btn btn-danger'})) : null,
        (x.spec.hints || []).length ? h('div', null, h('h3', null, 'Hints'),
          h('ol', {start: 0, 'data-testid': 'ex-hints'}, x.spec.hints.map((hint, i) => h('li', null, hint.text, ' ',
            h('span', {class: 'hint'}, hint.at !== null && hint.at !== undefined ? `(at ${secs(hint.at)}) ` : '(by hand) '),
            released.has(i) ? badge('good', 'released', '✔')
              : live ? btn('Release', `ex-release-${i}`, () => post(`/hints/${i}/release`)) : null)))) : null,
        x.state === 'finished' ? h('p', null, h('a', {class: 'btn btn-primary', href: `#/exercises/${encodeURIComponent(id)}/debrief`, 'data-testid': 'open-debrief'}, 'Open the debrief')) : null);
    }
    // One card per lab: who plays in it and what they did.
    const byLab = new Map();
    (x.trainees || []).forEach((t) => { if (!byLab.has(t.lab)) byLab.set(t.lab, []); byLab.get(t.lab).push(t); });
    const jobs = new Map((x.labs || []).map((l) => [l.lab, l.job]));
    mount(labs, [...byLab.entries()].map(([lab, ts]) => {
      const mine = actions.filter((a) => a.lab === lab && ['triage', 'response', 'finding'].includes(a.kind));
      return h('article', {class: 'card ex-lab', 'data-lab': lab, 'data-testid': 'ex-lab'},
        h('h2', null, lab), h('p', null, ts.map((t) => `${t.user}${t.team ? ` (team ${t.team})` : ''}`).join(', ')),
        jobs.get(lab) ? h('p', null,
          h('button', {type: 'button', class: 'btn btn-small', 'data-testid': 'watch-lab', onclick: () => watch(lab)}, 'Watch this lab'), ' ',
          h('a', {href: `#/runs/${encodeURIComponent(jobs.get(lab))}/live`}, 'full live view')) : null,
        h('ol', {class: 'feed', 'data-testid': 'lab-actions'}, mine.length ? mine.slice().reverse().map((a) =>
          h('li', {'data-kind': a.kind}, h('span', {class: 'mono'}, `t=${secs(a.t)}`), ' ', h('strong', null, a.user), ' ', describeAction(a),
            a.truth ? h('span', null, ' ', a.truth.truePositive === a.body.verdict ? badge('good', 'right', '✔') : badge('bad', 'wrong', '✖')) : null))
          : h('li', {class: 'hint'}, 'Nothing yet.')));
    }));
    mount(log, actions.slice().reverse().map((a) => h('li', null, h('span', {class: 'mono'}, a.t === null ? when(a.at) : `t=${secs(a.t)}`), ' ', h('strong', null, a.user), ' ', describeAction(a))));
    if (x.state !== 'finished' && !signal.aborted) {
      clearTimeout(state.timer);
      state.timer = setTimeout(() => refresh().catch((e) => { if (!signal.aborted) mount(clockMsg, errorBox(e)); }), 2000);
    }
  }

  // The selected lab's full stream, ground truth included (the trainer's view, never a trainee's).
  function watch(lab) {
    if (state.labAc) state.labAc.abort();
    state.labAc = new AbortController();
    const time = h('span', {class: 'clock', 'data-testid': 'lab-time'}, '–');
    const steps = h('ol', {class: 'timeline', 'data-testid': 'lab-steps'});
    const alerts = h('ol', {class: 'feed', 'data-testid': 'lab-alerts', reversed: true});
    mount(labView, h('h2', null, `Lab ${lab}`, ' · simulated time ', time),
      h('div', {class: 'ex-cols'},
        h('div', null, h('h3', null, 'Attack steps (truth)'), steps),
        h('div', null, h('h3', null, 'Alerts (with their truth)'), alerts)));
    const setT = (t) => { if (typeof t === 'number') time.textContent = secs(t); };
    stream(`${exPath(id)}/live?lab=${encodeURIComponent(lab)}`, (type, d) => {
      if (!d || typeof d !== 'object') return;
      if (type === 'sample' || type === 'clock') setT(d.t !== undefined ? d.t : d.time);
      if (type === 'step') steps.append(h('li', {class: 'step'}, h('span', {class: 'mono'}, `t=${secs(d.t)}`), ' ', h('strong', null, d.step || d.id || ''), ' ', h('code', null, d.technique || ''), ' ', d.outcome ? outcomeBadge(d.outcome) : ''));
      if (type === 'alert') alerts.prepend(h('li', null, h('span', {class: 'mono'}, `t=${secs(d.t)}`), ' ', severityBadge(d.severity), ' ', d.id, ' ', d.summary || '', ' ',
        d.truePositive === true ? badge('bad', 'attack', '●') : d.truePositive === false ? badge('muted', 'benign', '○') : ''));
    }, state.labAc.signal).catch((e) => { if (!state.labAc.signal.aborted) labView.append(errorBox(e)); });
  }

  await refresh();
}

// --- the debrief -----------------------------------------------------------------------------------

export function renderDebrief(el, id) {
  const ac = new AbortController();
  const state = {stop: () => {}};
  debrief(el, id, ac.signal, state).catch((e) => { if (!ac.signal.aborted) mount(el, h('h1', null, 'Debrief'), errorBox(e)); });
  return () => { ac.abort(); state.stop(); };
}

/** The debrief's score of one trainee as rows of a definition list. */
export function scoreList(s) {
  const pct = (v) => (v === null || v === undefined ? '–' : `${Math.round(v * 100)} %`);
  const rows = [
    ['triage accuracy', `${pct(s.triageAccuracy)} (${s.marksCorrect}/${s.marks})`, 'triage'],
    ['attribution', `${pct(s.attributionAccuracy)} (${s.attributionsCorrect}/${s.attributions})`, 'attribution'],
    ['time to detect', secs(s.timeToDetect), 'detect'],
    ['time to contain', secs(s.timeToContain), 'contain'],
    ['harm averted', `${num(s.harmAverted)} (harm ${num(s.harm)} vs ${num(s.baselineHarm)} undefended)`, 'harm'],
    ['collateral cost', `${num(s.collateralCost)} benign operations denied`, 'cost'],
    ['production lost', `${pct(s.productionLost)} (undefended ${pct(s.baselineProductionLost)})`, 'production'],
    ['responses · findings', `${s.responses} · ${s.findings}`, 'counts'],
  ];
  return h('dl', {class: 'facts'}, rows.map(([k, v, t]) => h('div', {'data-score': t}, h('dt', null, k), h('dd', null, v))));
}

function objectivesLine(o) {
  return h('p', null, Object.entries(o || {}).map(([k, v]) => [badge(v === true ? 'good' : v === false ? 'bad' : 'muted', `${k}: ${v === null ? 'n/a' : v ? 'met' : 'not met'}`, v ? '✔' : '○'), ' ']));
}

/** One trainee's timeline: what truly happened (left) beside what they did (right), in sim time. */
export function timelineTable(items) {
  const truth = (i) => {
    if (i.what === 'step') return h('span', null, h('strong', null, i.step), ' ', h('code', null, i.technique), ` ${i.from || ''} → ${i.target || ''} `, outcomeBadge(i.outcome));
    if (i.what === 'alert') return h('span', null, `alert ${i.id} `, h('code', null, i.technique || (i.techniques || []).join(' ') || ''), ' ', i.truePositive ? badge('bad', 'true positive', '●') : badge('muted', 'false positive', '○'), ' ', i.summary || '');
    if (i.what === 'response-effect') return h('span', null, 'the lab: ', (i.body && (i.body.describe || i.body.action && i.body.action.kind)) || 'response', ' ', i.body && i.body.done === false ? badge('warn', 'not done', '✖') : badge('good', 'done', '✔'));
    return null;
  };
  const did = (i) => {
    if (!['triage', 'response', 'finding'].includes(i.what)) return null;
    const text = describeAction({kind: i.what, body: i.body || {}});
    const right = i.what === 'triage' && i.truth ? (i.truth.truePositive === i.body.verdict ? badge('good', 'right', '✔') : badge('bad', 'wrong', '✖')) : null;
    return h('span', null, text, ' ', right);
  };
  return table([
    {label: 'Simulated time', cell: (i) => secs(i.t), class: 'mono'},
    {label: 'What happened', cell: truth},
    {label: 'What the trainee did', cell: did},
  ], items, {class: 'ex-timeline', 'data-testid': 'debrief-timeline', empty: 'Nothing happened.'});
}

async function debrief(el, id, signal, state) {
  mount(el, h('p', {class: 'hint'}, 'Loading the debrief…'));
  const d = await json(`${exPath(id)}/debrief`, {signal});
  const replayBox = h('section', {class: 'panel', 'data-testid': 'ex-replay'});
  const labSel = h('select', {'aria-label': 'Lab to replay', 'data-testid': 'replay-lab'},
    (d.labs || []).map((l) => h('option', {value: l.lab}, `${l.lab} (${l.status})`)));
  mount(el,
    h('div', {class: 'page-head'}, h('h1', null, `Debrief: ${d.title}`), stateBadge(d.state),
      h('button', {type: 'button', class: 'btn', 'data-testid': 'debrief-csv', onclick: () => download(`${exPath(id)}/debrief?format=csv`, `exercise-${id}.csv`)}, '⤓ Class record (CSV)'),
      h('button', {type: 'button', class: 'btn', 'data-testid': 'debrief-json', onclick: () => download(`${exPath(id)}/debrief?format=json`, `exercise-${id}.json`)}, '⤓ JSON'),
      h('a', {href: `#/exercises/${encodeURIComponent(id)}`}, 'back to the exercise')),
    h('dl', {class: 'facts card'},
      h('div', null, h('dt', null, 'scenario (hidden until now)'), h('dd', {'data-testid': 'debrief-scenario'}, d.scenario)),
      h('div', null, h('dt', null, 'architecture'), h('dd', null, d.architecture)),
      h('div', null, h('dt', null, 'seed'), h('dd', null, String(d.seed))),
      h('div', null, h('dt', null, 'undefended baseline'), h('dd', null, `${d.baseline ? d.baseline.status : '–'} · harm ${num(d.baseline && d.baseline.harm)}`))),
    d.baseline && d.baseline.harm === null && ['queued', 'running'].includes(d.baseline.status)
      ? h('div', {class: 'msg msg-info', role: 'status', 'data-testid': 'baseline-playing'}, 'ℹ The undefended baseline is still playing: harm averted and collateral cost come when it ends. ',
        h('button', {type: 'button', class: 'btn btn-small', onclick: () => { state.stop(); debrief(el, id, signal, state).catch((e) => mount(el, errorBox(e))); }}, 'Reload'))
      : null,
    h('section', {class: 'panel'}, h('h2', null, 'Scores'),
      table([
        {label: 'Trainee', cell: (t) => h('strong', null, t.user)},
        {label: 'Lab', cell: (t) => t.lab},
        {label: 'Triage', cell: (t) => t.score.triageAccuracy === null ? '–' : `${Math.round(t.score.triageAccuracy * 100)} %`},
        {label: 'Detect', cell: (t) => secs(t.score.timeToDetect)},
        {label: 'Contain', cell: (t) => secs(t.score.timeToContain)},
        {label: 'Harm averted', cell: (t) => num(t.score.harmAverted)},
        {label: 'Collateral cost', cell: (t) => num(t.score.collateralCost)},
      ], (d.trainees || []).map((t) => ({...t, __attrs: {'data-trainee': t.user, 'data-testid': 'score-row'}})), {empty: 'Nobody joined.'})),
    (d.trainees || []).map((t) => h('details', {class: 'panel', 'data-trainee': t.user},
      h('summary', null, h('strong', null, t.user), t.team ? ` (team ${t.team})` : '', ` · ${t.lab}`),
      scoreList(t.score), objectivesLine(t.objectives), timelineTable(t.timeline || []))),
    h('div', {class: 'card'}, h('label', null, 'Replay of lab ', labSel)), replayBox);
  const show = () => {
    state.stop();
    const lab = (d.labs || []).find((l) => l.lab === labSel.value);
    if (!lab) { mount(replayBox, info('No lab played.')); return; }
    state.stop = labReplay(replayBox, `${exPath(id)}/trace?lab=${encodeURIComponent(lab.lab)}`, lab, signal, d.architecture);
  };
  labSel.addEventListener('change', show);
  show();
}

/**
 * A lab's replay from its stored trace: the plant (or, for a trainee who may not read the
 * library, the HMI values), the attack steps and the alerts at the time a scrubber picks, which can
 * also play. Returns a function that stops playing.
 */
export function labReplay(box, tracePath, lab, signal, architecture) {
  let playing = false;
  (async () => {
    mount(box, h('p', {class: 'hint'}, 'Loading the lab’s trace…'));
    const [csv, lines] = await Promise.all([
      request(`${tracePath}&format=csv`, {signal, accept: 'text/csv'}).then((r) => r.text()),
      request(`${tracePath}&format=jsonl&types=step,outcome`, {signal, accept: 'application/x-ndjson'}).then((r) => r.text()),
    ]);
    const samples = parseSamples(csv);
    const steps = lines.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)).filter((l) => l.type === 'step').sort((a, b) => a.start - b.start);
    const alerts = (lab.alerts || []).slice().sort((a, b) => a.time - b.time);
    const end = samples.length ? samples[samples.length - 1].t : 0;
    let mimic = null;
    if (architecture && session.role !== 'trainee') {
      try {
        const arch = await cached(`/api/library/architectures/${encodeURIComponent(architecture)}`);
        mimic = plantMimic(await cached(`/api/library/plants/${encodeURIComponent((arch.spec || arch).plant)}`));
      } catch { mimic = null; }
    }
    const values = h('dl', {class: 'facts', 'data-testid': 'replay-values'});
    const now = h('span', {class: 'clock', 'data-testid': 'replay-time'}, secs(0));
    const scrubber = h('input', {type: 'range', min: 0, max: Math.ceil(end), step: 1, value: 0, class: 'scrubber', 'aria-label': 'Simulated time', 'data-testid': 'scrubber'});
    const play = h('button', {type: 'button', class: 'btn', 'data-testid': 'replay-play'}, '▶ Play');
    const stepList = h('ol', {class: 'timeline', 'data-testid': 'replay-timeline'});
    const alertList = h('ol', {class: 'feed', 'data-testid': 'replay-alerts', reversed: true});
    mount(box, h('h2', null, `Replay of ${lab.lab}`),
      h('div', {class: 'replay-controls'}, play, ' ', scrubber, ' ', now, ` of ${secs(end)}`),
      h('div', {class: 'ex-cols'},
        h('div', null, mimic ? mimic.el : values),
        h('div', null, h('h3', null, 'Attack steps'), stepList, h('h3', null, 'Alerts'), alertList)));
    const items = steps.map((s) => {
      const out = h('span');
      const li = h('li', {class: 'step'}, h('strong', null, s.step), ' ', h('code', null, s.technique), ' ', out, h('div', {class: 'hint'}, `t=${secs(s.start)} · ${s.fromHost} → ${s.target || '–'}`));
      stepList.append(li);
      return {s, li, out};
    });
    const at = (t) => {
      now.textContent = secs(t);
      let i = 0;
      while (i + 1 < samples.length && samples[i + 1].t <= t) i++;
      if (samples.length) {
        if (mimic) mimic.update(samples[i]);
        else mount(values, Object.entries(samples[i].hmi).map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, num(v)))));
      }
      items.forEach((it) => {
        const done = it.s.start <= t;
        it.li.dataset.outcome = done ? it.s.outcome : 'PENDING';
        it.out.replaceChildren(outcomeBadge(done ? it.s.outcome : 'PENDING'));
      });
      alertList.replaceChildren(...alerts.filter((a) => a.time <= t).reverse().map((a) => h('li', null,
        h('span', {class: 'mono'}, `t=${secs(a.time)}`), ' ', a.id, ' ', h('code', null, a.technique || ''), ' ',
        a.truePositive ? badge('bad', 'attack', '●') : badge('muted', 'benign', '○'), ' ', a.summary || '')));
    };
    scrubber.addEventListener('input', () => at(Number(scrubber.value)));
    let last = 0;
    const frame = (ts) => {
      if (!playing || signal.aborted) return;
      const dt = last ? (ts - last) / 1000 : 0;
      last = ts;
      const t = Math.min(end, Number(scrubber.value) + dt * 60);
      scrubber.value = String(t);
      at(t);
      if (t >= end) { playing = false; play.textContent = '▶ Play'; return; }
      requestAnimationFrame(frame);
    };
    play.addEventListener('click', () => {
      if (playing) { playing = false; play.textContent = '▶ Play'; return; }
      if (Number(scrubber.value) >= end) scrubber.value = '0';
      playing = true;
      last = 0;
      play.textContent = '❚❚ Pause';
      requestAnimationFrame(frame);
    });
    at(0);
  })().catch((e) => { if (!signal.aborted) mount(box, errorBox(e)); });
  return () => { playing = false; };
}

