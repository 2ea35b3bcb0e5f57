// Plain words for results: the glossary (each term's everyday label and its definition or
// formula, docs/scoring.md), labels that show the definition on hover and link to the glossary,
// the verdict sentence box, findings counted by severity, and rule matches as text.
import {h, badge} from './dom.js';

/** term key -> [plain label, definition]. The glossary page lists them in this order. */
export const GLOSSARY = {
  verdict: ['Verdict', 'One sentence saying what happened: whether the attack reached its goal, where it was stopped, and what detection saw. Computed by the service (Verdicts in the scoring module), the same for the dashboard, the report and the CLI.'],
  reached: ['Goal reached', 'The attack achieved its objective (a tank overflowed, a pump stopped, a PLC was identified). The time is counted from the attack\'s first step.'],
  prevented: ['Prevented', 'The objective was not reached and cannot be any more: a conduit refused a step, a step failed at its target, or every step ran and the safety system or the process kept the plant short of the limit. Only a prevented run earns prevention credit.'],
  undecided: ['Undecided', 'The run hit its time limit with the objective still open. It earns no prevention credit; the trend says whether it was heading for the limit.'],
  'since-attack': ['Time since the attack began', 'Simulated time counted from the start of the attack\'s first step (not from the start of the run). Each card says which clock it uses.'],
  'run-time': ['Run time', 'Simulated time since the run started; the attack usually begins some time in.'],
  harm: ['Harm (0 = none, 1 = worst)', 'h = max(L, Q, S): L how far and how long the plant left its safe envelope, Q the share of production lost, S extra safety-system trips; each from 0 to 1, compared with the same run without the attack.'],
  baseline: ['The same run without the attack', 'A second run of the plant with the same seed and normal operations but no attack steps (the "benign twin"). Only what differs from it counts as the attack\'s doing.'],
  envelope: ['Outside the safe envelope', 'Time during which any trip limit of the plant (a level, pressure or temperature too high or low) was crossed.'],
  'sis-trip': ['Safety-system trip', 'The safety instrumented system (SIS) shut part of the process down because a limit was crossed.'],
  'true-alert': ['True alert', 'An alert linked to an attack step (ground truth knows which traffic was the attacker\'s).'],
  'false-alert': ['False alert', 'An alert linked to no attack step: noise for the operators.'],
  'time-to-detect': ['Time to detect', 'From the attack\'s first step to the first true alert.'],
  'warning-time': ['Warning time before harm', 'Time of harm minus time of the first true alert: how long operators had to act. Negative when the alert came after the harm ("margin" in the JSON).'],
  'detection-credit': ['Detection credit (0–1)', 'd = [seen before harm] × (1 − γ × min(1, time to detect / window)): full credit for an alert right at the first step, less the later it comes, none after the harm (γ is a weight, see docs/scoring.md).'],
  observable: ['Anything to see', 'Whether the attack left traces a detector could see (attack traffic, a conduit refusal, a step that succeeded). Attacks that never got in do not count for detection.'],
  'attacker-level': ['Attacker skill (IEC 62443 SL 1–4)', 'SL 1: casual or accidental; SL 2: intentional, simple means and generic skills; SL 3: sophisticated means, moderate resources, ICS-specific skills; SL 4: sophisticated means with extended resources (a state-level team).'],
  'sl-t': ['Security level target (SL-T)', 'The IEC 62443 attacker skill a zone is meant to withstand.'],
  foothold: ['Foothold', 'The host the attacker starts on (an infected laptop, a vendor session).'],
  conduit: ['Conduit', 'The guarded link between two zones; its rules decide which traffic passes. Anything no rule allows is refused (default deny).'],
  'default-deny': ['Default deny', 'A conduit refuses every flow that none of its rules allows.'],
  coverage: ['ATT&CK coverage', 'Per technique of MITRE ATT&CK for ICS: prevented (100), detected before harm (50), detected after harm (25), succeeded unseen (0).'],
  severity: ['Finding severity', 'Static checks of the architecture rate each finding high (an attacker path to a controller or safety system), medium or low (hygiene). Compare designs by their high findings first.'],
  'sub-scores': ['Sub-scores (0–100)', 'Prevention: weighted share of runs prevented (undecided earns nothing); detection: weighted mean detection credit over the runs with anything to see; impact: 100 × (1 − weighted mean harm); operations: falls as benign operations are refused (5 % refused gives 0) and as false alerts come (2 an hour give 0); total: weighted mean (prevention 0.35, detection 0.25, impact 0.25, operations 0.15).'],
  noise: ['Beyond seed noise', 'Each seed varies timing and traffic. A difference is beyond the noise when Welch\'s t-test over the per-seed scores gives p < 0.05; with one seed a side nobody can tell.'],
  interval: ['95% interval', 'The range that holds the true mean with 95% confidence, over the seeds played (Student t for scores, Wilson for shares).'],
};

/** A label with the term's definition on hover and a link to the glossary entry. */
export function term(key, label) {
  const g = GLOSSARY[key];
  if (!g) return label;
  return h('span', {class: 'term', title: g[1], 'data-term': key}, label || g[0],
    h('a', {class: 'term-link', href: `#/glossary?term=${encodeURIComponent(key)}`, 'aria-label': `what "${label || g[0]}" means`}, '?'));
}

const VERDICT_KIND = {REACHED: ['bad', '✖'], PREVENTED: ['good', '✔'], UNDECIDED: ['warn', '?']};

/**
 * The verdict sentence in a box. The sentence itself starts with the outcome in words ("The attack
 * reached its goal", "Prevented", "Undecided"), so the colour never carries it alone.
 */
export function verdictBox(text, kind) {
  if (!text) return null;
  const [cls, icon] = VERDICT_KIND[kind] || ['info', 'ℹ'];
  return h('p', {class: `verdict verdict-${cls}`, 'data-testid': 'verdict', 'data-kind': kind || 'summary'},
    h('strong', null, h('span', {'aria-hidden': 'true'}, `${icon} `), term('verdict', 'Verdict'), ': '), text);
}

const SEVERITY_STYLE = {
  critical: ['bad', '‼'], high: ['bad', '▲'], medium: ['warn', '◆'], low: ['neutral', '▽'], info: ['muted', 'ℹ'],
};

/** Counts per severity from a {high: n, ...} map or a list of findings with a severity. */
export function severityCounts(x) {
  if (Array.isArray(x)) {
    const m = {};
    for (const f of x) {
      const s = String(f.severity || 'info').toLowerCase();
      // otlab check groups findings alike: one entry with its count stands for all of them.
      m[s] = (m[s] || 0) + (f.count > 1 ? f.count : 1);
    }
    return m;
  }
  return x || {};
}

/**
 * Findings badges by severity: "▲ 8 high" in the strongest style, "▽ 10 low" in a quiet one, so a
 * design with many low findings never looks worse than one with a few high ones.
 */
export function severityBadges(x) {
  const m = severityCounts(x);
  const parts = Object.keys(SEVERITY_STYLE).filter((s) => m[s] > 0).map((s) => {
    const [kind, icon] = SEVERITY_STYLE[s];
    return h('span', {class: `badge badge-${kind} sev sev-${s}`, 'data-severity': s, 'data-count': String(m[s])},
      h('span', {'aria-hidden': 'true'}, `${icon} `), `${m[s]} ${s}`);
  });
  return h('span', {class: 'sev-badges', 'data-testid': 'severity-badges', title: GLOSSARY.severity[1]},
    parts.length ? parts : badge('good', 'no findings', '✓'));
}

/** Modbus function codes by number, as the specification names them (90: vendor program/mode). */
export const MODBUS_FUNCTIONS = {
  1: 'Read Coils', 2: 'Read Discrete Inputs', 3: 'Read Holding Registers', 4: 'Read Input Registers',
  5: 'Write Single Coil', 6: 'Write Single Register', 7: 'Read Exception Status', 8: 'Diagnostics',
  15: 'Write Multiple Coils', 16: 'Write Multiple Registers', 17: 'Report Server ID',
  22: 'Mask Write Register', 23: 'Read/Write Multiple Registers', 43: 'Read Device Identification',
  90: 'Program and Mode (vendor)',
};

export function functionName(fc) {
  const n = Number(fc);
  return `${String(n).padStart(2, '0')} ${MODBUS_FUNCTIONS[n] || 'function'}`;
}

const lower = (v) => String(v).toLowerCase().replace(/_/g, '-');

/** What a rule's Modbus, OPC UA or MQTT filter lets through, in words. */
export function matchText(r) {
  const out = [];
  const m = r.modbus;
  if (m) {
    const fcs = [...(m.functionCodes || [])].sort((a, b) => a - b);
    out.push(fcs.length ? `Modbus functions ${fcs.map(functionName).join(', ')}` : 'any Modbus function');
    const ranges = (m.ranges || []).map((x) => (Array.isArray(x)
      ? `${x[0]}–${x[1]}`
      : `${x.table ? `${lower(x.table)} ` : ''}${x.first === x.last ? x.first : `${x.first}–${x.last}`}`));
    out.push(ranges.length ? `addresses ${ranges.join(', ')}` : 'any address');
  }
  const o = r.opcua;
  if (o) {
    const services = (o.services || []).map(lower);
    out.push(services.length ? `OPC UA services ${services.join(', ')}` : 'any OPC UA service');
    if (o.minSecurityMode) out.push(`security at least ${lower(o.minSecurityMode)}`);
  }
  const q = r.mqtt;
  if (q) {
    const topics = q.topics || [];
    out.push(`MQTT ${q.direction && lower(q.direction) !== 'any' ? `${lower(q.direction)} ` : ''}${topics.length ? `on topics ${topics.join(', ')}` : 'on any topic'}`);
  }
  return out;
}
