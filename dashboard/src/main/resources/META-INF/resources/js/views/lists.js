// Past and current runs or evaluations, newest first, with filters. The list polls while
// something is queued or running so a new result shows up without a reload.
import {json, cached, session, request} from '../api.js';
import {h, mount, table, statusBadge, when, secs, badge, errorBox, shortId} from '../dom.js';

const STATUSES = ['', 'queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted'];
const ACTIVE = new Set(['queued', 'running']);

export function render(el, kind, query) {
  let timer = null;
  let stopped = false;
  const plural = kind === 'run' ? 'runs' : 'evaluations';
  const status = h('select', {id: 'flt-status', name: 'status'}, STATUSES.map((s) => h('option', {value: s, selected: query.get('status') === s}, s || 'any status')));
  const arch = h('select', {id: 'flt-architecture', name: 'architecture'}, h('option', {value: ''}, 'any architecture'));
  const out = h('div', {'aria-live': 'polite', 'data-testid': `${plural}-list`});
  const compareBtn = h('button', {type: 'button', class: 'btn', disabled: true, 'data-testid': 'compare-selected', onclick: () => {
    const [a, b] = [...selected];
    location.hash = `#/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
  }}, '⇆ Compare the two selected');
  const selected = new Set();

  const filters = h('form', {class: 'filters', role: 'search', onsubmit: (e) => { e.preventDefault(); apply(); }},
    h('div', {class: 'field'}, h('label', {for: 'flt-status'}, 'Status'), status),
    h('div', {class: 'field'}, h('label', {for: 'flt-architecture'}, 'Architecture'), arch),
    kind === 'evaluation' ? compareBtn : null);
  // The architecture options arrive later than the first load: keep the filter from the URL.
  let archFilter = query.get('architecture') || '';
  status.addEventListener('change', apply);
  arch.addEventListener('change', () => { archFilter = arch.value; apply(); });

  mount(el, h('div', {class: 'page-head'}, h('h1', null, kind === 'run' ? 'Runs' : 'Evaluations'),
    session.canOperate ? h('a', {class: 'btn btn-primary', href: `#/start?mode=${kind}`}, kind === 'run' ? '▶ New run' : '▶ New evaluation') : null),
  filters, out);

  cached('/api/library/architectures').then((list) => {
    list.forEach((a) => arch.append(h('option', {value: a.id, selected: query.get('architecture') === a.id}, a.id)));
  }).catch(() => {});

  function apply() {
    // Keep the filters in the URL so the filtered list can be bookmarked and survives a reload.
    const q = new URLSearchParams();
    if (status.value) q.set('status', status.value);
    if (archFilter) q.set('architecture', archFilter);
    history.replaceState(null, '', `#/${plural}${q.toString() ? `?${q}` : ''}`);
    load();
  }

  async function load() {
    clearTimeout(timer);
    const q = new URLSearchParams({limit: '100'});
    if (status.value) q.set('status', status.value);
    if (archFilter) q.set('architecture', archFilter);
    try {
      const items = await json(`/api/${plural}?${q}`);
      if (stopped) return;
      mount(out, listTable(kind, items, selected, () => { compareBtn.disabled = selected.size !== 2; }, load));
      if (items.some((i) => ACTIVE.has(i.status))) timer = setTimeout(load, 3000);
    } catch (e) {
      if (!stopped) mount(out, errorBox(e));
    }
  }
  load();
  return () => { stopped = true; clearTimeout(timer); };
}

// One seed, or the seeds of an evaluation over several (seed, seed + 1, ...).
function seedText(p) {
  if (p.seed === undefined || p.seed === null) return '–';
  return p.seeds > 1 ? `${p.seed}..${p.seed + p.seeds - 1}` : String(p.seed);
}

function summaryText(kind, i) {
  const s = i.summary;
  if (!s) return i.error ? badge('bad', i.error.message || String(i.error), '✖') : '–';
  if (kind === 'run') {
    return h('span', null,
      s.objectiveReached ? badge('bad', 'objective reached', '✖')
        : s.outcome === 'UNDECIDED' ? badge('warn', 'undecided', '?') : badge('good', 'prevented', '✔'), ' ',
      s.detected ? badge('good', `detected${s.timeToDetect !== null && s.timeToDetect !== undefined ? ` in ${secs(s.timeToDetect)}` : ''}`, '◉') : badge('warn', 'not detected', '○'),
      s.blockedAt ? h('span', {class: 'hint'}, ` blocked at ${s.blockedAt}`) : null,
      typeof s.total === 'number' ? h('span', {class: 'hint'}, ` · ${s.alerts ?? 0} alerts (${s.falseAlerts ?? 0} false)`) : null);
  }
  // Over several seeds the total is a mean with its 95% interval; the counts are the first seed's.
  const interval = s.seeds > 1 && typeof s.totalLow === 'number' ? h('span', {class: 'hint'}, ` [${s.totalLow.toFixed(1)}, ${s.totalHigh.toFixed(1)}] over ${s.seeds} seeds`) : null;
  return h('span', null, typeof s.total === 'number' ? h('strong', null, `total ${s.total.toFixed(1)}`) : '', interval,
    typeof s.scenarios === 'number' ? h('span', {class: 'hint'}, ` · ${s.objectivesReached ?? '?'} of ${s.scenarios} objectives reached${s.seeds > 1 ? ' (first seed)' : ''}${s.undecided ? ` · ${s.undecided} undecided` : ''} · ${s.detected ?? '?'} detected`) : null);
}

function progressText(kind, i) {
  const p = i.progress || {};
  if (kind === 'run') return typeof p.fraction === 'number' ? `${Math.round(p.fraction * 100)} %` : '–';
  const total = p.totalRuns ?? p.total;
  const current = [].concat(p.current || []);
  return total ? `${p.runs || 0}/${total} runs${current.length && ACTIVE.has(i.status) ? ` · ${current.join(', ')}` : ''}` : '–';
}

function listTable(kind, items, selected, onSelect, reload) {
  const plural = kind === 'run' ? 'runs' : 'evaluations';
  const cols = [];
  if (kind === 'evaluation') {
    cols.push({label: 'compare', cell: (i) => h('input', {type: 'checkbox', 'aria-label': `select evaluation ${i.id} for comparison`, checked: selected.has(i.id),
      disabled: i.status !== 'finished', onchange: (e) => {
        if (e.target.checked) {
          selected.add(i.id);
          // Two at most: drop the oldest pick so the button always compares two.
          if (selected.size > 2) {
            const first = selected.values().next().value;
            selected.delete(first);
            const box = document.querySelector(`input[data-eval="${CSS.escape(first)}"]`);
            if (box) box.checked = false;
          }
        } else selected.delete(i.id);
        onSelect();
      }, 'data-eval': i.id})});
  }
  cols.push(
    // The name people gave it, with the note on hover and below; the short id stays for reference.
    {label: 'name / id', cell: (i) => h('span', {'data-testid': 'job-label'},
      h('a', {href: `#/${plural}/${encodeURIComponent(i.id)}${ACTIVE.has(i.status) ? '/live' : ''}`, title: i.note ? `${i.id}\n${i.note}` : i.id, class: i.name ? 'job-name' : 'mono'}, i.name || shortId(i.id)),
      i.name ? h('small', {class: 'hint mono'}, ` ${shortId(i.id)}`) : null,
      i.note ? h('small', {class: 'job-note-line'}, h('br'), i.note.length > 80 ? `${i.note.slice(0, 79)}…` : i.note) : null)},
    {label: 'status', cell: (i) => statusBadge(i.status)},
    {label: 'architecture', cell: (i) => (i.params || {}).architecture || '–'},
    {label: kind === 'run' ? 'scenario' : 'suite', cell: (i) => (i.params || {})[kind === 'run' ? 'scenario' : 'suite'] || '–'},
    {label: 'detection', cell: (i) => (i.params || {}).detection || '–'},
    {label: 'seed', cell: (i) => seedText(i.params || {}), class: 'num'},
    {label: 'progress', cell: (i) => progressText(kind, i)},
    {label: 'result', cell: (i) => summaryText(kind, i)},
    {label: 'created', cell: (i) => when(i.created)},
    {label: 'actions', cell: (i) => actions(kind, i, reload)});
  return table(cols, items.map((i) => ({...i, __attrs: {'data-id': i.id, 'data-status': i.status}})), {empty: `No ${plural} match.`, 'aria-label': plural});
}

function actions(kind, i, reload) {
  const plural = kind === 'run' ? 'runs' : 'evaluations';
  const out = [];
  if (ACTIVE.has(i.status)) out.push(h('a', {href: `#/${plural}/${encodeURIComponent(i.id)}/live`}, '▶ live'));
  if (i.status === 'finished') out.push(h('a', {href: `#/${plural}/${encodeURIComponent(i.id)}`}, '▤ scorecard'));
  if (session.canOperate && ACTIVE.has(i.status)) {
    out.push(h('button', {type: 'button', class: 'btn btn-small', onclick: async () => {
      try { await request(`/api/${plural}/${encodeURIComponent(i.id)}/cancel`, {method: 'POST'}); } catch (e) { alert(e.message); }
      reload();
    }}, '■ cancel'));
  }
  if (session.canOperate && (i.status === 'interrupted' || i.status === 'failed' || i.status === 'cancelled')) {
    out.push(h('button', {type: 'button', class: 'btn btn-small', onclick: async () => {
      try {
        const r = await request(`/api/${plural}/${encodeURIComponent(i.id)}/rerun`, {method: 'POST'}).then((x) => x.json());
        location.hash = `#/${plural}/${encodeURIComponent(r.id)}/live`;
      } catch (e) { alert(e.message); }
    }}, '↻ rerun'));
  }
  return h('span', {class: 'row-actions'}, out.flatMap((n, k) => (k ? [' ', n] : [n])));
}
