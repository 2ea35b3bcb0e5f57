// The library browser (plants with tag dictionaries, architectures with their static findings,
// detection profiles, scenarios, suites) and the upload form for operators.
import {cached, json, request, session, clearCache} from '../api.js';
import {h, mount, table, secs, badge, errorBox, info, triggerText, postureText} from '../dom.js';
import {purdueMap, selector, roleName} from '../purdue.js';
import {findingsTable} from './scorecard.js';
import {severityBadges, matchText, functionName} from '../words.js';

const KINDS = [
  ['architectures', 'Architectures'], ['plants', 'Plants'], ['detection-profiles', 'Detection profiles'],
  ['scenarios', 'Scenarios'], ['suites', 'Suites'], ['playbooks', 'Playbooks'], ['sweeps', 'Sweeps'], ['upload', 'Upload'],
];

export function render(el, kind = 'architectures', id) {
  const tabs = h('nav', {class: 'tabs', 'aria-label': 'Library sections'}, KINDS.map(([k, label]) =>
    h('a', {href: `#/library/${k}`, 'aria-current': k === kind ? 'page' : null}, label)));
  const body = h('div', {class: 'library-body'});
  mount(el, h('h1', null, 'Library'), tabs, body);
  const view = kind === 'upload' ? upload(body) : id ? detail(body, kind, id) : list(body, kind);
  Promise.resolve(view).catch((e) => mount(body, errorBox(e)));
}

const link = (kind, id) => h('a', {href: `#/library/${kind}/${encodeURIComponent(id)}`}, id);
const sourceBadge = (src) => (src === 'uploaded' ? badge('info', 'uploaded', '↑') : badge('muted', src || 'library'));

async function list(el, kind) {
  mount(el, h('p', {class: 'hint'}, 'Loading…'));
  const items = await cached(`/api/library/${kind}`);
  const cols = {
    plants: [
      {label: 'plant', cell: (p) => link('plants', p.id)}, {label: 'title', cell: (p) => p.title},
      {label: 'description', cell: (p) => h('small', null, p.description || '')},
      {label: 'source', cell: (p) => sourceBadge(p.source)}],
    architectures: [
      {label: 'architecture', cell: (a) => link('architectures', a.id)}, {label: 'title', cell: (a) => a.title},
      {label: 'plant', cell: (a) => a.plant},
      // By severity, so 8 high findings look worse than 10 low ones.
      {label: 'static findings', cell: (a) => severityBadges(a.findingsBySeverity || (a.findings ? {info: a.findings} : {}))},
      {label: 'source', cell: (a) => sourceBadge(a.source)}],
    'detection-profiles': [
      {label: 'profile', cell: (p) => link('detection-profiles', p.id)}, {label: 'title', cell: (p) => p.title || ''},
      {label: 'source', cell: (p) => sourceBadge(p.source)}],
    scenarios: [
      {label: 'scenario', cell: (s) => link('scenarios', s.id)}, {label: 'title', cell: (s) => s.title},
      {label: 'plant', cell: (s) => s.plant}, {label: 'duration', cell: (s) => secs(s.durationSeconds), class: 'num'},
      {label: 'techniques', cell: (s) => h('small', null, (s.techniques || []).join(', '))},
      {label: 'source', cell: (s) => sourceBadge(s.source)}],
    suites: [
      {label: 'suite', cell: (s) => link('suites', s.id)}, {label: 'title', cell: (s) => s.title},
      {label: 'scenarios', cell: (s) => h('small', null, (s.scenarios || []).join(', '))},
      {label: 'source', cell: (s) => sourceBadge(s.source)}],
    sweeps: [
      {label: 'sweep', cell: (s) => link('sweeps', s.id)}, {label: 'title', cell: (s) => s.title},
      {label: 'plays', cell: (s) => h('small', null, sweepText(s))},
      {label: 'source', cell: (s) => sourceBadge(s.source)}],
    playbooks: [
      {label: 'playbook', cell: (p) => link('playbooks', p.id)}, {label: 'title', cell: (p) => p.title},
      {label: 'plant', cell: (p) => p.plant},
      {label: 'description', cell: (p) => h('small', null, p.description || '')},
      {label: 'rules', cell: (p) => h('small', null, (p.rules || []).map((r) => r.id).join(', '))},
      {label: 'source', cell: (p) => sourceBadge(p.source)}],
  }[kind];
  if (!cols) { mount(el, info(`Unknown library section ${kind}.`)); return; }
  mount(el, table(cols, items, {'aria-label': kind, 'data-testid': `library-${kind}`}));
}

function limits(l) {
  if (!l) return '–';
  const lo = l.low === null || l.low === undefined ? '' : `≥ ${l.low}`;
  const hi = l.high === null || l.high === undefined ? '' : `≤ ${l.high}`;
  return [lo, hi].filter(Boolean).join(', ') || '–';
}

// A rule's match in words: function codes with their names, address ranges, services, topics.
function ruleText(r) {
  const parts = [`${selector(r.from)} → ${selector(r.to)}`, String(r.protocol || 'any').toLowerCase()];
  if (r.port) parts.push(`port ${r.port}`);
  parts.push(...matchText(r));
  return parts.join(' · ');
}

const RULE_HEAD = new Set(['id', 'severity', 'techniques', 'summary']);

const isRules = (v) => Array.isArray(v) && v.length > 0 && v.every((r) => r && typeof r === 'object' && r.id);

function rulesTable(name, rules) {
  return table([
    {label: 'rule', cell: (r) => h('code', null, r.id)},
    {label: 'severity', cell: (r) => (r.severity ? String(r.severity).toLowerCase() : '–')},
    {label: 'techniques', cell: (r) => h('small', null, (r.techniques || []).join(', '))},
    {label: 'matches', cell: (r) => h('small', null, fieldsText(r, RULE_HEAD))},
    {label: 'says', cell: (r) => h('small', null, r.summary || '')}], rules, {'aria-label': `${name} rules`, 'data-testid': `profile-${name}`});
}

/** A detector's settings: its rule lists as tables (one level down too), the rest in words. */
function detectorSettings(kind, v) {
  if (isRules(v)) return rulesTable(kind, v);
  if (!v || typeof v !== 'object' || Array.isArray(v)) return h('p', null, h('small', null, String(v)));
  const lists = Object.entries(v).filter(([, x]) => isRules(x));
  const rest = fieldsText(v, new Set(lists.map(([k]) => k)));
  return [rest ? h('p', null, h('small', null, rest)) : null,
    lists.map(([k, x]) => [h('h4', null, words(k)), rulesTable(k, x)])];
}

/** camelCase and kebab-case keys in words: exceptRoles -> except roles. */
function words(k) {
  return String(k).replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
}

/** A settings object in words, one "key value" per field; function codes by their names. */
function fieldsText(o, skip) {
  return Object.entries(o).filter(([k, v]) => !skip.has(k) && v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => {
      let text;
      if (k === 'functionCodes' && Array.isArray(v)) text = v.map(functionName).join(', ');
      else if (Array.isArray(v)) text = v.map((e) => (e && typeof e === 'object' ? `(${fieldsText(e, new Set())})` : String(e))).join(', ');
      else if (v && typeof v === 'object') text = `(${fieldsText(v, new Set())})`;
      else text = String(v);
      return `${words(k)}: ${text}`;
    }).join(' · ');
}

function actionBadge(a) {
  const v = String(a || '').toLowerCase();
  return v === 'allow' ? badge('good', 'allow', '✓') : v === 'deny' ? badge('bad', 'deny', '✗') : badge('neutral', v || '?');
}

async function detail(el, kind, id) {
  mount(el, h('p', {class: 'hint'}, 'Loading…'));
  const x = await cached(`/api/library/${kind}/${encodeURIComponent(id)}`);
  const back = h('p', null, h('a', {href: `#/library/${kind}`}, '← all ', kind));
  if (kind === 'plants') {
    mount(el, back, h('h2', null, x.title || x.id), h('p', null, x.description || ''),
      h('h3', null, 'Tag dictionary'),
      table([
        {label: 'tag', cell: (t) => h('code', null, t.name)}, {label: 'unit', cell: (t) => t.unit || ''},
        {label: 'description', cell: (t) => h('small', null, t.description || '')},
        {label: 'normal', cell: (t) => limits(t.normal)}, {label: 'alarm', cell: (t) => limits(t.alarm)},
        {label: 'trip', cell: (t) => limits(t.trip)},
        {label: 'hazard', cell: (t) => h('small', null, t.hazard || '')},
        {label: 'what an attack does', cell: (t) => h('small', null, t.attack || '')},
      ], x.tags || [], {'aria-label': 'tag dictionary', 'data-testid': 'tag-dictionary'}),
      h('h3', null, 'Controllers'),
      table([
        {label: 'controller', cell: (c) => h('code', null, c.id)}, {label: 'kind', cell: (c) => String(c.kind || '').toLowerCase()},
        {label: 'description', cell: (c) => c.description || ''},
        {label: 'points', cell: (c) => String((c.points || []).length), class: 'num'}], x.controllers || []));
  } else if (kind === 'architectures') {
    const spec = x.spec || x;
    const check = x.check || {};
    const map = purdueMap(spec);
    mount(el, back, h('div', {class: 'page-head'}, h('h2', null, spec.title || spec.id), sourceBadge(x.source),
      session.canOperate ? h('a', {class: 'btn btn-primary', href: `#/start?mode=evaluation&architecture=${encodeURIComponent(spec.id)}`}, '▶ Evaluate it') : null),
    h('p', null, spec.description || '', ` Plant: `, link('plants', spec.plant)),
    h('section', {class: 'panel'}, h('h3', null, 'Purdue map'), h('div', {class: 'svg-wrap'}, map.el)),
    h('section', {class: 'panel'}, h('h3', null, `Static check findings (${(check.findings || []).length})`), h('p', null, severityBadges(check.findings || [])), findingsTable(check.findings)),
    h('section', {class: 'panel'}, h('h3', null, 'Conduits and rules'),
      (spec.conduits || []).length === 0 ? info('No conduits: every host reaches every other host directly.') : null,
      (spec.conduits || []).map((c) => h('div', {class: 'conduit-rules'},
        h('h4', null, `${c.id}: ${c.zoneA || (c.between || [])[0]} ↔ ${c.zoneB || (c.between || [])[1]}`, spec.sensors && (spec.sensors.tappedConduits || spec.sensors.taps || []).includes(c.id) ? ' ' : '', spec.sensors && (spec.sensors.tappedConduits || spec.sensors.taps || []).includes(c.id) ? badge('info', 'tapped', '◉') : null),
        h('p', {class: 'hint'}, c.description || ''),
        table([
          {label: '#', cell: (r) => String((c.rules || []).indexOf(r) + 1), class: 'num'},
          {label: 'rule', cell: (r) => h('code', null, r.id)}, {label: 'action', cell: (r) => actionBadge(r.action)},
          {label: 'match', cell: (r) => h('small', null, ruleText(r))}],
        c.rules || [], {'aria-label': `rules of ${c.id}`, empty: 'no rules: default deny'}),
        h('p', {class: 'hint'}, 'Anything no rule allows is denied (default deny).')))),
    h('section', {class: 'panel'}, h('h3', null, 'Hosts'),
      table([
        {label: 'host', cell: (hh) => h('code', null, hh.id)}, {label: 'zone', cell: (hh) => (hh.zones || [hh.zone]).join(', ')},
        {label: 'role', cell: (hh) => roleName(hh.role)}, {label: 'controller', cell: (hh) => hh.controller || '–'},
        {label: 'posture', cell: (hh) => h('small', null, postureText(hh.posture))},
        {label: 'description', cell: (hh) => h('small', null, hh.description || '')}], spec.hosts || [])),
    h('section', {class: 'panel'}, h('h3', null, 'Zones'),
      table([
        {label: 'zone', cell: (z) => h('code', null, z.id)}, {label: 'level', cell: (z) => String(z.level), class: 'num'},
        {label: 'SL-T', cell: (z) => String(z.securityLevelTarget ?? z.slt ?? '–'), class: 'num'},
        {label: 'description', cell: (z) => z.description || ''}], spec.zones || [])));
  } else if (kind === 'scenarios') {
    // "Run it" opens the start form on an architecture of this scenario's plant (the start form
    // lists only that plant's scenarios); the scenario's own expectations name the usual ones.
    const archs = await cached('/api/library/architectures').catch(() => []);
    const ofPlant = archs.filter((a) => a.plant === x.plant).map((a) => a.id);
    const expected = Object.keys(x.expected || {}).filter((id) => ofPlant.includes(id));
    const runArch = expected[0] || ofPlant[0] || null;
    mount(el, back, h('h2', null, x.title || x.id), h('p', null, x.description || ''),
      h('dl', {class: 'facts'},
        h('div', null, h('dt', null, 'plant'), h('dd', null, link('plants', x.plant))),
        h('div', null, h('dt', null, 'foothold'), h('dd', null, String(x.foothold || '–'))),
        h('div', null, h('dt', null, 'duration'), h('dd', null, x.durationSeconds ? secs(x.durationSeconds) : String(x.duration || '–'))),
        h('div', null, h('dt', null, 'objective'), h('dd', null, x.objective ? (x.objective.description || JSON.stringify(x.objective)) : '–'))),
      h('h3', null, 'Steps'),
      table([
        {label: 'step', cell: (s) => h('code', null, s.id)}, {label: 'technique', cell: (s) => h('code', null, s.technique)},
        {label: 'parameters', cell: (s) => h('small', null, Object.entries(s.params || {}).map(([k, v]) => `${k}=${v}`).join(', '))},
        {label: 'trigger', cell: (s) => h('small', null, triggerText(s.trigger))}], x.steps || [], {'aria-label': 'steps'}),
      session.canOperate ? h('p', null, h('a', {class: 'btn btn-primary', 'data-testid': 'run-it', href: `#/start?mode=run&scenario=${encodeURIComponent(x.id)}${runArch ? `&architecture=${encodeURIComponent(runArch)}` : ''}`}, '▶ Run it')) : null);
  } else if (kind === 'playbooks') {
    // A response playbook: what fires each rule and what it asks for (docs/playbooks.md).
    mount(el, back, h('div', {class: 'page-head'}, h('h2', null, x.title || x.id), sourceBadge(x.source)),
      h('p', null, x.description || '', ' Plant: ', link('plants', x.plant)),
      h('h3', null, 'Rules'),
      table([
        {label: 'rule', cell: (r) => h('code', null, r.id)},
        {label: 'fires on', cell: (r) => h('small', null, r.when || '')},
        {label: 'actions (after)', cell: (r) => h('small', null, (r.actions || []).map((a) => `${a.kind} (${secs(a.after)})`).join(', '))},
        {label: 'description', cell: (r) => h('small', null, r.description || '')}],
      x.rules || [], {'aria-label': 'rules', 'data-testid': 'playbook-rules'}),
      session.canOperate ? h('p', null, h('a', {class: 'btn btn-primary', href: `#/start?mode=evaluation&playbooks=${encodeURIComponent(x.id)}`}, '▶ Evaluate with it')) : null,
      h('details', null, h('summary', null, 'The playbook as YAML'), h('pre', {class: 'json'}, x.yaml || '')));
  } else if (kind === 'sweeps') {
    mount(el, back, h('div', {class: 'page-head'}, h('h2', null, x.title || x.id), sourceBadge(x.source)),
      h('p', null, sweepText(x)),
      h('ul', null,
        h('li', null, 'architectures: ', (x.architectures || []).map((a, i) => [i ? ', ' : '', variantOf(x, a)
          ? h('span', {'data-variant': a}, h('code', null, a), ' (variant of ', link('architectures', variantOf(x, a).base), ')')
          : link('architectures', a)])),
        (x.variants || []).length ? h('li', null, 'variants: ', h('ul', null, x.variants.map((v) =>
          h('li', null, h('code', null, v.id), `: ${v.base}; ${v.changes.join('; ')}`)))) : null,
        h('li', null, 'suites: ', (x.suites || []).map((a, i) => [i ? ', ' : '', link('suites', a)])),
        h('li', null, `seeds: ${(x.seeds || []).join(', ')}`),
        h('li', null, `detection: ${(x.detection || []).join(', ')}`),
        h('li', null, `defences: ${(x.defences || []).map((d) => (d.length ? d.join(' + ') : 'undefended')).join('; ')}`)),
      session.canOperate ? h('p', null, h('a', {class: 'btn btn-primary', href: '#/sweeps'}, '▶ Start a sweep')) : null);
  } else if (kind === 'suites') {
    mount(el, back, h('h2', null, x.title || x.id), h('p', null, x.description || ''),
      h('ol', null, (x.scenarios || []).map((s) => h('li', null, link('scenarios', s)))));
  } else {
    // A detection profile: each detector's rules as a table in words (function codes by name,
    // topics, roles, thresholds), its other settings as a list; the JSON stays one click away.
    const settings = x.settings || {};
    mount(el, back, h('h2', null, x.title || x.id), h('p', null, x.description || ''),
      h('p', {class: 'hint'}, `Alerts alike within ${secs(x.cooldownSeconds)} fold into one; each keeps up to ${x.maxEvidence} pieces of evidence.`),
      Object.entries(settings).map(([kind, v]) => h('section', {class: 'panel', 'data-detector': kind}, h('h3', null, words(kind)),
        detectorSettings(kind, v))),
      h('details', null, h('summary', null, 'The profile as JSON'), h('pre', {class: 'json'}, JSON.stringify(x, null, 2))));
  }
}

/** The variant an architecture of a sweep is, or undefined for a library architecture. */
function variantOf(sweep, id) {
  return (sweep.variants || []).find((v) => v.id === id);
}

/** What a sweep plays, in words: its dimensions multiplied out. */
function sweepText(s) {
  const n = (s.architectures || []).length * (s.suites || []).length * (s.detection || []).length * (s.defences || []).length;
  return `${(s.architectures || []).length} architectures × ${(s.suites || []).length} suites × ${(s.detection || []).length} detection × ${(s.defences || []).length} defences = ${n} configurations, each over ${(s.seeds || []).length} seed(s)`;
}

function upload(el) {
  const can = session.canOperate;
  const kind = h('select', {id: 'up-kind', name: 'kind'}, KINDS.filter(([k]) => k !== 'upload').map(([k, l]) => h('option', {value: k}, l)));
  const text = h('textarea', {id: 'up-yaml', name: 'yaml', rows: 18, spellcheck: 'false', required: true, 'aria-describedby': 'up-yaml-hint'});
  const file = h('input', {id: 'up-file', type: 'file', accept: '.yaml,.yml,text/yaml,application/yaml', onchange: async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  }});
  const status = h('div', {'aria-live': 'polite', 'data-testid': 'upload-status'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary'}, '↑ Validate and upload');
  mount(el, h('form', {class: 'card', 'aria-labelledby': 'up-title', onsubmit: async (e) => {
    e.preventDefault();
    submit.disabled = true;
    mount(status, 'Uploading…');
    try {
      const res = await request(`/api/library/${kind.value}`, {method: 'POST', body: text.value, type: 'application/yaml'});
      const out = await res.json();
      clearCache();
      mount(status, h('div', {class: 'msg msg-ok', role: 'status'}, '✔ Stored ', h('a', {href: `#/library/${out.kind || kind.value}/${encodeURIComponent(out.id)}`}, out.id), '.'));
    } catch (err) {
      // 400 lists every problem with its path; nothing was stored.
      mount(status, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  }},
  h('h2', {id: 'up-title'}, 'Upload a plant, architecture, detection profile, scenario, suite, playbook or sweep'),
  can ? null : info(`Uploading needs the operator role; you are ${session.role}.`),
  h('fieldset', {disabled: !can},
    h('legend', null, 'File'),
    h('div', {class: 'field'}, h('label', {for: 'up-kind'}, 'Kind'), kind),
    h('div', {class: 'field'}, h('label', {for: 'up-file'}, 'YAML file'), file),
    h('div', {class: 'field'}, h('label', {for: 'up-yaml'}, 'or paste the YAML'), text,
      h('small', {class: 'hint', id: 'up-yaml-hint'}, 'Validated like the CLI does it: every problem is listed with its path, and nothing is stored unless the file is valid.')),
    h('div', {class: 'actions'}, submit)),
  status));
}
