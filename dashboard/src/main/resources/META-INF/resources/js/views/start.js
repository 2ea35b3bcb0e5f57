// The start form: one run (scenario on an architecture) or an evaluation (a suite). Viewers see
// the form disabled with a note rather than not at all, so they learn what an operator can do.
import {cached, json, session} from '../api.js';
import {h, mount, errorBox, info} from '../dom.js';

const SPEEDS = [['max', 'as fast as possible'], ['1', '1x (real time, for training)'], ['10', '10x'], ['60', '60x']];

function option(value, label, selected) {
  return h('option', {value, selected: selected === value}, label);
}

function field(id, label, control, hint) {
  return h('div', {class: 'field'}, h('label', {for: id}, label), control, hint ? h('small', {class: 'hint', id: `${id}-hint`}, hint) : null);
}

export function render(el, query) {
  load(el, query).catch((e) => mount(el, h('h1', null, 'Start'), errorBox(e)));
}

async function load(el, query) {
  mount(el, h('p', {class: 'hint'}, 'Loading the library…'));
  const [archs, profiles, scenarios, suites, labs, playbooks] = await Promise.all([
    cached('/api/library/architectures'), cached('/api/library/detection-profiles'),
    cached('/api/library/scenarios'), cached('/api/library/suites'), cached('/api/lab'),
    cached('/api/library/playbooks')]);
  const can = session.canOperate;
  const mode = query.get('mode') === 'evaluation' ? 'evaluation' : 'run';

  const modeRun = h('input', {type: 'radio', name: 'mode', id: 'mode-run', value: 'run', checked: mode === 'run'});
  const modeEval = h('input', {type: 'radio', name: 'mode', id: 'mode-evaluation', value: 'evaluation', checked: mode === 'evaluation'});
  // A scenario asked for without an architecture picks one of the scenario's plant, so the
  // scenario list below (filtered by plant) still holds it.
  const wanted = scenarios.find((x) => x.id === query.get('scenario'));
  const archDefault = query.get('architecture') || (wanted && (archs.find((a) => a.plant === wanted.plant) || {}).id) || archs[0]?.id;
  const arch = h('select', {id: 'f-architecture', name: 'architecture', required: true},
    archs.map((a) => option(a.id, `${a.title || a.id} (${a.plant})`, archDefault)));
  // "none" is not a profile file: it runs the lab without detection (detection scores n/a).
  const profileIds = profiles.map((p) => p.id);
  const det = h('select', {id: 'f-detection', name: 'detection'},
    profiles.map((p) => option(p.id, p.title ? `${p.id} — ${p.title.length > 70 ? `${p.title.slice(0, 69)}…` : p.title}` : p.id, query.get('detection') || (profileIds.includes('full') ? 'full' : profileIds[0]))),
    profileIds.includes('none') ? null : option('none', 'none (no detection)', query.get('detection')));
  const scen = h('select', {id: 'f-scenario', name: 'scenario'});
  const suite = h('select', {id: 'f-suite', name: 'suite'},
    suites.map((s) => option(s.id, `${s.title || s.id} (${(s.scenarios || []).length} scenarios)`, query.get('suite') || 'default')));
  const seed = h('input', {id: 'f-seed', name: 'seed', type: 'number', min: 0, step: 1, value: query.get('seed') || '1', required: true, inputmode: 'numeric'});
  const seeds = h('input', {id: 'f-seeds', name: 'seeds', type: 'number', min: 1, max: 100, step: 1, value: query.get('seeds') || '5', required: true, inputmode: 'numeric'});
  const speed = h('select', {id: 'f-speed', name: 'speed'}, SPEEDS.map(([v, l]) => option(v, l, query.get('speed') || '10')));
  const scenInfo = h('small', {class: 'hint', 'aria-live': 'polite'});
  // Only a service that is the process node of a container lab (the reference docker-compose.yml)
  // offers it, and only for the architecture that lab is built for.
  const containers = labs.containers;
  const lab = containers ? h('select', {id: 'f-lab', name: 'lab'},
    option('containers', `across the container lab (${containers.architecture})`, query.get('lab') || 'containers'),
    option('embedded', 'embedded in this service', query.get('lab') || 'containers')) : null;
  const labInfo = h('small', {class: 'hint', id: 'f-lab-hint', 'aria-live': 'polite'});
  if (lab) lab.addEventListener('change', () => { lab.dataset.touched = '1'; });
  function syncLab() {
    if (!lab) return;
    const fits = arch.value === containers.architecture;
    lab.options[0].disabled = !fits;
    // Until the user picks a lab, an architecture the container lab is built for plays there.
    if (!fits) lab.value = 'embedded';
    else if (!lab.dataset.touched) lab.value = query.get('lab') || 'containers';
    labInfo.textContent = fits
      ? 'Across the container lab, traffic leaves from the hosts\' containers and crosses the gateway containers; scenarios with an adversary in the middle play embedded only.'
      : `The container lab is built for ${containers.architecture}; this architecture plays embedded.`;
  }

  function fillScenarios() {
    const a = archs.find((x) => x.id === arch.value);
    const plant = a ? a.plant : null;
    const list = scenarios.filter((s) => !plant || s.plant === plant);
    const keep = scen.value || query.get('scenario');
    mount(scen, list.map((s) => option(s.id, `${s.title || s.id} (${Math.round((s.durationSeconds || 0) / 60)} min; ${(s.techniques || []).join(', ')})`, keep)));
    scenInfo.textContent = `${list.length} scenarios for plant ${plant || '?'}; an evaluation runs only the suite's scenarios of this plant.`;
  }
  // Playbooks of the architecture's plant defend the run (an evaluation plays each scenario with
  // and without them, and scores what they averted and cost).
  const wantedBooks = (query.get('playbooks') || '').split(',').filter(Boolean);
  const books = h('select', {id: 'f-playbooks', name: 'playbooks', multiple: true, size: 3, 'data-testid': 'start-playbooks', 'aria-describedby': 'f-playbooks-hint'});
  function fillPlaybooks() {
    const a = archs.find((x) => x.id === arch.value);
    const keep = new Set([...books.selectedOptions].map((o) => o.value).concat(wantedBooks));
    mount(books, playbooks.filter((b) => !a || b.plant === a.plant)
      .map((b) => h('option', {value: b.id, selected: keep.has(b.id)}, `${b.id} — ${b.title || ''}`)));
  }
  arch.addEventListener('change', fillPlaybooks);
  fillPlaybooks();
  arch.addEventListener('change', fillScenarios);
  arch.addEventListener('change', syncLab);
  fillScenarios();
  syncLab();

  // Packet captures (docs/dashboard-api.md): each sensor's pcap with ground-truth labels, to
  // download from the run's scorecard.
  const pcap = h('input', {id: 'f-pcap', name: 'pcap', type: 'checkbox', checked: query.get('pcap') === '1', 'data-testid': 'start-pcap'});
  const runFields = h('div', {class: 'run-only'},
    field('f-scenario', 'Scenario', scen), scenInfo,
    field('f-pcap', 'Record packet captures', pcap,
      'Keeps what each tapped conduit and span port saw as a pcap with ground-truth labels per flow and per packet, downloadable from the scorecard. Embedded lab only; it holds the traffic in memory while the run plays.'));
  const evalFields = h('div', {class: 'eval-only'}, field('f-suite', 'Suite', suite),
    field('f-seeds', 'Seeds', seeds, 'Each scenario is played with seeds seed, seed+1, …; scores are means with 95% intervals over them. 5 gives a usable interval; each seed is a full play of the suite.'));
  const speedField = field('f-speed', 'Speed', speed,
    'Simulated time per wall second; "max" runs as fast as the protocol traffic allows. A run defaults to 10x so you can watch it, an evaluation to max.');
  // Until the user picks a speed, each kind gets the one that suits it.
  speed.addEventListener('change', () => { speed.dataset.touched = '1'; });
  function syncMode() {
    const isRun = modeRun.checked;
    runFields.hidden = !isRun;
    evalFields.hidden = isRun;
    if (!speed.dataset.touched && !query.get('speed')) speed.value = isRun ? '10' : 'max';
    submit.textContent = isRun ? '▶ Start the run' : '▶ Start the evaluation';
  }
  const status = h('div', {'aria-live': 'polite', 'data-testid': 'start-status'});
  const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'start-submit'}, '▶ Start');
  const fieldset = h('fieldset', {disabled: !can},
    h('legend', null, 'What to run'),
    h('div', {class: 'radios', role: 'radiogroup', 'aria-label': 'Kind'},
      h('label', {for: 'mode-run'}, modeRun, ' One run (a scenario)'),
      h('label', {for: 'mode-evaluation'}, modeEval, ' An evaluation (a suite, scored)')),
    field('f-architecture', 'Architecture', arch),
    field('f-detection', 'Detection profile', det),
    field('f-playbooks', 'Response playbooks (optional)', books,
      'None selected: undefended. Hold Ctrl (or ⌘) to pick several. Their rules act on the live alerts and the plant\'s values; see the library for what each does and costs.'),
    runFields, evalFields, speedField,
    lab ? h('div', {class: 'field'}, h('label', {for: 'f-lab'}, 'Lab'), lab, labInfo) : null,
    field('f-seed', 'Seed', seed, 'The same seed and inputs give the same verdicts; an evaluation starts its seeds here.'),
    h('div', {class: 'actions'}, submit));
  modeRun.addEventListener('change', syncMode);
  modeEval.addEventListener('change', syncMode);

  const form = h('form', {class: 'card start', 'aria-labelledby': 'start-title', onsubmit: async (e) => {
    e.preventDefault();
    if (!can) return;
    submit.disabled = true;
    mount(status, 'Starting…');
    const isRun = modeRun.checked;
    const body = isRun
      ? {architecture: arch.value, scenario: scen.value, detection: det.value, seed: Number(seed.value), speed: speed.value, pcap: pcap.checked}
      : {architecture: arch.value, suite: suite.value, detection: det.value, seed: Number(seed.value), seeds: Number(seeds.value), speed: speed.value};
    if (lab) body.lab = lab.value;
    const picked = [...books.selectedOptions].map((o) => o.value);
    if (picked.length) body.playbooks = picked;
    try {
      const res = await json(isRun ? '/api/runs' : '/api/evaluations', {method: 'POST', body});
      location.hash = `#/${isRun ? 'runs' : 'evaluations'}/${encodeURIComponent(res.id)}/live`;
    } catch (err) {
      mount(status, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  }},
  h('h1', {id: 'start-title'}, 'Start a run or an evaluation'),
  can ? null : info(`You are signed in as ${session.role}: starting runs needs the operator or admin role. The form is shown for reference.`),
  fieldset, status);
  mount(el, form);
  syncMode();
}
