// Sweeps: many evaluations in one job (docs/sweeps.md). The list page starts one (operators) and
// lists them; a sweep's page follows its units, then shows each configuration as an evaluation
// with its total, interval and verdict, a link to it and a comparison with the best. Both poll
// while the sweep is queued or running.
import {cached, json, session, request} from '../api.js';
import {h, mount, table, statusBadge, when, badge, errorBox, info, shortId} from '../dom.js';

const ACTIVE = new Set(['queued', 'running']);
const RETRYABLE = new Set(['failed', 'cancelled', 'interrupted']);

function unitsText(p) {
  if (!p || !p.units) return '–';
  return `${p.done}/${p.units} units · ${p.running} running · ${p.failedAttempts} failed attempts${p.reused ? ` · ${p.reused} kept from before` : ''}`;
}

export function renderList(el) {
  let timer = null;
  let stopped = false;
  const can = session.canOperate;
  const pick = h('select', {id: 'f-sweep', name: 'sweep', required: true, 'data-testid': 'sweep-pick'});
  const name = h('input', {id: 'f-sweep-name', name: 'name', type: 'text', maxlength: 80, 'aria-describedby': 'f-sweep-name-hint'});
  const pickInfo = h('small', {class: 'hint', id: 'f-sweep-hint', 'aria-live': 'polite'});
  const status = h('div', {'aria-live': 'polite', 'data-testid': 'sweep-start-status'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'sweep-submit'}, '▶ Start the sweep');
  let sweeps = [];
  function describe() {
    const s = sweeps.find((x) => x.id === pick.value);
    pickInfo.textContent = s
      ? `${(s.architectures || []).join(', ')} × ${(s.suites || []).join(', ')} × ${(s.seeds || []).length} seed(s) × detection ${(s.detection || []).join(', ')} × ${(s.defences || []).length} defence(s)`
      : '';
  }
  pick.addEventListener('change', describe);
  const form = h('form', {class: 'card start', 'aria-labelledby': 'sweep-start-title', onsubmit: async (e) => {
    e.preventDefault();
    if (!can) return;
    submit.disabled = true;
    mount(status, 'Starting…');
    const body = {sweep: pick.value};
    if (name.value.trim()) body.name = name.value.trim();
    try {
      const res = await json('/api/sweeps', {method: 'POST', body});
      location.hash = `#/sweeps/${encodeURIComponent(res.id)}`;
    } catch (err) {
      mount(status, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  }},
  h('h2', {id: 'sweep-start-title'}, 'Start a sweep'),
  can ? null : info(`You are signed in as ${session.role}: starting a sweep needs the operator or admin role. The form is shown for reference.`),
  h('fieldset', {disabled: !can},
    h('legend', null, 'Which sweep'),
    h('div', {class: 'field'}, h('label', {for: 'f-sweep'}, 'Sweep'), pick, pickInfo),
    h('div', {class: 'field'}, h('label', {for: 'f-sweep-name'}, 'Name (optional)'), name,
      h('small', {class: 'hint', id: 'f-sweep-name-hint'}, 'What the list shows instead of the id.')),
    h('div', {class: 'actions'}, submit)),
  status);
  const out = h('div', {'aria-live': 'polite', 'data-testid': 'sweeps-list'});
  mount(el, h('div', {class: 'page-head'}, h('h1', null, 'Sweeps')),
    h('p', {class: 'hint'}, 'A sweep plays every architecture of its file against every suite, detection profile and playbook set over its seeds; each combination is one evaluation. Add sweeps in the library.'),
    form, h('h2', null, 'Past and current sweeps'), out);
  cached('/api/library/sweeps').then((list) => {
    sweeps = list;
    mount(pick, list.map((s) => h('option', {value: s.id}, `${s.id} — ${s.title || ''}`)));
    describe();
  }).catch((e) => mount(status, errorBox(e)));

  async function load() {
    clearTimeout(timer);
    try {
      const items = await json('/api/sweeps?limit=100');
      if (stopped) return;
      mount(out, table([
        {label: 'name / id', cell: (i) => h('a', {href: `#/sweeps/${encodeURIComponent(i.id)}`, title: i.id, class: i.name ? 'job-name' : 'mono'}, i.name || shortId(i.id))},
        {label: 'status', cell: (i) => statusBadge(i.status)},
        {label: 'sweep', cell: (i) => (i.params || {}).sweep || '–'},
        {label: 'engine', cell: (i) => (i.params || {}).lab || '–'},
        {label: 'progress', cell: (i) => unitsText(i.progress)},
        {label: 'retry of', cell: (i) => (i.rerunOf ? h('a', {href: `#/sweeps/${encodeURIComponent(i.rerunOf)}`, class: 'mono'}, shortId(i.rerunOf)) : '–')},
        {label: 'created', cell: (i) => when(i.created)},
      ], items.map((i) => ({...i, __attrs: {'data-id': i.id, 'data-status': i.status}})), {empty: 'No sweeps yet.', 'aria-label': 'sweeps'}));
      if (items.some((i) => ACTIVE.has(i.status))) timer = setTimeout(load, 3000);
    } catch (e) {
      if (!stopped) mount(out, errorBox(e));
    }
  }
  load();
  return () => { stopped = true; clearTimeout(timer); };
}

export function render(el, id) {
  let timer = null;
  let stopped = false;
  const path = `/api/sweeps/${encodeURIComponent(id)}`;
  async function load() {
    clearTimeout(timer);
    try {
      const s = await json(path);
      if (stopped) return;
      mount(el, page(s, load));
      if (ACTIVE.has(s.status)) timer = setTimeout(load, 2000);
    } catch (e) {
      if (!stopped) mount(el, h('h1', null, 'Sweep'), errorBox(e));
    }
  }
  load();
  return () => { stopped = true; clearTimeout(timer); };
}

function page(s, reload) {
  const p = s.progress || {};
  const actions = [];
  if (session.canOperate && ACTIVE.has(s.status)) {
    actions.push(h('button', {type: 'button', class: 'btn', 'data-testid': 'sweep-cancel', onclick: async () => {
      try { await request(`/api/sweeps/${encodeURIComponent(s.id)}/cancel`, {method: 'POST'}); } catch (e) { alert(e.message); }
      reload();
    }}, '■ Cancel'));
  }
  if (session.canOperate && RETRYABLE.has(s.status)) {
    actions.push(h('button', {type: 'button', class: 'btn btn-primary', 'data-testid': 'sweep-retry', onclick: async () => {
      try {
        const r = await json(`/api/sweeps/${encodeURIComponent(s.id)}/retry`, {method: 'POST'});
        location.hash = `#/sweeps/${encodeURIComponent(r.id)}`;
      } catch (e) { alert(e.message); }
    }}, '↻ Retry the units without a result'));
  }
  const fraction = typeof p.fraction === 'number' ? p.fraction : 0;
  const played = s.playedBy ? Object.entries(s.playedBy) : [];
  return h('div', null,
    h('div', {class: 'page-head'}, h('h1', null, 'Sweep ', h('span', {class: 'mono'}, s.name || shortId(s.id))), actions),
    h('p', null, statusBadge(s.status), ' ', h('strong', null, (s.params || {}).sweep), h('span', {class: 'hint'}, ` · engine ${(s.params || {}).lab} · started by ${s.user} ${when(s.created)}`),
      s.rerunOf ? h('span', {class: 'hint'}, ' · retry of ', h('a', {href: `#/sweeps/${encodeURIComponent(s.rerunOf)}`, class: 'mono'}, shortId(s.rerunOf))) : null),
    h('section', {'aria-labelledby': 'sweep-progress-title', class: 'card'},
      h('h2', {id: 'sweep-progress-title'}, 'Units'),
      h('progress', {max: 1, value: fraction, 'aria-label': 'units done'}),
      h('p', {'data-testid': 'sweep-units'}, unitsText(p)),
      (p.runningUnits || []).length ? h('p', {class: 'hint'}, 'playing: ', p.runningUnits.join(', ')) : null,
      played.length > 1 ? h('p', {class: 'hint'}, 'played by: ', played.map(([job, n]) => `${shortId(job)} ${n}`).join(' · ')) : null,
      (s.failedUnits || []).length ? h('div', {class: 'msg msg-error', role: 'status', 'data-testid': 'sweep-failed-units'},
        h('strong', null, '✖ Units without a result after failing: '), h('ul', null, s.failedUnits.map((k) => h('li', {class: 'mono'}, k))),
        RETRYABLE.has(s.status) ? h('p', null, 'A retry plays these and any other unit without a result; the service log says why each failed.') : null) : null,
      s.error ? errorBox(s.error) : null),
    configurations(s));
}

function configurations(s) {
  const configs = s.configurations || [];
  if (!configs.length) {
    return s.status === 'finished' ? null : h('p', {class: 'hint'}, 'The configurations are listed when every unit has a result.');
  }
  let best = configs[0];
  configs.forEach((c) => { if (c.total > best.total) best = c; });
  return h('section', {'aria-labelledby': 'sweep-configs-title'},
    h('h2', {id: 'sweep-configs-title'}, 'Configurations'),
    table([
      {label: 'configuration', cell: (c) => h('a', {href: `#/evaluations/${encodeURIComponent(c.evaluation)}`, class: 'mono'}, c.key)},
      {label: 'architecture', cell: (c) => c.architecture},
      {label: 'suite', cell: (c) => c.suite},
      {label: 'detection', cell: (c) => c.detection || 'none'},
      {label: 'playbooks', cell: (c) => ((c.playbooks || []).length ? c.playbooks.join(', ') : 'undefended')},
      {label: 'total [95% interval]', class: 'num', cell: (c) => h('span', null, h('strong', null, c.total.toFixed(1)), h('span', {class: 'hint'}, ` [${c.totalLow.toFixed(1)}, ${c.totalHigh.toFixed(1)}]`))},
      // The verdict is words; the badge's icon says the same for anyone who cannot tell colours.
      {label: 'verdict', cell: (c) => (c.verdict.startsWith('best') || c.verdict.startsWith('alone')
        ? badge('good', c.verdict, '★') : c.verdict.startsWith('ties') ? badge('neutral', c.verdict, '=') : badge('warn', c.verdict, '▽'))},
      {label: 'compare', cell: (c) => (c.evaluation === best.evaluation ? h('span', {class: 'hint'}, 'the best total')
        : h('a', {href: `#/compare?a=${encodeURIComponent(best.evaluation)}&b=${encodeURIComponent(c.evaluation)}`}, '⇆ with the best'))},
    ], configs.map((c) => ({...c, __attrs: {'data-key': c.key}})), {'aria-label': 'configurations', 'data-testid': 'sweep-configs'}));
}
