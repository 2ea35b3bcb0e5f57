// Scorecards: one finished run, or a finished evaluation (sub-scores, per-scenario table, ATT&CK
// coverage matrix, static findings, per-zone estimate) with the downloads. Field names follow the
// records of dev.otlab.scoring in scenarios/scoring (Scorecard, Evaluation, TechniqueCoverage, SubScores).
import {json, cached, download, openHtml, request, session} from '../api.js';
import {h, mount, num, secs, table, statusBadge, outcomeBadge, severityBadge, badge, yesNo, errorBox, info, shortId} from '../dom.js';
import {term, verdictBox, severityBadges, GLOSSARY} from '../words.js';
import {responseItem} from './respond.js';

export function render(el, kind, id) {
  let stopped = false;
  (kind === 'run' ? renderRun : renderEvaluation)(el, id, () => stopped).catch((e) => {
    if (!stopped) mount(el, h('h1', null, `${kind} ${id}`), errorBox(e));
  });
  return () => { stopped = true; };
}

function notFinished(el, kind, obj) {
  const plural = kind === 'run' ? 'runs' : 'evaluations';
  const active = obj.status === 'queued' || obj.status === 'running';
  mount(el, h('h1', {title: obj.id}, `${kind === 'run' ? 'Run' : 'Evaluation'} ${shortId(obj.id)} `, statusBadge(obj.status)),
    info(active ? `The ${kind} is still ${obj.status}; its scorecard comes when it has finished.` : `The ${kind} ended as ${obj.status}: there is no scorecard.`),
    obj.error ? errorBox(obj.error) : null,
    active ? h('p', null, h('a', {class: 'btn btn-primary', href: `#/${plural}/${obj.id}/live`}, '▶ Watch it live')) : null);
}

function downloads(items) {
  const status = h('span', {'aria-live': 'polite'});
  return h('section', {class: 'panel downloads', 'aria-labelledby': 'h-dl'}, h('h2', {id: 'h-dl'}, 'Downloads'),
    h('ul', {class: 'dl-list'}, items.map(([label, path, file, html]) => h('li', null,
      h('button', {type: 'button', class: 'btn btn-small', 'data-download': path, onclick: async () => {
        status.textContent = '';
        try {
          if (html) await openHtml(path); else await download(path, file);
        } catch (e) {
          mount(status, errorBox(e));
        }
      }}, `↓ ${label}`)))), status);
}

// --- pieces shared by run and evaluation scorecards -----------------------------------------------

/**
 * Coverage classes of dev.otlab.scoring.CoverageClass, best to worst: a technique's row shows the
 * worst class of its step instances; only PREVENTED is green, so a technique that succeeded
 * anywhere never shows green.
 */
export const COVERAGE = {
  PREVENTED: {kind: 'good', icon: '⊘', word: 'prevented', score: 100},
  DETECTED_BEFORE_IMPACT: {kind: 'warn', icon: '◉', word: 'detected before impact', score: 50},
  DETECTED_AFTER_IMPACT: {kind: 'late', icon: '◎', word: 'detected after impact', score: 25},
  SUCCEEDED_UNSEEN: {kind: 'bad', icon: '✖', word: 'succeeded unseen', score: 0},
};
const ORDER = Object.keys(COVERAGE);

export function coverageBadge(cls) {
  const c = COVERAGE[cls] || {kind: 'neutral', icon: '?', word: String(cls || 'unknown').toLowerCase()};
  return badge(c.kind, c.word, c.icon);
}

/** ATT&CK coverage matrix: per technique its class, step instances per class, score, where stopped. */
export function coverageMatrix(coverage) {
  const n = (v, cls) => (v > 0 ? badge(COVERAGE[cls].kind, String(v)) : h('span', {class: 'zero'}, '0'));
  const rows = (coverage || []).map((c) => ({...c, __attrs: {'data-technique': c.technique, 'data-coverage': c.coverageClass}}));
  return table([
    {label: 'technique', cell: (c) => h('span', null, h('code', null, c.technique), ' ', c.name && c.name !== c.technique ? c.name : '')},
    {label: 'tactics', cell: (c) => (c.tactics || []).join(', ') || '–'},
    {label: 'coverage', cell: (c) => coverageBadge(c.coverageClass)},
    {label: 'step instances', cell: (c) => (c.attempts > c.ran ? `${c.ran} (${c.attempts} attempts)` : String(c.ran)), class: 'num'},
    {label: 'prevented', cell: (c) => n(c.prevented, 'PREVENTED'), class: 'num'},
    {label: 'detected before impact', cell: (c) => n(c.detectedBeforeImpact, 'DETECTED_BEFORE_IMPACT'), class: 'num'},
    {label: 'detected after impact', cell: (c) => n(c.detectedAfterImpact, 'DETECTED_AFTER_IMPACT'), class: 'num'},
    {label: 'succeeded unseen', cell: (c) => n(c.succeededUnseen, 'SUCCEEDED_UNSEEN'), class: 'num'},
    {label: 'score', cell: (c) => `${num(c.score, 0)} %`, class: 'num'},
    {label: 'stopped at / seen by', cell: (c) => h('small', null,
      Object.entries(c.stoppedAt || {}).map(([k, v]) => `${k} ×${v}`).join('; '),
      (c.detectedBy || []).length ? ` · seen by ${(c.detectedBy || []).join(', ')}` : '')},
  ], rows, {'aria-label': 'ATT&CK for ICS coverage', 'data-testid': 'coverage-matrix', empty: 'No attack step ran.'});
}

/**
 * The same matrix computed from scorecards' steps, as TechniqueCoverage.of does: attempts of one run
 * with the same technique, target and operation are one instance (a repeated step counts once); an
 * instance is prevented unless an attempt succeeded, else classed by its first linked alert against
 * the run's impact time; a technique takes its worst instance and the mean class value as score.
 */
export function coverageOf(cards) {
  const m = new Map();
  for (const c of cards) {
    const impact = (c.impact || {}).impactTime;
    const groups = new Map();
    for (const st of c.steps || []) {
      if (st.outcome === 'NOT_RUN' || st.hostMissing) continue;
      const key = [st.technique, st.target || '', st.operation || ''].join('\u0000');
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(st);
    }
    for (const attempts of groups.values()) {
      const first = attempts[0];
      const succeeded = attempts.some((st) => st.outcome === 'SUCCEEDED');
      const seen = attempts.map((st) => st.detectedAt).filter((t) => t !== null && t !== undefined);
      const at = seen.length ? Math.min(...seen) : null;
      const cls = !succeeded ? 'PREVENTED'
        : at === null ? 'SUCCEEDED_UNSEEN'
          : (impact === null || impact === undefined || at <= impact) ? 'DETECTED_BEFORE_IMPACT' : 'DETECTED_AFTER_IMPACT';
      const e = m.get(first.technique) || {technique: first.technique, name: first.technique, tactics: [], coverageClass: 'PREVENTED',
        ran: 0, attempts: 0, prevented: 0, detectedBeforeImpact: 0, detectedAfterImpact: 0, succeededUnseen: 0, sum: 0, stoppedAt: {}, detectedBy: []};
      e.ran++;
      e.attempts += attempts.length;
      e.sum += COVERAGE[cls].score;
      if (ORDER.indexOf(cls) > ORDER.indexOf(e.coverageClass)) e.coverageClass = cls;
      const counter = {PREVENTED: 'prevented', DETECTED_BEFORE_IMPACT: 'detectedBeforeImpact', DETECTED_AFTER_IMPACT: 'detectedAfterImpact', SUCCEEDED_UNSEEN: 'succeededUnseen'}[cls];
      e[counter]++;
      if (!succeeded) {
        const where = first.outcome === 'BLOCKED' ? blockedWhere(first) : 'failed: device or posture';
        e.stoppedAt[where] = (e.stoppedAt[where] || 0) + 1;
      }
      e.detectedBy = [...new Set([...e.detectedBy, ...attempts.flatMap((st) => st.detectedBy || [])])].sort();
      m.set(first.technique, e);
    }
  }
  return [...m.values()].map(({sum, ...e}) => ({...e, score: Math.round((10 * sum) / e.ran) / 10}))
    .sort((a, b) => a.technique.localeCompare(b.technique));
}

/**
 * The run's decided outcome as a badge: reached (with its time), prevented (where the chain broke
 * and why) or undecided at the horizon (with the trend's projection); only prevented earns credit.
 * Scorecards saved before outcomes fall back on objectiveReached.
 */
export function runOutcome(c) {
  const o = c.outcome;
  if (!o) return c.objectiveReached ? badge('bad', `reached ${secs(c.objectiveTime)}`, '✖') : badge('good', 'prevented', '✔');
  if (o.kind === 'REACHED') {
    // One clock: since the attack began when the scorecard knows when that was, else run time.
    const since = typeof c.attackStart === 'number';
    const when = since ? `${secs(Math.max(0, o.time - c.attackStart))} after the attack began` : `at ${secs(o.time)} of run time`;
    return h('span', {'data-outcome': 'REACHED', title: o.pastLength ? 'after the scenario length: the run played on to decide' : ''},
      badge('bad', `goal reached ${when}${o.pastLength ? ' (played on)' : ''}`, '✖'));
  }
  if (o.kind === 'PREVENTED') {
    const where = o.step ? `at ${o.step}` : (o.cause === 'SIS_TRIPPED' ? 'by the SIS' : 'process settled');
    return h('span', {'data-outcome': 'PREVENTED', title: o.reason || ''},
      badge('good', `prevented ${where}`, '✔'), o.conduit ? h('small', {class: 'hint'}, o.conduit === 'perimeter' ? ' no way in' : ` ${o.conduit}${o.rule ? `/${o.rule}` : ' (default deny)'}`) : null);
  }
  const projection = typeof o.projectedTime === 'number' ? `, trend meets limit at ${secs(o.projectedTime)}` : '';
  return h('span', {'data-outcome': 'UNDECIDED', title: o.reason || ''},
    badge('warn', `undecided at ${secs(o.horizon)} of run time${projection}`, '?'), h('small', {class: 'hint'}, ' no prevention credit'));
}

export function blockedWhere(st) {
  if (!st.conduit) return '';
  if (st.conduit === 'perimeter') return 'perimeter (no way in)';
  return st.conduit + (st.rule ? `/${st.rule}` : ' (default deny)');
}

function stepsTable(steps) {
  return table([
    {label: 'step', cell: (st) => st.step},
    {label: 'technique', cell: (st) => h('code', null, st.technique)},
    {label: 'start', cell: (st) => secs(st.start), class: 'num'},
    {label: 'from → target', cell: (st) => `${st.fromHost || '?'} → ${st.target || '–'}`},
    {label: 'outcome', cell: (st) => outcomeBadge(st.outcome)},
    {label: 'blocked at', cell: (st) => blockedWhere(st) || '–'},
    {label: 'detected by', cell: (st) => ((st.detectedBy || []).length ? st.detectedBy.join(', ') : badge('muted', 'not detected', '○'))},
    {label: 'detail', cell: (st) => h('small', null, st.detail || '')},
  ], steps || [], {'aria-label': 'attack steps'});
}

export function findingsTable(findings) {
  return table([
    {label: 'severity', cell: (f) => severityBadge(f.severity)},
    {label: 'check', cell: (f) => h('code', null, f.id)},
    // otlab check groups findings alike (count > 1): the message is the first one's, the elements all of theirs.
    {label: 'what is wrong', cell: (f) => (f.count > 1 ? `${f.message} (and ${f.count - 1} more alike)` : f.message)},
    {label: 'elements', cell: (f) => h('small', null, (f.elements || []).join(', '))},
    {label: 'fix', cell: (f) => h('small', null, f.fix || '')},
  ], findings || [], {'aria-label': 'static findings', 'data-testid': 'findings', empty: 'No findings: every static check passed.'});
}

function facts(pairs) {
  return h('dl', {class: 'facts'}, pairs.filter(Boolean).map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))));
}

function section(title, testid, ...body) {
  const id = `h-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return h('section', {class: 'panel', 'aria-labelledby': id, 'data-testid': testid}, h('h2', {id}, title), ...body);
}

// Each card uses one clock and says which: the Objective, Impact and Detection cards count from
// the attack's first step (GLOSSARY 'since-attack').
function clockNote(attackStart) {
  return h('p', {class: 'clock-note', 'data-testid': 'clock'}, 'Clock: ', term('since-attack', 'Times since the attack began'),
    typeof attackStart === 'number' ? ` (it began ${secs(attackStart)} into the run)` : ' (no attack step ran)');
}

function impactFacts(im, attackStart) {
  const impactSince = im.timeToImpact === null || im.timeToImpact === undefined ? null : im.timeToImpact;
  const worstSince = typeof im.worstTime === 'number' && typeof attackStart === 'number' ? im.worstTime - attackStart : null;
  return facts([
    [term('harm'), h('span', {'data-testid': 'harm'}, num(im.harm, 2), im.harm > 0 ? ' ' : null, im.harm > 0 ? badge('bad', 'harm done', '✖') : badge('neutral', 'no physical harm', '○'))],
    ['harm began', impactSince === null ? 'never' : `${secs(impactSince)} after the attack began (${im.firstLimit || 'objective'})`],
    [term('envelope'), `${secs(im.outsideSeconds)} (without the attack: ${secs(im.twinOutsideSeconds)})`],
    ['worst excursion', im.worstLimit ? `${num(im.worstExcursion * 100, 1)} % beyond ${im.worstLimit}${worstSince !== null ? `, ${secs(Math.max(0, worstSince))} after the attack began` : ''}` : 'none'],
    [term('sis-trip', 'safety-system trips'), `${im.sisTrips} (without the attack: ${im.twinSisTrips})`],
    ['production lost', `${num(im.productionLost)} ${im.productionUnit || ''} (${num((im.productionLostFraction || 0) * 100, 1)} %)`],
    [term('baseline', 'compared with'), 'the same run without the attack'],
  ]);
}

/**
 * Detection in words. When the goal was reached, an alert is at best a partial success: amber with
 * "seen, but not stopped", never the green of a prevented attack.
 */
function detectionFacts(d, reached) {
  const seen = !(d.timeToDetect === null || d.timeToDetect === undefined);
  const before = d.detectedBeforeImpact
    ? (reached ? badge('warn', 'yes, but the goal was still reached', '◐') : yesNo(true))
    : yesNo(false);
  return facts([
    // A fact, not a success: neither green nor red.
    [term('observable'), d.observable === undefined ? '–' : badge('neutral', d.observable ? 'yes' : 'no', d.observable ? '●' : '○')],
    [term('time-to-detect'), !seen ? badge('warn', 'not detected', '○') : `${secs(d.timeToDetect)} after the attack began, by ${d.firstDetector || '?'}`],
    ['seen before the harm', seen ? before : '–'],
    [term('warning-time'), d.margin === null || d.margin === undefined ? '–' : secs(d.margin)],
    [h('span', null, term('true-alert', 'true'), ' / ', term('false-alert', 'false alerts')), `${d.trueAlerts} / ${d.falseAlerts}`],
    [term('detection-credit'), num(d.credit, 2)],
  ]);
}

/** The card's headline state, in words and colour. */
function cardState(kind, text, icon) {
  return h('p', {class: `card-state card-state-${kind}`, 'data-state': kind}, badge(kind, text, icon));
}

function detectionState(d, reached) {
  if (!d.observable) return cardState('muted', 'nothing to see', '–');
  const seen = !(d.timeToDetect === null || d.timeToDetect === undefined);
  if (!seen) return cardState('bad', 'not detected', '○');
  if (reached) return cardState('warn', 'partial: seen, but the attack still reached its goal', '◐');
  return cardState(d.detectedBeforeImpact ? 'good' : 'warn', d.detectedBeforeImpact ? 'seen in time' : 'seen after the harm', '◉');
}

/**
 * The name and note people gave a run or evaluation; operators edit them in place
 * (PATCH /api/runs|evaluations/{id}).
 */
export function labelPanel(kind, job, onSaved) {
  const plural = kind === 'run' ? 'runs' : 'evaluations';
  const shown = h('div', {'data-testid': 'label'},
    job.name ? h('p', {class: 'job-name'}, h('strong', null, job.name)) : h('p', {class: 'hint'}, `This ${kind} has no name yet.`),
    job.note ? h('p', {class: 'job-note', 'data-testid': 'job-note'}, job.note) : null);
  if (!session.canOperate) return h('section', {class: 'panel label-panel', 'aria-labelledby': 'h-label'}, h('h2', {id: 'h-label'}, 'Name and note'), shown);
  const name = h('input', {id: 'lbl-name', name: 'name', maxlength: 80, value: job.name || '', 'data-testid': 'label-name'});
  const note = h('textarea', {id: 'lbl-note', name: 'note', rows: 3, maxlength: 2000, 'data-testid': 'label-note'});
  note.value = job.note || '';
  const status = h('div', {'aria-live': 'polite', 'data-testid': 'label-status'});
  const form = h('form', {class: 'label-form', 'data-testid': 'label-form', onsubmit: async (e) => {
    e.preventDefault();
    mount(status, 'Saving…');
    try {
      const saved = await request(`/api/${plural}/${encodeURIComponent(job.id)}`, {method: 'PATCH', body: {name: name.value, note: note.value}}).then((r) => r.json());
      mount(status, h('span', {class: 'msg msg-ok', role: 'status'}, '✔ Saved.'));
      if (onSaved) onSaved(saved);
    } catch (err) {
      mount(status, errorBox(err));
    }
  }},
  h('div', {class: 'field'}, h('label', {for: 'lbl-name'}, 'Name'), name, h('small', {class: 'hint'}, 'One line, up to 80 characters; shown in lists instead of the id.')),
  h('div', {class: 'field'}, h('label', {for: 'lbl-note'}, 'Note'), note),
  h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'btn btn-small'}, '✎ Save name and note')), status);
  return h('section', {class: 'panel label-panel', 'aria-labelledby': 'h-label'}, h('h2', {id: 'h-label'}, 'Name and note'), shown,
    h('details', null, h('summary', null, 'Edit'), form));
}

const OUTCOME_HEAD = {REACHED: 'goal reached', PREVENTED: 'attack prevented', UNDECIDED: 'undecided'};

// --- run --------------------------------------------------------------------------------------------

async function renderRun(el, id, isStopped) {
  mount(el, h('p', {class: 'hint'}, 'Loading…'));
  const run = await json(`/api/runs/${encodeURIComponent(id)}`);
  if (isStopped()) return;
  if (run.status !== 'finished') { notFinished(el, 'run', run); return; }
  const sc = await json(`/api/runs/${encodeURIComponent(id)}/scorecard`);
  const arch = await cached(`/api/library/architectures/${encodeURIComponent(sc.architecture)}`).catch(() => null);
  if (isStopped()) return;
  const p = `/api/runs/${encodeURIComponent(id)}`;
  // A run started with packet captures lists its sensors; any other answers 404 PCAP_NOT_RECORDED.
  const captures = await json(`${p}/pcap`).catch(() => null);
  if (isStopped()) return;
  const pcapItems = ((captures && captures.sensors) || []).flatMap((s) => {
    const q = `${p}/pcap?sensor=${encodeURIComponent(s.name)}`;
    return [
      [`pcap ${s.sensor} (${s.frames} frames)`, q, `run-${id}-${s.name}.pcap`],
      [`${s.sensor} flow labels (CSV)`, `${q}&format=flows`, `run-${id}-${s.name}.flows.csv`],
      [`${s.sensor} packet labels (CSV)`, `${q}&format=packets`, `run-${id}-${s.name}.packets.csv`],
    ];
  });
  // What defenders did (an operator, the playbooks the run was started with): empty when nobody did.
  const responses = await json(`${p}/responses`).catch(() => []);
  if (isStopped()) return;
  const ops = sc.operations || {};
  const kindOf = (sc.outcome && sc.outcome.kind) || (sc.objectiveReached ? 'REACHED' : 'PREVENTED');
  const reached = kindOf === 'REACHED';
  const harmed = ((sc.impact || {}).harm || 0) > 0;
  // A prevented attack is not titled with its goal as if it happened: the title says the outcome,
  // the scenario's title is what was attempted.
  mount(el,
    h('div', {class: 'page-head'}, h('h1', {'data-testid': 'scorecard-title', title: id},
      run.name ? `“${run.name}”: ` : 'Scorecard: ', `${sc.scenario}, ${OUTCOME_HEAD[kindOf] || kindOf.toLowerCase()}`), statusBadge(run.status)),
    verdictBox(sc.verdict, kindOf),
    h('p', {class: 'hint'}, `Attempted: ${sc.title || sc.scenario} · run ${shortId(id)} · ${sc.architecture} · detection ${(run.params || {}).detection || '–'} · seed ${sc.seed} · ${secs(sc.durationSeconds)} of run time · ${(run.params || {}).lab === 'containers' ? 'across the container lab' : 'embedded lab'} · `,
      h('a', {href: `#/runs/${encodeURIComponent(id)}/replay`, 'data-testid': 'scorecard-replay'}, 'replay it from its trace'), ' · ', h('a', {href: '#/glossary'}, 'glossary')),
    labelPanel('run', run, () => renderRun(el, id, isStopped)),
    h('div', {class: 'score-grid'},
      section('Objective', 'objective', cardState(reached ? 'bad' : kindOf === 'PREVENTED' ? 'good' : 'warn', reached ? 'goal reached' : kindOf === 'PREVENTED' ? 'prevented' : 'undecided', reached ? '✖' : kindOf === 'PREVENTED' ? '✔' : '?'),
        clockNote(sc.attackStart), facts([
          ['goal', `${sc.objective} (${sc.objectiveKind})`],
          ['outcome', runOutcome(sc)],
          ['why', (sc.outcome && sc.outcome.reason) || '–'],
          [term('foothold'), sc.foothold || 'none (no way in)'],
          [term('attacker-level'), `SL ${sc.attackerLevel}`],
          ['zones aimed at', (sc.objectiveZones || []).join(', ') || '–'],
        ])),
      section('Physical impact', 'impact', cardState(harmed || reached ? 'bad' : 'good', harmed ? 'harm done' : reached ? 'goal reached without physical harm' : 'no harm', harmed || reached ? '✖' : '✔'),
        clockNote(sc.attackStart), impactFacts(sc.impact || {}, sc.attackStart)),
      section('Detection', 'detection', detectionState(sc.detection || {}, reached || harmed),
        clockNote(sc.attackStart), detectionFacts(sc.detection || {}, reached || harmed)),
      section('Operations', 'operations', facts([
        ['benign operations', String(ops.benign ?? '–')],
        ['denied by a conduit', ops.denied ? badge('warn', String(ops.denied), '✗') : '0'],
        ['failed otherwise', String(ops.failed ?? 0)],
        ['denied by', Object.entries(ops.deniedBy || {}).map(([k, v]) => `${k} ×${v}`).join('; ') || '–'],
        ['false alerts per hour', num(ops.falseAlertsPerHour, 1)],
      ]))),
    section('Attack steps', 'steps', stepsTable(sc.steps)),
    responses.length || ((run.params || {}).playbooks || []).length ? section('Responses', 'responses',
      ((run.params || {}).playbooks || []).length ? h('p', {class: 'hint'}, `Defended by ${run.params.playbooks.join(', ')}.`) : null,
      responses.length ? h('ol', {class: 'feed'}, responses.map(responseItem)) : info('No response was taken.')) : null,
    section('ATT&CK for ICS coverage', 'coverage', coverageMatrix(coverageOf([sc]))),
    arch ? section('Static findings of the architecture', 'static', h('p', null, severityBadges((arch.check || {}).findings || [])), findingsTable((arch.check || {}).findings)) : null,
    downloads([
      ['trace (JSON lines)', `${p}/trace?format=jsonl`, `run-${id}-trace.jsonl`],
      ['samples (CSV)', `${p}/trace?format=csv`, `run-${id}-samples.csv`],
      ['alerts (JSON lines)', `${p}/alerts?format=jsonl`, `run-${id}-alerts.jsonl`],
      ['alerts (CEF)', `${p}/alerts?format=cef`, `run-${id}-alerts.cef`],
      ['scorecard (JSON)', `${p}/scorecard`, `run-${id}-scorecard.json`],
      ['printable report', `${p}/report`, '', true],
      ...pcapItems,
    ]));
}

// --- evaluation ---------------------------------------------------------------------------------------

/** Sub-scores: the contract names them subScores, the Evaluation record `scores`; take either. */
export function scoresOf(result) {
  return result.subScores || result.scores || {};
}

// A mean over several seeds with its 95% interval (docs/scoring.md, "Intervals"), or nothing for
// one seed, whose interval is the point itself.
export function intervalText(i) {
  if (!i || !(i.n > 1)) return null;
  return `95% [${num(i.low, 1)}, ${num(i.high, 1)}] over ${i.n} seeds`;
}

export function subScores(sc, intervals) {
  const iv = intervals || {};
  const meter = (label, v, hint) => h('div', {class: 'subscore', 'data-score': label, title: GLOSSARY['sub-scores'][1]},
    h('div', {class: 'subscore-label'}, label),
    v === null || v === undefined
      ? h('div', {class: 'subscore-value'}, 'n/a', h('small', {class: 'hint'}, ' (no detection profile)'))
      : [h('div', {class: 'subscore-value'}, num(v, 1)), h('meter', {min: 0, max: 100, low: 50, high: 80, optimum: 100, value: v, 'aria-label': `${label} ${num(v, 1)} of 100`}),
        intervalText(iv[label]) ? h('small', {class: 'interval', 'data-testid': `interval-${label}`}, intervalText(iv[label])) : null],
    hint ? h('small', {class: 'hint'}, hint) : null);
  return h('div', {class: 'subscores', 'data-testid': 'subscores'},
    meter('total', sc.total, 'weighted mean'),
    meter('prevention', sc.prevention, 'runs decided prevented'),
    meter('detection', sc.detection, 'seen before impact, fast'),
    meter('impact', sc.impact, '100 = no physical harm'),
    meter('operations', sc.operations, typeof sc.deniedFraction === 'number' ? `${num(sc.deniedFraction * 100, 1)} % benign denied · ${num(sc.falseAlertsPerHour, 1)} false alerts/h` : 'benign ops and false alerts'));
}

export function scenarioTable(cards, reach) {
  // Over several seeds: in how many the objective was reached (the other columns: the first seed).
  const byScenario = new Map((reach || []).map((x) => [x.scenario, x]));
  const several = (reach || []).some((x) => x.seeds > 1);
  return table([
    {label: 'scenario', cell: (c) => h('span', null, h('strong', null, c.scenario), h('br'), h('small', null, c.title || ''))},
    {label: 'kind', cell: (c) => h('span', {title: 'attacker skill, IEC 62443 security level'}, `${c.objectiveKind} · attacker SL ${c.attackerLevel}`)},
    several ? {label: 'reached in seeds', cell: (c) => {
      const x = byScenario.get(c.scenario);
      if (!x) return '–';
      const s = x.share || {};
      return h('span', {title: `share ${num(s.mean * 100, 0)} %, 95% Wilson interval ${num(s.low * 100, 0)}–${num(s.high * 100, 0)} %; reached with seeds ${(x.reachedWith || []).join(', ') || 'none'}`},
        badge(x.reached === 0 ? 'good' : x.reached === x.seeds ? 'bad' : 'warn', `${x.reached}/${x.seeds}`));
    }} : null,
    {label: 'outcome', cell: (c) => runOutcome(c)},
    {label: 'blocked at', cell: (c) => {
      const b = (c.steps || []).find((st) => st.outcome === 'BLOCKED');
      return b ? `${b.step}: ${blockedWhere(b)}` : '–';
    }},
    {label: 'steps', cell: (c) => h('span', {class: 'step-icons'}, (c.steps || []).map((st) => h('span', {title: `${st.step} ${st.technique}: ${st.outcome}`}, outcomeBadge(st.outcome))))},
    {label: 'detected', cell: (c) => {
      const d = c.detection || {};
      if (!d.observable) return badge('muted', 'nothing to see', '–');
      if (d.timeToDetect === null || d.timeToDetect === undefined) return badge('warn', 'not detected', '○');
      // Seen but not stopped: partial at best, never the green of a prevented attack.
      if (c.objectiveReached) return badge('warn', `seen after ${secs(d.timeToDetect)}, goal still reached`, '◐');
      return badge(d.detectedBeforeImpact ? 'good' : 'warn', `${secs(d.timeToDetect)}${d.detectedBeforeImpact ? '' : ' (after the harm)'}`, '◉');
    }},
    {label: 'harm (0–1)', cell: (c) => h('span', {title: 'h = max(envelope, production, safety-system harm); 0 none, 1 worst'}, num((c.impact || {}).harm, 2)), class: 'num'},
    {label: 'false alerts', cell: (c) => String((c.detection || {}).falseAlerts ?? 0), class: 'num'},
    {label: 'benign denied', cell: (c) => String((c.operations || {}).denied ?? 0), class: 'num'},
  ].filter(Boolean), cards || [], {'aria-label': 'per-scenario results', 'data-testid': 'scenario-table'});
}

function seedsText(r) {
  const seeds = r.seeds || [r.seed];
  return seeds.length > 1 ? `seeds ${seeds[0]}..${seeds[seeds.length - 1]}` : `seed ${r.seed}`;
}

/** An evaluation's DefenceSummary: what its playbooks averted and what responding cost. */
function defenceFacts(d) {
  return h('div', null,
    facts([
      ['playbooks', (d.defence || []).join(', ') || '–'],
      ['runs', String(d.runs ?? '–')],
      ['averted', d.averted ? badge('good', `${d.averted} of ${d.reachedUndefended} reached undefended`, '✔') : `0 of ${d.reachedUndefended ?? 0} reached undefended`],
      ['still reached', d.reached ? badge('bad', String(d.reached), '✖') : '0'],
      ['mean harm averted', num(d.meanHarmAverted, 2)],
      ['contained', String(d.contained ?? 0)],
      ['mean time to contain', typeof d.meanTimeToContain === 'number' ? secs(d.meanTimeToContain) : '–'],
      ['responses', String(d.responses ?? 0)],
      ['benign operations the responses denied', d.extraDenied ? badge('warn', String(d.extraDenied), '✗') : '0'],
      ['mean production lost to responding', num(d.meanExtraProductionLost, 2)],
      ['false-alarm responses (benign twin)', d.falseAlarmResponses ? badge('warn', String(d.falseAlarmResponses), '!') : '0'],
      ['benign operations denied in the twin', String(d.falseAlarmDenied ?? 0)],
    ]),
    (d.scenarios || []).length ? table([
      {label: 'scenario', cell: (x) => x.scenario},
      {label: 'seeds', cell: (x) => String(x.seeds), class: 'num'},
      {label: 'reached undefended', cell: (x) => String(x.reachedUndefended), class: 'num'},
      {label: 'reached defended', cell: (x) => String(x.reached), class: 'num'},
      {label: 'mean harm averted', cell: (x) => num(x.meanHarmAverted, 2), class: 'num'},
      {label: 'mean time to contain', cell: (x) => (typeof x.meanTimeToContain === 'number' ? secs(x.meanTimeToContain) : '–')},
      {label: 'benign ops denied by responses', cell: (x) => String(x.extraDenied), class: 'num'},
    ], d.scenarios, {'aria-label': 'defence per scenario', 'data-testid': 'defence-scenarios'}) : null);
}

async function renderEvaluation(el, id, isStopped) {
  mount(el, h('p', {class: 'hint'}, 'Loading…'));
  const ev = await json(`/api/evaluations/${encodeURIComponent(id)}`);
  if (isStopped()) return;
  if (ev.status !== 'finished') { notFinished(el, 'evaluation', ev); return; }
  const [r, others] = await Promise.all([
    json(`/api/evaluations/${encodeURIComponent(id)}/result`),
    json(`/api/evaluations?status=finished&limit=50`).catch(() => []),
  ]);
  if (isStopped()) return;
  const p = `/api/evaluations/${encodeURIComponent(id)}`;
  const sc = scoresOf(r);
  const cmpSel = h('select', {id: 'cmp-other', name: 'other'}, others.filter((o) => o.id !== id).map((o) =>
    h('option', {value: o.id}, `${o.name ? `“${o.name}” ` : ''}${shortId(o.id)}: ${(o.params || {}).architecture} + ${(o.params || {}).detection} (${(o.params || {}).suite})`)));
  const compareForm = others.length > 1 ? h('form', {class: 'inline-form', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/compare?a=${encodeURIComponent(id)}&b=${encodeURIComponent(cmpSel.value)}`;
  }}, h('label', {for: 'cmp-other'}, 'Compare with '), cmpSel, ' ', h('button', {type: 'submit', class: 'btn btn-small'}, '⇆ Compare')) : null;

  mount(el,
    h('div', {class: 'page-head'}, h('h1', {'data-testid': 'scorecard-title', title: id}, ev.name ? `“${ev.name}”: ${r.architecture}` : `Evaluation ${shortId(id)}: ${r.architecture}`), statusBadge(ev.status)),
    verdictBox(r.verdict, null),
    h('p', {class: 'hint'}, `detection ${r.detectionProfile || 'none'} · suite ${r.suite} · ${seedsText(r)} · plant ${r.plant} · ${secs(r.simulatedSeconds)} simulated · ${r.attackVersion || ''} · `, h('a', {href: '#/glossary'}, 'glossary')),
    labelPanel('evaluation', ev, () => renderEvaluation(el, id, isStopped)),
    compareForm,
    section('Sub-scores', 'scores', subScores(sc, r.intervals),
      (r.seeds || []).length > 1 ? h('p', {class: 'hint'}, `Means over ${r.seeds.length} seeds with their 95% Student-t intervals; the per-scenario details below are seed ${r.seed}'s.`) : null),
    r.defence ? section('Defence', 'defence', defenceFacts(r.defence)) : null,
    section('Per scenario', 'scenarios',
      // Each scenario's verdict in words first (the first seed's run), then the table.
      h('ul', {class: 'scenario-verdicts', 'data-testid': 'scenario-verdicts'}, (r.scorecards || []).filter((c) => c.verdict).map((c) =>
        h('li', {'data-testid': 'scenario-verdict', 'data-scenario': c.scenario}, h('strong', null, c.scenario), ': ', c.verdict))),
      scenarioTable(r.scorecards, r.reach),
      (r.skipped || []).length ? h('p', {class: 'hint'}, `Skipped (other plant): ${r.skipped.join(', ')}`) : null,
      h('details', null, h('summary', null, 'Every step of every scenario'),
        (r.scorecards || []).map((c) => h('div', null, h('h3', null, c.scenario), stepsTable(c.steps))))),
    section('ATT&CK for ICS coverage', 'coverage', coverageMatrix((r.coverage || []).length && r.coverage.every((c) => c.coverageClass) ? r.coverage : coverageOf(r.scorecards || []))),
    section('Static findings', 'static', h('p', null, severityBadges(r.findings || [])), findingsTable(r.findings)),
    (r.zones || []).length ? section('Zones: strongest attacker held', 'zones', table([
      {label: 'zone', cell: (z) => z.zone},
      {label: 'SL-T', cell: (z) => String(z.securityLevelTarget), class: 'num'},
      {label: 'estimate', cell: (z) => (z.estimate === null || z.estimate === undefined ? ((z.undecided || []).length ? 'undecided' : 'untested') : `SL ${z.estimate}`)},
      {label: 'meets target', cell: (z) => (z.meetsTarget === null || z.meetsTarget === undefined ? badge('muted', (z.undecided || []).length ? 'undecided' : 'untested') : yesNo(z.meetsTarget))},
      {label: 'held against', cell: (z) => (z.heldAgainst ? `SL ${z.heldAgainst}` : '–')},
      {label: 'breached by', cell: (z) => ((z.breachedScenarios || []).length ? `SL ${z.breachedBy}: ${z.breachedScenarios.join(', ')}` : '–')},
      {label: 'undecided', cell: (z) => (z.undecided || []).join(', ') || '–'},
    ], r.zones, {'aria-label': 'zone estimates'})) : null,
    downloads([
      ['ATT&CK Navigator layer', `${p}/layer`, `evaluation-${id}-layer.json`],
      ['printable report', `${p}/report`, '', true],
      ['evaluation (JSON)', `${p}/result`, `evaluation-${id}.json`],
    ]));
}
