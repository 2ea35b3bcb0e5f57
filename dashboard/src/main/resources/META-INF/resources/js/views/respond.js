// The "Respond" panel of a run's live view: an operator picks a response action (the kinds and
// fields playbooks use, docs/playbooks.md), its target from the architecture and plant, a delay
// and a reason, and POSTs it to /api/runs/{id}/responses. Every response record of the run (the
// operator's, a playbook's) is listed as the live stream reports it: done or refused, its result
// and side effects. Words and icons say done or refused, never colour alone.
import {json} from '../api.js';
import {h, mount, secs, badge, errorBox, info} from '../dom.js';

// Each kind's fields: [name, label, options(arch, plant) or null for free text/number].
const hosts = (a) => (a.hosts || []).map((x) => x.id);
const conduits = (a) => (a.conduits || []).map((x) => x.id);
const accounts = (a) => (a.accounts || []).map((x) => x.id);
const controllers = (a, p) => (p.controllers || []).map((x) => x.id);
const tags = (a, p) => (p.tags || []).map((x) => x.name);

export const KINDS = {
  'isolate-host': {label: 'Isolate a host', fields: [['host', 'Host', hosts]]},
  'block-flow': {label: 'Block a flow', fields: [['source', 'Source host', hosts], ['destination', 'Destination host', hosts], ['protocol', 'Protocol (optional)', () => ['', 'modbus', 'opcua', 'rdp', 'smb', 'http', 'vnc', 'ssh', 'mqtt']]]},
  'tighten-conduit': {label: 'Tighten a conduit', fields: [['conduit', 'Conduit', conduits], ['to', 'To', () => ['read-only', 'closed']]]},
  'kill-connections': {label: 'Kill connections', fields: [['source', 'Source host', hosts], ['destination', 'Destination host', hosts]]},
  'disable-account': {label: 'Disable an account', fields: [['account', 'Account', accounts]]},
  'reset-credential': {label: 'Reset a credential', fields: [['account', 'Account', accounts]]},
  'safe-state': {label: 'Put a controller in a safe state', fields: [['controller', 'Controller', controllers], ['mode', 'Mode', () => ['manual', 'stop']]]},
  'restore-program': {label: 'Restore a PLC program', fields: [['controller', 'Controller', controllers]]},
  'reset-sis': {label: 'Clear an SIS bypass, reset its trip', fields: [['controller', 'Controller', controllers]]},
  'operator': {label: 'Operator action at the HMI', fields: [['tag', 'Tag', tags], ['value', 'Value', null]]},
};

/** One response record as a list item (also used by the run's result page). */
export function responseItem(r) {
  const a = r.action || {};
  return h('li', {class: 'response', 'data-testid': 'response-record', 'data-done': String(Boolean(r.done))},
    h('div', null, h('span', {class: 'mono'}, `t=${secs(r.time)}`), ' ',
      r.done ? badge('good', 'done', '✔') : badge('warn', 'refused', '✖'), ' ',
      h('strong', null, a.describe || a.kind || '?')),
    h('div', {class: 'hint'}, `${r.who || '?'} · asked at t=${secs(r.requested)} · why: ${r.why || ''}`),
    r.result ? h('div', null, r.result) : null,
    (r.effects || []).length ? h('ul', {class: 'effects'}, ...(r.effects || []).map((e) => h('li', null, e))) : null);
}

/**
 * The panel. `base` is the run's API path; `canOperate` whether the user may act.
 * Returns {el, record(r), ended()}.
 */
export function respondPanel({base, arch, plant, canOperate}) {
  const list = h('ol', {class: 'feed', 'data-testid': 'responses', reversed: true});
  const empty = h('p', {class: 'hint', 'data-testid': 'responses-empty'}, 'No response yet.');
  const notice = h('div', {'aria-live': 'polite', 'data-testid': 'respond-notice'});
  const kindSel = h('select', {id: 'respond-kind', 'data-testid': 'respond-kind'},
    ...Object.entries(KINDS).map(([k, v]) => h('option', {value: k}, v.label)));
  const fieldsBox = h('div', {class: 'respond-fields'});
  const after = h('input', {id: 'respond-after', type: 'number', min: 0, max: 3600, step: 1, value: 0, 'data-testid': 'respond-after'});
  const why = h('input', {id: 'respond-why', type: 'text', maxlength: 500, required: true, 'data-testid': 'respond-why', placeholder: 'what you saw'});
  let inputs = {};
  function drawFields() {
    inputs = {};
    const spec = KINDS[kindSel.value];
    mount(fieldsBox, ...spec.fields.map(([name, label, options]) => {
      const fid = `respond-${name}`;
      const input = options
        ? h('select', {id: fid, 'data-testid': fid}, ...options(arch, plant).map((o) => h('option', {value: o}, o || '(any)')))
        : h('input', {id: fid, type: 'number', step: 'any', 'data-testid': fid});
      inputs[name] = input;
      return h('div', {class: 'field'}, h('label', {for: fid}, label), input);
    }));
  }
  kindSel.addEventListener('change', drawFields);
  drawFields();
  const submit = h('button', {type: 'submit', class: 'btn btn-primary', 'data-testid': 'respond-submit'}, 'Respond');
  const form = h('form', {class: 'respond-form', 'data-testid': 'respond-form'},
    h('div', {class: 'field'}, h('label', {for: 'respond-kind'}, 'Action'), kindSel),
    fieldsBox,
    h('div', {class: 'field'}, h('label', {for: 'respond-after'}, 'After (simulated seconds)'), after),
    h('div', {class: 'field'}, h('label', {for: 'respond-why'}, 'Why'), why),
    submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = {kind: kindSel.value, why: why.value, after: Number(after.value || 0)};
    for (const [name, input] of Object.entries(inputs)) {
      if (input.value === '') continue;
      body[name] = input.type === 'number' ? Number(input.value) : input.value;
    }
    submit.disabled = true;
    try {
      const answer = await json(`${base}/responses`, {method: 'POST', body});
      mount(notice, info(`Sent: ${answer.action.describe}. Its record appears below once the lab has carried it out.`));
      why.value = '';
    } catch (err) {
      mount(notice, errorBox(err));
    } finally {
      submit.disabled = false;
    }
  });
  const el = h('div', {class: 'respond'},
    canOperate ? form : h('p', {class: 'hint'}, 'Operators take response actions; you see what was done.'),
    notice, empty, list);
  const seen = new Set();
  return {
    el,
    record(r) {
      const key = `${r.who}|${r.requested}|${r.time}|${(r.action || {}).describe}`;
      if (seen.has(key)) return;
      seen.add(key);
      empty.remove();
      list.prepend(responseItem(r));
    },
    ended() {
      form.remove();
    },
  };
}
