// Two evaluations side by side: sub-scores with the change, each scenario's verdict in A and in B
// with what made the difference, and the static findings that came or went. The "why" comes from
// GET /api/comparisons; the two results are fetched as well for the side-by-side numbers.
import {json} from '../api.js';
import {h, mount, num, table, badge, errorBox, info, shortId} from '../dom.js';
import {scoresOf, intervalText} from './scorecard.js';
import {verdictBox, severityBadges, term} from '../words.js';

export function render(el, a, b) {
  let stopped = false;
  load(el, a, b, () => stopped).catch((e) => { if (!stopped) mount(el, h('h1', null, 'Compare'), errorBox(e)); });
  return () => { stopped = true; };
}

async function load(el, a, b, isStopped) {
  mount(el, h('p', {class: 'hint'}, 'Loading…'));
  const evals = await json('/api/evaluations?status=finished&limit=100');
  if (isStopped()) return;
  const label = (o) => `${o.name ? `“${o.name}” ` : ''}${shortId(o.id)}: ${(o.params || {}).architecture} + ${(o.params || {}).detection} (suite ${(o.params || {}).suite}, ${(o.params || {}).seeds > 1 ? `${o.params.seeds} seeds from ${o.params.seed}` : `seed ${(o.params || {}).seed}`})`;
  const pick = (id, name, value) => h('select', {id, name}, evals.map((o) => h('option', {value: o.id, selected: o.id === value}, label(o))));
  const selA = pick('cmp-a', 'a', a || (evals[1] && evals[1].id));
  const selB = pick('cmp-b', 'b', b || (evals[0] && evals[0].id));
  const form = h('form', {class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/compare?a=${encodeURIComponent(selA.value)}&b=${encodeURIComponent(selB.value)}`;
  }},
  h('div', {class: 'field'}, h('label', {for: 'cmp-a'}, 'A (before)'), selA),
  h('div', {class: 'field'}, h('label', {for: 'cmp-b'}, 'B (after)'), selB),
  h('button', {type: 'submit', class: 'btn btn-primary'}, '⇆ Compare'));
  const out = h('div', {'data-testid': 'comparison'});
  mount(el, h('h1', null, 'Compare two evaluations'), form, out);
  if (evals.length < 2) { mount(out, info('Compare needs two finished evaluations.')); return; }
  if (!a || !b) { mount(out, info('Pick two evaluations and press Compare.')); return; }

  const [answer, ra, rb] = await Promise.all([
    json(`/api/comparisons?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`),
    json(`/api/evaluations/${encodeURIComponent(a)}/result`),
    json(`/api/evaluations/${encodeURIComponent(b)}/result`)]);
  if (isStopped()) return;
  // The service answers {a, b, comparison: {...}}; the contract shows the comparison itself.
  const cmp = answer.comparison || answer;
  const sa = scoresOf(ra);
  const sb = scoresOf(rb);
  const delta = (x, y) => {
    if (typeof x !== 'number' || typeof y !== 'number') return badge('muted', 'n/a');
    const d = y - x;
    if (Math.abs(d) < 0.05) return badge('muted', 'unchanged', '=');
    return badge(d > 0 ? 'good' : 'bad', `${d > 0 ? '+' : ''}${d.toFixed(1)}`, d > 0 ? '▲' : '▼');
  };
  // Whether each change exceeds the noise over the seeds (Welch's t-test, docs/scoring.md).
  const differences = new Map((cmp.differences || []).map((d) => [d.score, d]));
  const noise = (d) => {
    if (!d || d.change === null || d.change === undefined) return badge('muted', 'n/a');
    if (d.exceedsNoise === null || d.exceedsNoise === undefined) return badge('muted', 'unknown (one seed)');
    const p = d.pValue < 0.001 ? '< 0.001' : num(d.pValue, 3);
    return d.exceedsNoise ? badge(d.change > 0 ? 'good' : 'bad', `beyond the noise (p ${p})`) : badge('muted', `within the noise (p ${p})`);
  };
  const withInterval = (v, i) => h('span', null, num(v, 1), intervalText(i) ? h('small', {class: 'hint'}, h('br'), intervalText(i)) : null);
  const scoreRows = ['total', 'prevention', 'detection', 'impact', 'operations'].map((k) => ({k, a: sa[k], b: sb[k], d: differences.get(k)}));
  const reached = (r, present) => (!present ? badge('muted', 'not run') : r ? badge('bad', 'reached', '✖') : badge('good', 'prevented', '✔'));

  const nameOf = (id) => (evals.find((o) => o.id === id) || {}).name;
  // The conclusion first (Verdicts.of(Comparison) on the service), then the evidence.
  mount(out,
    verdictBox(answer.verdict, null),
    h('div', {class: 'side-by-side'},
      h('section', {class: 'panel', 'data-testid': 'side-a'}, h('h2', null, nameOf(a) ? `A: “${nameOf(a)}”` : 'A'), h('p', null, cmp.a || a),
        h('p', null, term('severity', 'static findings'), ': ', severityBadges(ra.findings || [])),
        h('p', null, h('a', {href: `#/evaluations/${encodeURIComponent(a)}`}, 'open A’s scorecard'))),
      h('section', {class: 'panel', 'data-testid': 'side-b'}, h('h2', null, nameOf(b) ? `B: “${nameOf(b)}”` : 'B'), h('p', null, cmp.b || b),
        h('p', null, term('severity', 'static findings'), ': ', severityBadges(rb.findings || [])),
        h('p', null, h('a', {href: `#/evaluations/${encodeURIComponent(b)}`}, 'open B’s scorecard')))),
    h('section', {class: 'panel'}, h('h2', null, 'Scores'),
      table([
        {label: 'score', cell: (r) => r.k},
        {label: 'A', cell: (r) => withInterval(r.a, (ra.intervals || {})[r.k]), class: 'num'},
        {label: 'B', cell: (r) => withInterval(r.b, (rb.intervals || {})[r.k]), class: 'num'},
        {label: 'B − A', cell: (r) => delta(r.a, r.b)},
        {label: 'seed noise', cell: (r) => noise(r.d)},
      ], scoreRows, {'aria-label': 'scores side by side', 'data-testid': 'compare-scores'})),
    h('section', {class: 'panel'}, h('h2', null, 'Scenarios'),
      table([
        {label: 'scenario', cell: (c) => h('strong', null, c.scenario)},
        {label: 'A', cell: (c) => reached(c.reachedA, c.inA)},
        {label: 'B', cell: (c) => reached(c.reachedB, c.inB)},
        {label: 'what changed', cell: (c) => ((c.changes || []).length
          ? h('ul', {class: 'changes'}, c.changes.map((l) => h('li', null, l)))
          : badge('muted', 'same verdicts', '='))},
        {label: 'made the difference', cell: (c) => (c.madeTheDifference ? h('strong', null, '⇒ ', c.madeTheDifference) : '–')},
      ], cmp.scenarios || [], {'aria-label': 'scenario changes', 'data-testid': 'compare-scenarios'})),
    h('section', {class: 'panel'}, h('h2', null, 'Static findings'),
      (cmp.findingsRemoved || []).length + (cmp.findingsAdded || []).length === 0
        ? h('p', null, 'The same static findings on both sides.')
        : h('ul', {class: 'changes'},
          (cmp.findingsRemoved || []).map((f) => h('li', null, badge('good', 'fixed in B', '−'), ' ', f)),
          (cmp.findingsAdded || []).map((f) => h('li', null, badge('bad', 'new in B', '+'), ' ', f)))),
    (cmp.scoreChanges || []).length ? h('details', {class: 'panel'}, h('summary', null, 'Score changes as text'),
      h('pre', null, cmp.scoreChanges.join('\n'))) : null);
}
