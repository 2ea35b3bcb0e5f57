// The live view of a run or an evaluation: Purdue map, plant mimic, trends, attack timeline,
// alert feed and denials, all fed by one server-sent event stream. For an evaluation the same
// panels show the run that is playing, plus a list of the runs that have finished.
import {json, cached, stream, session, request} from '../api.js';
import {h, mount, secs, statusBadge, outcomeBadge, severityBadge, badge, errorBox, info, triggerText, shortId} from '../dom.js';
import {purdueMap, legend} from '../purdue.js';
import {plantMimic} from '../mimic.js';
import {trends} from '../trends.js';
import {respondPanel} from './respond.js';

const TERMINAL = new Set(['finished', 'failed', 'cancelled', 'interrupted']);
const MAX_ITEMS = 200; // feed lengths: the page must stay light during a flood

export function render(el, kind, id) {
  const ac = new AbortController();
  const state = {destroyers: []};
  start(el, kind, id, ac.signal, state).catch((e) => {
    if (!ac.signal.aborted) mount(el, h('h1', null, `${kind} ${id}`), errorBox(e));
  });
  return () => {
    ac.abort();
    state.destroyers.forEach((fn) => fn());
  };
}

function base(kind, id) {
  return kind === 'run' ? `/api/runs/${encodeURIComponent(id)}` : `/api/evaluations/${encodeURIComponent(id)}`;
}

async function start(el, kind, id, signal, state) {
  mount(el, h('p', {class: 'hint'}, 'Loading…'));
  let obj = await json(base(kind, id), {signal});
  const params = obj.params || {};
  const [archRes, plant] = await (async () => {
    const a = await cached(`/api/library/architectures/${encodeURIComponent(params.architecture)}`);
    const spec = a.spec || a;
    const p = await cached(`/api/library/plants/${encodeURIComponent(spec.plant)}`);
    return [spec, p];
  })();

  // --- header ------------------------------------------------------------------------------------
  const title = h('h1', {title: id}, kind === 'run' ? `Run ${shortId(id)}` : `Evaluation ${shortId(id)}`);
  // Projector mode: no top bar, larger text; remembered for the next live view, left on leaving.
  const projector = h('button', {type: 'button', class: 'btn', 'data-testid': 'projector', 'aria-pressed': 'false'});
  const setProjector = (on) => {
    document.body.classList.toggle('projector', on);
    projector.setAttribute('aria-pressed', String(on));
    projector.textContent = on ? 'Leave projector mode' : 'Projector mode';
    try { localStorage.setItem('otlab.projector', on ? '1' : '0'); } catch (e) { /* private mode */ }
  };
  projector.addEventListener('click', () => setProjector(!document.body.classList.contains('projector')));
  let remembered = false;
  try { remembered = localStorage.getItem('otlab.projector') === '1'; } catch (e) { /* private mode */ }
  setProjector(remembered);
  state.destroyers.push(() => document.body.classList.remove('projector'));
  const statusEl = h('span', {'data-testid': 'live-status'});
  const clock = h('span', {class: 'clock', 'data-testid': 'sim-time', 'aria-live': 'off'}, '–');
  const bar = h('progress', {max: 1, value: 0, 'aria-label': 'progress'});
  const progressText = h('span', {class: 'hint', 'data-testid': 'progress-text'});
  const scenarioEl = h('span', {'data-testid': 'current-scenario'}, params.scenario || '–');
  // An evaluation with playbooks plays each scenario twice, undefended and defended (each event
  // says which in `play`): the panels follow one play, and the lists name each play.
  const defence = [].concat(params.playbooks || []);
  const playLabel = (pl) => (pl === 'defended' ? `defended by ${defence.join(', ') || 'its playbooks'}` : pl || '');
  const playKey = (sid, pl) => `${sid}|${pl || ''}`;
  const actions = h('div', {class: 'actions'});
  const notice = h('div', {'aria-live': 'polite'});
  // Time control (runs only): pause, resume, another speed, skip to the attack's next step.
  const clockCtl = h('div', {class: 'clock-controls', 'data-testid': 'clock-controls', role: 'group', 'aria-label': 'Run clock'});
  const clockState = h('span', {class: 'clock-state', 'data-testid': 'clock-state', 'aria-live': 'polite'});
  // Banners that narrate: the attack's last step has run; the verdict once the run is scored.
  const banner = h('div', {class: 'live-banners', 'data-testid': 'live-banner', 'aria-live': 'polite'});
  const counters = {
    allowed: h('span', {'data-testid': 'flows-total'}, '0'),
    denied: h('span', {'data-testid': 'denied-total'}, '0'),
    alerts: h('span', {'data-testid': 'alerts-total'}, '0'),
    steps: h('span', {'data-testid': 'steps-total'}, '0'),
  };
  const head = h('header', {class: 'live-head card'},
    h('div', {class: 'live-title'}, title, ' ', statusEl, ' ', projector),
    h('dl', {class: 'facts'},
      h('div', null, h('dt', null, 'architecture'), h('dd', null, h('a', {href: `#/library/architectures/${params.architecture}`}, params.architecture))),
      h('div', null, h('dt', null, kind === 'run' ? 'scenario' : 'playing'), h('dd', null, scenarioEl)),
      kind === 'evaluation' ? h('div', null, h('dt', null, 'suite'), h('dd', null, params.suite || '–')) : null,
      kind === 'evaluation' && defence.length ? h('div', null, h('dt', null, 'playbooks'), h('dd', {'data-testid': 'eval-playbooks'}, defence.join(', '))) : null,
      h('div', null, h('dt', null, 'detection'), h('dd', null, params.detection || '–')),
      h('div', null, h('dt', null, params.seeds > 1 ? 'seeds' : 'seed'), h('dd', null, params.seeds > 1 ? `${params.seed}..${params.seed + params.seeds - 1}` : String(params.seed ?? '–'))),
      kind === 'run' ? h('div', null, h('dt', null, 'speed'), h('dd', null, String(params.speed ?? '–'))) : null,
      h('div', null, h('dt', null, 'lab'), h('dd', {'data-testid': 'lab'}, params.lab === 'containers' ? 'containers' : 'embedded')),
      h('div', null, h('dt', null, 'simulated time'), h('dd', null, clock))),
    h('div', {class: 'progress-row'}, bar, ' ', progressText),
    h('p', {class: 'counters'},
      '→ allowed flows ', counters.allowed, ' · ✗ denied ', counters.denied, ' · ◉ alerts ', counters.alerts, ' · steps done ', counters.steps),
    kind === 'run' ? h('div', {class: 'clock-row'}, clockCtl, ' ', clockState) : null,
    banner, actions, notice);

  // --- panels ------------------------------------------------------------------------------------
  const map = purdueMap(archRes, {live: true});
  const mimic = plantMimic(plant);
  const trend = trends(plant);
  state.destroyers.push(() => trend.destroy());
  const timeline = h('ol', {class: 'timeline', 'data-testid': 'timeline'});
  const alerts = h('ol', {class: 'feed', 'data-testid': 'alerts', reversed: true});
  const denials = h('ol', {class: 'feed', 'data-testid': 'denials', reversed: true});
  const finished = h('ol', {class: 'feed', 'data-testid': 'eval-progress'});
  // Response actions (runs only): operators act, everyone sees each record as it is carried out.
  const respond = kind === 'run' ? respondPanel({base: base(kind, id), arch: archRes, plant, canOperate: session.canOperate}) : null;

  // Details of what was selected on the map, in the timeline or in the alert feed.
  const detailsTitle = h('h3', {id: 'details-title', 'data-testid': 'details-title', tabindex: -1}, 'Details');
  const detailsBody = h('div', {'data-testid': 'details-body'}, map.details(null));
  const detailsClose = h('button', {type: 'button', class: 'btn btn-small', 'data-testid': 'details-close', hidden: true, onclick: () => map.select(null)}, '✕ Clear selection');
  const detailsBox = h('section', {class: 'map-details', 'data-testid': 'details', 'aria-labelledby': 'details-title', 'aria-live': 'polite'},
    h('div', {class: 'map-details-head'}, detailsTitle, detailsClose), detailsBody);
  let selected = null;
  let detailsTimer = null;
  const DETAIL_KIND = {host: 'Host', conduit: 'Conduit', step: 'Step', alert: 'Alert'};
  map.onSelect((sel) => {
    selected = sel;
    detailsTitle.textContent = sel ? `${DETAIL_KIND[sel.kind]} ${sel.kind === 'alert' ? '' : sel.id}`.trim() : 'Details';
    detailsClose.hidden = !sel;
    detailsBody.replaceChildren(map.details(sel));
    alerts.querySelectorAll('li.alert').forEach((li) => li.classList.toggle('selected', Boolean(sel && sel.kind === 'alert' && li.dataset.key === sel.id)));
    timeline.querySelectorAll('li.step').forEach((li) => li.classList.toggle('selected', Boolean(sel && sel.kind === 'step' && li.dataset.step === sel.id)));
  });
  /** New traffic or alerts: the open details follow, at most twice a second. */
  function refreshDetails() {
    if (!selected || detailsTimer) return;
    detailsTimer = setTimeout(() => { detailsTimer = null; if (selected) detailsBody.replaceChildren(map.details(selected)); }, 500);
  }
  state.destroyers.push(() => clearTimeout(detailsTimer));
  /** A step or an alert picked outside the map: show it and take the reader there. */
  function showOnMap(sel) {
    map.select(sel);
    detailsTitle.focus();
  }

  // On a phone the trends and the denials start folded (one tap opens them), so the page is the
  // map, the plant, the timeline and the alerts first.
  const folded = new Set(window.matchMedia('(max-width: 560px)').matches ? ['p-trends', 'p-denials'] : []);
  const panel = (cls, heading, ...body) => h('section', {class: `panel ${cls}`, 'aria-labelledby': `h-${cls}`}, h('h2', {id: `h-${cls}`}, heading),
    ...(folded.has(cls) ? [h('details', {class: 'panel-fold'}, h('summary', null, 'Show'), ...body)] : body));
  const grid = h('div', {class: 'live-grid'},
    panel('p-map', 'Purdue map', h('div', {class: 'svg-wrap'}, map.el), legend(), detailsBox),
    panel('p-plant', `Plant: ${plant.title || plant.id}`, mimic.el),
    panel('p-trends', 'Trends over the whole run (true vs HMI, with limits; the attack shaded)', trend.el),
    panel('p-steps', 'Attack timeline', timeline),
    panel('p-alerts', 'Alert feed', alerts),
    respond ? panel('p-respond', 'Respond', respond.el) : null,
    panel('p-denials', 'Denied traffic', h('p', {class: 'hint'}, 'Every conduit denial, with the rule that denied it.'), denials),
    kind === 'evaluation' ? panel('p-eval', 'Finished runs', finished) : null);
  mount(el, head, grid);

  // --- state updates -----------------------------------------------------------------------------
  // An evaluation plays several scenarios at once (one per core), and their events interleave on
  // one stream. The panels follow one of them at a time: the first that shows up, until it
  // finishes; events of the others only feed the alert list and the finished-runs list. With
  // playbooks a scenario's two plays are two runs: the panels follow one play of it.
  let scenario = null;
  let followedPlay = null;
  const doneScenarios = new Set();
  const stepItems = new Map();
  let stepsDone = 0;
  let alertCount = 0;
  let deniedCount = 0;
  let finishedCount = 0;
  let lastClock = null;
  // A speed picked in the clock's list but not yet set. The controls are drawn anew with every
  // status (a poll every few seconds): without it, a redraw between picking and "Set speed" would
  // put the list back to the current speed, and the click would set that.
  let pickedSpeed = null;
  let sampled = false;
  // Until the first sample the panels are empty: say why, so nobody waits on a blank page.
  const starting = h('p', {class: 'banner banner-info', 'data-testid': 'starting'},
    h('strong', null, 'Starting the lab… '),
    'the plant, its controllers, the conduits’ relays and the benign operations come up first (10 to 20 s); the panels fill in as soon as it plays.');

  function setClock(t) {
    if (typeof t !== 'number') return;
    clock.textContent = secs(t);
  }

  /**
   * Whether an event belongs to the run the panels show, by its scenario and play (switching when
   * none is followed).
   */
  function follows(sid, pl) {
    if (!sid) return true;
    const p = pl || null;
    if (sid === scenario) return p === followedPlay;
    if (kind === 'run') return false;
    if (scenario === null && !doneScenarios.has(playKey(sid, p))) {
      setScenario(sid, p);
      return true;
    }
    return false;
  }

  /** An event of the followed run (or of no scenario): its alerts show on the map. */
  const ofFollowed = (ev) => !ev.scenario || (ev.scenario === scenario && (ev.play || null) === followedPlay);

  function showScenario() {
    scenarioEl.textContent = scenario + (followedPlay ? ` · ${playLabel(followedPlay)}` : '');
    if (followedPlay) scenarioEl.dataset.play = followedPlay; else delete scenarioEl.dataset.play;
  }

  async function setScenario(sid, pl) {
    if (!sid || (sid === scenario && pl === followedPlay)) return;
    scenario = sid;
    followedPlay = pl;
    showScenario();
    stepItems.clear();
    stepsDone = 0;
    counters.steps.textContent = '0';
    map.reset();
    trend.reset();
    mount(timeline, h('li', {class: 'hint'}, 'Loading the scenario…'));
    try {
      const spec = await cached(`/api/library/scenarios/${encodeURIComponent(sid)}`);
      if (scenario !== sid) return;
      timeline.querySelectorAll('li.hint').forEach((n) => n.remove());
      // Steps may have reported before the scenario file arrived: keep their place and outcome.
      const early = new Map(stepItems);
      stepItems.clear();
      timeline.replaceChildren();
      for (const st of spec.steps || []) {
        if (early.has(st.id)) {
          stepItems.set(st.id, early.get(st.id));
          timeline.append(early.get(st.id).li);
        } else {
          ensureStep(st.id, st.technique, triggerText(st.trigger));
        }
      }
      early.forEach((item, key) => { if (!stepItems.has(key)) { stepItems.set(key, item); timeline.append(item.li); } });
      if (!timeline.childNodes.length) timeline.append(h('li', {class: 'hint'}, 'This scenario has no attack steps.'));
    } catch (e) {
      mount(timeline, h('li', null, errorBox(e)));
    }
  }

  function ensureStep(stepId, technique, trigger) {
    if (stepItems.has(stepId)) return stepItems.get(stepId);
    const out = h('span', {class: 'outcome'}, outcomeBadge('PENDING'));
    const detail = h('div', {class: 'step-detail'}, trigger ? `trigger: ${trigger}` : '');
    const li = h('li', {class: 'step', 'data-step': stepId, 'data-outcome': 'PENDING'},
      h('div', {class: 'step-head'}, h('button', {type: 'button', class: 'linkish', 'data-testid': 'step-details', title: 'Show this step\'s traffic and hosts on the map', onclick: () => showOnMap({kind: 'step', id: stepId})}, h('strong', null, stepId)), ' ', h('code', null, technique || ''), ' ', out), detail);
    timeline.querySelectorAll('li.hint').forEach((n) => n.remove());
    timeline.append(li);
    const item = {li, out, detail, done: false};
    stepItems.set(stepId, item);
    return item;
  }

  function onStep(ev) {
    const item = ensureStep(ev.step, ev.technique, '');
    const outcome = String(ev.outcome || 'PENDING').toUpperCase();
    item.li.dataset.outcome = outcome;
    item.out.replaceChildren(outcomeBadge(outcome));
    const where = outcome === 'BLOCKED' ? ` at ${ev.conduit || '?'}${ev.rule ? `/${ev.rule}` : ' (default deny)'}` : '';
    mount(item.detail, `t=${secs(ev.t)} · ${ev.from || '?'} → ${ev.target || '–'}${where}`, ev.detail ? h('div', {class: 'hint'}, ev.detail) : null);
    if (!item.done && outcome !== 'PENDING' && outcome !== 'RUNNING') {
      item.done = true;
      stepsDone++;
      counters.steps.textContent = String(stepsDone);
    }
    map.step(ev);
    if (ev.from) map.attacker(ev.from);
    if (kind === 'run' && stepsDone > 0 && stepsDone === stepItems.size && !TERMINAL.has(obj.status)) {
      lastStepBanner(ev.t);
    }
  }

  function lastStepBanner(t) {
    if (banner.querySelector('[data-banner="last-step"]')) return;
    banner.append(h('p', {class: 'banner banner-info', 'data-banner': 'last-step'},
      h('strong', null, '⚑ The attack\'s last step has run'), ` at t=${secs(t)}. `,
      'The run plays on until the outcome is decided: the hazard is reached, or the plant holds past the scenario\'s length.',
      session.canOperate ? ' Use “Skip to the next step” to play the rest at full speed.' : ''));
  }

  /** The verdict of a finished run, in words, from the job's summary. */
  function verdictBanner(o) {
    banner.querySelectorAll('[data-banner="verdict"]').forEach((n) => n.remove());
    const s = o.summary;
    if (kind !== 'run' || o.status !== 'finished' || !s) return;
    const label = String(s.outcome || '').toUpperCase();
    let cls, icon, words;
    if (s.objectiveReached) {
      cls = 'banner-bad'; icon = '✖';
      words = [h('strong', null, 'Objective reached'), typeof s.objectiveTime === 'number' ? ` at t=${secs(s.objectiveTime)}` : '', '. The segmentation did not stop this attack.'];
    } else if (label === 'UNDECIDED') {
      cls = 'banner-warn'; icon = '?';
      words = [h('strong', null, 'Undecided'), ': the run reached its horizon before the outcome was clear.'];
    } else {
      cls = 'banner-good'; icon = '✔';
      words = [h('strong', null, 'Prevented'), s.blockedAt ? ` at ${s.blockedAt}` : '', s.outcomeText ? ` (${s.outcomeText})` : '', '.'];
    }
    words.push(s.detected ? ` Detected${typeof s.timeToDetect === 'number' ? ` ${secs(s.timeToDetect)} after the attack began` : ''}.` : ' Not detected.');
    banner.append(h('p', {class: `banner ${cls}`, 'data-banner': 'verdict', 'data-testid': 'verdict-banner'}, `${icon} `, ...words));
  }

  /** The clock controls for a playing run, and what the clock is doing. */
  function renderClock(c) {
    if (kind !== 'run') return;
    if (TERMINAL.has(obj.status)) { clockCtl.replaceChildren(); clockState.replaceChildren(); return; }
    if (c) lastClock = c;
    const cur = lastClock;
    if (!cur) { mount(clockState, h('span', {class: 'hint'}, 'Starting the lab…')); clockCtl.replaceChildren(); return; }
    const can = session.canOperate;
    const act = (body) => async (e) => {
      const btn = e.target;
      btn.disabled = true;
      try {
        const answer = await json(`${base(kind, id)}/clock`, {method: 'POST', body});
        if (body.action === 'speed') pickedSpeed = null;
        renderClock(answer);
        notice.replaceChildren();
      } catch (err) {
        mount(notice, errorBox(err));
      } finally {
        btn.disabled = !can;
      }
    };
    const shownSpeed = pickedSpeed ?? String(cur.speed);
    const speedSel = h('select', {'aria-label': 'Speed', 'data-testid': 'clock-speed', disabled: !can, onchange: (e) => { pickedSpeed = e.target.value; }},
      ...['1', '10', '60', '100', 'max'].map((v) => h('option', {value: v, selected: shownSpeed === v}, v === 'max' ? 'as fast as it goes' : `${v}×`)));
    mount(clockCtl,
      cur.paused
        ? h('button', {type: 'button', class: 'btn', 'data-testid': 'clock-resume', disabled: !can, onclick: act({action: 'resume'})}, '▶ Resume')
        : h('button', {type: 'button', class: 'btn', 'data-testid': 'clock-pause', disabled: !can, onclick: act({action: 'pause'})}, '❚❚ Pause'),
      ' ', speedSel,
      ' ', h('button', {type: 'button', class: 'btn', 'data-testid': 'clock-set-speed', disabled: !can, onclick: (e) => act({action: 'speed', speed: speedSel.value})(e)}, 'Set speed'),
      ' ', h('button', {type: 'button', class: 'btn', 'data-testid': 'clock-skip', disabled: !can, title: 'Play at full speed until the attack\'s next step (or the end), then return to this speed', onclick: act({action: 'skip'})}, '▶▶ Skip to the next step'),
      can ? null : h('span', {class: 'hint'}, ' Operators control the clock.'));
    mount(clockState,
      cur.paused ? badge('warn', 'paused', '❚❚') : cur.skipping ? badge('info', 'skipping ahead', '▶▶') : badge('good', `playing at ${cur.speed === 'max' ? 'full speed' : `${cur.speed}×`}`, '▶'));
  }

  function prepend(list, li) {
    list.prepend(li);
    while (list.childNodes.length > MAX_ITEMS) list.lastChild.remove();
  }

  function onAlert(ev) {
    alertCount++;
    counters.alerts.textContent = String(alertCount);
    const judged = ev.truePositive === true ? badge('good', 'true positive', '✔')
      : ev.truePositive === false ? badge('warn', 'false alarm', '✖') : null;
    // Alerts of the scenario the map shows link to their hosts on it.
    const key = ofFollowed(ev) ? map.alert(ev) : null;
    const hosts = [].concat(ev.hosts || []);
    refreshDetails();
    prepend(alerts, h('li', {class: 'alert', 'data-key': key},
      key && hosts.length ? h('button', {type: 'button', class: 'btn btn-small alert-show', 'data-testid': 'alert-show',
        onclick: () => showOnMap({kind: 'alert', id: key})}, `◉ Show ${hosts.join(', ')} on the map`) : null,
      h('div', null, h('span', {class: 'mono'}, `t=${secs(ev.t)}`), ' ', severityBadge(ev.severity), ' ', h('code', null, ev.technique || '–'), ' ', judged),
      h('div', null, ev.summary || ''),
      h('div', {class: 'hint'}, `${ev.detector || ''}${ev.rule ? `/${ev.rule}` : ''}${ev.hosts && ev.hosts.length ? ` · hosts ${[].concat(ev.hosts).join(', ')}` : ''}${kind === 'evaluation' && ev.scenario ? ` · ${ev.scenario}${ev.play ? ` (${playLabel(ev.play)})` : ''}` : ''}`)));
  }

  /** A response record: in the Respond panel, and on the attack timeline at its time. */
  function onResponse(ev) {
    if (!respond) return;
    respond.record(ev);
    const a = ev.action || {};
    timeline.querySelectorAll('li.hint').forEach((n) => n.remove());
    timeline.append(h('li', {class: 'response-step', 'data-testid': 'timeline-response', 'data-done': String(Boolean(ev.done))},
      h('div', {class: 'step-head'}, 'Response: ', h('strong', null, a.describe || a.kind || 'response'), ' ',
        ev.done ? badge('good', 'done', '✔') : badge('warn', 'refused', '✖')),
      h('div', {class: 'step-detail'}, `t=${secs(ev.time)} · ${ev.who || '?'}`)));
  }

  function onDenied(ev) {
    map.denied(ev);
    refreshDetails();
    prepend(denials, h('li', {class: 'denial', 'data-attack': ev.attack ? ev.step || 'attack' : null},
      h('div', null, h('span', {class: 'mono'}, `t=${secs(ev.t)}`), ' ', badge('bad', 'DENIED', '✗'), ' ',
        ev.attack ? [badge('bad', `attack ${ev.step || ''}`.trim(), '☠'), ' '] : null,
        `${ev.source || '?'} → ${ev.destination || '?'} `, h('code', null, [ev.protocol, ev.subject].filter(Boolean).join(' '))),
      h('div', {class: 'hint'}, `conduit ${ev.conduit || '?'} · ${ev.rule ? `rule ${ev.rule}` : 'default deny'}${ev.reason ? ` · ${ev.reason}` : ''}`)));
    // Count denial events, not the `denied` sums in flows: those may repeat the same denials.
    deniedCount++;
    counters.denied.textContent = String(deniedCount);
  }

  /**
   * One finished run of an evaluation; `result` is a sentence ("REACHED", "PREVENTED, blocked ...",
   * "UNDECIDED"); `pl` its play, when the evaluation has playbooks.
   */
  function addFinished(sid, result, reached, pl) {
    if ([...finished.querySelectorAll('li.eval-run')].some((li) => li.dataset.scenario === sid && (li.dataset.play || '') === (pl || ''))) return;
    finishedCount++;
    const text = typeof result === 'string' ? result : '';
    const isReached = reached !== undefined ? reached : /^reached/i.test(text);
    const undecided = /^undecided/i.test(text);
    finished.append(h('li', {class: 'eval-run', 'data-scenario': sid, 'data-play': pl || null},
      h('strong', null, `${finishedCount}. ${sid}`), pl ? [' ', h('span', {class: 'play'}, playLabel(pl))] : null, ' ',
      isReached ? badge('bad', 'objective reached', '✖')
        : undecided ? badge('warn', 'undecided at the horizon', '?') : badge('good', 'objective not reached', '✔'),
      text && !/^reached$/i.test(text) ? h('span', {class: 'hint'}, ` ${text}`) : null));
  }

  function onProgress(ev) {
    const pl = ev.play || null;
    doneScenarios.add(playKey(ev.scenario, pl));
    addFinished(ev.scenario, ev.result, undefined, pl);
    // The followed run is over: follow whichever plays next.
    if (ev.scenario === scenario && pl === followedPlay) scenario = null;
  }

  /** After the end, fill in runs whose progress events this page missed (it connected late). */
  async function completeFinished() {
    if (kind !== 'evaluation' || obj.status !== 'finished') return;
    try {
      const r = await json(`${base(kind, id)}/result`, {signal});
      // With playbooks the scorecards are the defended plays'.
      for (const c of r.scorecards || []) addFinished(c.scenario, null, c.objectiveReached, defence.length ? 'defended' : null);
    } catch (e) {
      if (!signal.aborted) finished.append(h('li', null, errorBox(e)));
    }
  }

  function setStatus(o) {
    obj = o;
    statusEl.replaceChildren(statusBadge(o.status));
    const p = o.progress || {};
    if (typeof p.fraction === 'number') bar.value = p.fraction;
    if (kind === 'run') {
      progressText.textContent = p.total ? `${secs(p.simulated)} of ${secs(p.total)} simulated` : '';
    } else {
      // The contract names the run count progress.total; the service sends totalRuns (and total in
      // simulated seconds). Prefer totalRuns when it is there.
      const total = p.totalRuns ?? p.total;
      const plays = p.plays ? [].concat(p.plays) : [].concat(p.current || []).map((sid) => ({scenario: sid}));
      progressText.textContent = total ? `${p.runs || 0} of ${total} runs finished${plays.length ? ` · playing ${plays.map((x) => (x.play ? `${x.scenario} (${x.play})` : x.scenario)).join(', ')}` : ''}` : '';
      const next = plays.find((x) => !doneScenarios.has(playKey(x.scenario, x.play)));
      if (scenario === null && next) setScenario(next.scenario, next.play || null);
    }
    renderActions();
    if (!sampled && !TERMINAL.has(o.status)) {
      if (!starting.isConnected) banner.prepend(starting);
      starting.firstChild.textContent = o.status === 'queued' ? 'Waiting for a free slot… ' : 'Starting the lab… ';
    } else {
      starting.remove();
    }
    if (o.clock) renderClock(o.clock); else renderClock(null);
    verdictBanner(o);
  }

  function renderActions() {
    const status = obj.status;
    if (respond && TERMINAL.has(status)) respond.ended();
    const nodes = [];
    if (TERMINAL.has(status)) {
      if (status === 'finished') {
        nodes.push(h('a', {class: 'btn btn-primary', href: `#/${kind === 'run' ? 'runs' : 'evaluations'}/${id}`, 'data-testid': 'open-scorecard'}, '▤ Open the scorecard'));
        if (kind === 'run') {
          nodes.push(' ', h('a', {class: 'btn', href: `#/runs/${encodeURIComponent(id)}/replay`, 'data-testid': 'open-replay'}, '▶ Replay it from its trace'));
        }
      } else {
        nodes.push(info(`This ${kind} ended as ${status}${obj.error ? `: ${obj.error.message || obj.error}` : ''}.`));
      }
    } else if (session.canOperate) {
      nodes.push(h('button', {type: 'button', class: 'btn btn-danger', 'data-testid': 'cancel', onclick: async (e) => {
        e.target.disabled = true;
        try {
          await request(`${base(kind, id)}/cancel`, {method: 'POST'});
          mount(notice, info('Cancel requested.'));
        } catch (err) {
          mount(notice, errorBox(err));
          e.target.disabled = false;
        }
      }}, '■ Cancel'));
    }
    mount(actions, nodes);
  }

  setStatus(obj);
  if (kind === 'run') setScenario(params.scenario, null);
  // The stream sends `status` only when it opens and when the job ends; progress in between
  // (runs finished, what is playing) comes from polling the job, which is cheap.
  const poll = setInterval(() => {
    if (!TERMINAL.has(obj.status)) json(base(kind, id), {signal}).then((o) => { if (!TERMINAL.has(obj.status)) setStatus(o); }).catch(() => {});
  }, 4000);
  state.destroyers.push(() => clearInterval(poll));

  // --- the stream --------------------------------------------------------------------------------
  let ended = false;
  const handlers = {
    status: (d) => setStatus(d),
    sample: (d) => {
      if (!sampled) { sampled = true; starting.remove(); }
      if (!follows(d.scenario, d.play)) return;
      setClock(d.t);
      mimic.update(d);
      trend.add(d);
      const p = obj.progress || {};
      if (kind === 'run' && p.total && typeof d.t === 'number') {
        bar.value = Math.min(1, d.t / p.total);
        progressText.textContent = `${secs(d.t)} of ${secs(p.total)} simulated`;
      }
    },
    flows: (d) => {
      // The service puts the scenario on each flow (and no time on the event).
      const mine = (d.flows || []).filter((f) => follows(f.scenario || d.scenario, f.scenario ? f.play : d.play));
      if (typeof d.t === 'number' && follows(d.scenario, d.play)) setClock(d.t);
      map.flows(mine);
      counters.allowed.textContent = String(map.totals.allowed);
      if (mine.length) refreshDetails();
    },
    denied: (d) => { if (follows(d.scenario, d.play)) onDenied(d); },
    step: (d) => { if (follows(d.scenario, d.play)) { setClock(d.t); onStep(d); trend.attackAt(d.t); } },
    alert: (d) => onAlert(d),
    response: (d) => onResponse(d),
    progress: (d) => onProgress(d),
    clock: (d) => renderClock(d),
    end: (d) => {
      ended = true;
      setStatus({...obj, status: d.status || obj.status});
      // The final object has the summary and the finish time.
      json(base(kind, id)).then((o) => { setStatus(o); completeFinished(); }).catch(() => {});
    },
  };
  let retries = 0;
  while (!signal.aborted && !ended) {
    try {
      await stream(`${base(kind, id)}/live`, (type, data) => {
        const fn = handlers[type];
        if (fn) fn(data);
      }, signal);
      retries = 0;
    } catch (e) {
      if (signal.aborted) return;
      if (e.status && e.status < 500) { mount(notice, errorBox(e)); return; }
      retries++;
    }
    if (ended || signal.aborted) break;
    // The stream closed without `end` (proxy timeout, server restart): check, then reconnect.
    try {
      const o = await json(base(kind, id), {signal});
      setStatus(o);
      if (TERMINAL.has(o.status)) { completeFinished(); break; }
    } catch (e) {
      if (signal.aborted) return;
    }
    mount(notice, h('p', {class: 'hint'}, '… reconnecting to the live stream'));
    await new Promise((r) => setTimeout(r, Math.min(10000, 1000 * 2 ** Math.min(retries, 3))));
    notice.replaceChildren();
  }
}
