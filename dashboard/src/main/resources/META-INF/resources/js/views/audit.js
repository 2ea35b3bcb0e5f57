// The audit log (admins): every change and login check, newest first, filtered by user, action,
// time range and text (GET /api/audit does the filtering), 50 at a time with "Load more". The
// filters live in the URL, so a filtered view can be bookmarked and survives a reload.
import {json} from '../api.js';
import {h, mount, table, when, errorBox, badge} from '../dom.js';
import {adminsOnly} from './users.js';

const PAGE = 50;
// Actions the service writes; the field takes any other too (an action's first word matches).
const ACTIONS = ['login', 'POST', 'PUT', 'DELETE', 'DELETE run', 'DELETE evaluation', 'DELETE upload', 'create-user', 'rename-user'];

/** The result's status as a word and icon as well as a colour. */
function resultBadge(result) {
  const code = Number(String(result).slice(0, 3));
  if (code >= 200 && code < 400) return badge('good', 'done', '✔');
  if (code >= 500) return badge('bad', 'failed', '✖');
  if (code >= 400) return badge('warn', 'refused', '⊘');
  return null;
}

/** A datetime-local value (the viewer's time) as the ISO instant the API takes. */
function iso(local) {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

export function render(el, query) {
  const user = h('input', {id: 'au-user', name: 'user', list: 'au-users', autocomplete: 'off', value: query.get('user') || ''});
  const users = h('datalist', {id: 'au-users'});
  const action = h('input', {id: 'au-action', name: 'action', list: 'au-actions', autocomplete: 'off', value: query.get('action') || ''});
  const actions = h('datalist', {id: 'au-actions'}, ACTIONS.map((a) => h('option', {value: a})));
  const from = h('input', {id: 'au-from', name: 'from', type: 'datetime-local', value: query.get('from') || ''});
  const to = h('input', {id: 'au-to', name: 'to', type: 'datetime-local', value: query.get('to') || ''});
  const text = h('input', {id: 'au-text', name: 'text', type: 'search', maxlength: 200, value: query.get('text') || ''});
  const field = (id, label, input, extra) => h('div', {class: 'field'}, h('label', {for: id}, label), input, extra);

  const filters = h('form', {class: 'filters', role: 'search', 'aria-label': 'Audit filters', onsubmit: (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const input of [user, action, from, to, text]) if (input.value.trim()) q.set(input.name, input.value.trim());
    const hash = `#/audit${q.toString() ? `?${q}` : ''}`;
    if (location.hash === hash) load(); else location.hash = hash;
  }},
  field('au-user', 'User', user, users),
  field('au-action', 'Action', action, actions),
  field('au-from', 'From', from),
  field('au-to', 'To', to),
  field('au-text', 'Text', text),
  h('div', {class: 'actions'},
    h('button', {type: 'submit', class: 'btn btn-primary'}, 'Filter'),
    h('a', {class: 'btn', href: '#/audit'}, 'Clear')));

  const summary = h('p', {class: 'hint', 'aria-live': 'polite', 'data-testid': 'audit-summary'});
  const listBox = h('div', {'data-testid': 'audit-list'});
  const more = h('button', {type: 'button', class: 'btn', 'data-testid': 'audit-more', hidden: true}, 'Load more');
  const status = h('div', {'aria-live': 'polite'});
  let entries = [];

  const params = (before) => {
    const q = new URLSearchParams({limit: String(PAGE)});
    if (query.get('user')) q.set('user', query.get('user'));
    if (query.get('action')) q.set('action', query.get('action'));
    if (query.get('from')) q.set('from', iso(query.get('from')));
    if (query.get('to')) q.set('to', iso(query.get('to')));
    if (query.get('text')) q.set('text', query.get('text'));
    if (before) q.set('before', String(before));
    return q;
  };

  async function load(before) {
    more.disabled = true;
    try {
      const page = await json(`/api/audit?${params(before)}`);
      entries = before ? entries.concat(page) : page;
      mount(listBox, table([
        {label: 'Time', cell: (e) => h('time', {datetime: e.time}, when(e.time))},
        {label: 'User', cell: (e) => e.user},
        {label: 'Action', cell: (e) => h('code', null, e.action)},
        {label: 'Target', cell: (e) => h('code', {class: 'wrap'}, e.target)},
        {label: 'Result', cell: (e) => h('span', null, resultBadge(e.result), ' ', e.result)},
      ], entries, {'aria-label': 'Audit log', empty: 'no entries match'}));
      const filtered = [...query.keys()].length > 0;
      const end = page.length < PAGE;
      mount(summary, `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}${filtered ? ' matching the filters' : ''}, newest first${end ? ' — the whole log' + (filtered ? ' that matches' : '') : ''}.`);
      more.hidden = end;
      mount(status);
      return true;
    } catch (err) {
      if (err.status === 403) {
        adminsOnly(el, 'Audit log', err);
        return false;
      }
      mount(status, errorBox(err));
      return true;
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener('click', () => load(entries.length ? entries[entries.length - 1].id : undefined));

  mount(el,
    h('div', {class: 'page-head'}, h('h1', null, 'Audit log'), h('a', {class: 'btn', href: '#/users'}, 'Users')),
    h('p', {class: 'hint'}, 'Every change (who, what, on which path, how it ended) and every login check. An action matches as a whole or by its first word (DELETE finds DELETE run too); text searches action, target and result. From and To are in your local time.'),
    filters, status, summary, h('section', {class: 'card', 'aria-label': 'Entries'}, listBox, h('div', {class: 'actions'}, more)));
  load().then((shown) => {
    if (!shown) return;
    json('/api/users').then((list) => list.forEach((u) => users.append(h('option', {value: u.username})))).catch(() => {});
  });
}
