// The users page (admins): list, create, change a role, reset a password, delete. Every refusal
// shows the API's own error (code, sentence, remedy), next to the action that caused it. The API
// refuses an admin's change of their own role or account (USER_SELF) so that an admin remains;
// the page does not offer those actions at all and says why.
import {json, session} from '../api.js';
import {h, mount, table, when, errorBox, badge} from '../dom.js';

const ROLES = ['trainee', 'viewer', 'operator', 'admin'];
const ROLE_WORDS = {
  trainee: 'joins exercises, sees nothing else',
  viewer: 'reads results',
  operator: 'also starts runs and uploads',
  admin: 'also manages users and reads the audit log',
};

/** "Admins only" with the API's own refusal under it, for anyone else who opens an admin page. */
export function adminsOnly(el, title, err) {
  mount(el, h('h1', null, title),
    h('div', {class: 'msg msg-error', role: 'alert', 'data-testid': 'admins-only'},
      h('strong', null, '⊘ Admins only. '),
      `You are signed in as ${session.role}; this page needs the admin role. Ask an admin if you need it.`),
    err ? errorBox(err) : null);
}

function ok(text) {
  return h('div', {class: 'msg msg-ok', role: 'status'}, '✓ ', text);
}

export async function render(el) {
  const me = session.me ? session.me.user : '';
  const status = h('div', {'aria-live': 'polite', 'data-testid': 'users-status'});
  const listBox = h('div', {'data-testid': 'users-list'});

  let users;
  try {
    users = await json('/api/users');
  } catch (err) {
    if (err.status === 403) adminsOnly(el, 'Users', err);
    else mount(el, h('h1', null, 'Users'), errorBox(err));
    return;
  }

  async function reload(message) {
    try {
      users = await json('/api/users');
      mount(listBox, userTable());
      mount(status, message ? ok(message) : null);
    } catch (err) {
      mount(status, errorBox(err));
    }
  }

  function roleCell(u) {
    if (u.username === me) {
      return h('span', null, badge('info', u.role, '★'), ' ',
        h('span', {class: 'hint note-disabled'}, 'your own role: another admin can change it'));
    }
    const id = `role-${u.username}`;
    const select = h('select', {id, 'aria-label': `Role of ${u.username}`},
      ROLES.map((r) => h('option', {value: r, selected: r === u.role}, r)));
    // Disabled until another role is picked; the title says so to whoever wonders why.
    const save = h('button', {type: 'button', class: 'btn btn-small', disabled: true, title: 'Pick another role first'}, 'Change role');
    select.addEventListener('change', () => { save.disabled = select.value === u.role; });
    save.addEventListener('click', async () => {
      save.disabled = true;
      try {
        const res = await json(`/api/users/${encodeURIComponent(u.username)}/role`, {method: 'PUT', body: {role: select.value}});
        await reload(`${res.username} is now ${res.role} (${ROLE_WORDS[res.role]}).`);
      } catch (err) {
        save.disabled = false;
        mount(status, errorBox(err));
      }
    });
    return h('span', {class: 'inline-form cell-form'}, select, save);
  }

  function actionsCell(u) {
    const box = h('div', {class: 'row-actions cell-actions'});
    if (u.username === me) {
      mount(box, h('span', {class: 'hint note-disabled'},
        'This is you: change your password on ', h('a', {href: '#/account'}, 'your account page'),
        '. Another admin can delete this account.'));
      return box;
    }
    const resetBtn = h('button', {type: 'button', class: 'btn btn-small', 'aria-expanded': 'false'}, 'Reset password');
    const deleteBtn = h('button', {type: 'button', class: 'btn btn-small btn-danger'}, 'Delete');
    const panel = h('div', {class: 'cell-panel'});
    const buttons = h('div', {class: 'actions'}, resetBtn, deleteBtn);
    mount(box, buttons, panel);

    resetBtn.addEventListener('click', () => {
      const pid = `reset-${u.username}`;
      const pass = h('input', {id: pid, type: 'password', autocomplete: 'new-password', required: true});
      const msg = h('div', {'aria-live': 'polite'});
      const set = h('button', {type: 'submit', class: 'btn btn-small btn-primary'}, 'Set password');
      const form = h('form', {class: 'cell-form-block', onsubmit: async (e) => {
        e.preventDefault();
        set.disabled = true;
        try {
          await json(`/api/users/${encodeURIComponent(u.username)}/password`, {method: 'PUT', body: {password: pass.value}});
          await reload(`The password of ${u.username} is reset; tell them the new one and have them change it on their account page.`);
        } catch (err) {
          pass.setAttribute('aria-invalid', 'true');
          mount(msg, errorBox(err));
        } finally {
          set.disabled = false;
        }
      }},
      h('label', {for: pid}, `New password for ${u.username}`), pass,
      h('div', {class: 'actions'}, set, h('button', {type: 'button', class: 'btn btn-small', onclick: close}, 'Cancel')),
      msg);
      function close() {
        mount(panel);
        resetBtn.setAttribute('aria-expanded', 'false');
        resetBtn.focus();
      }
      mount(panel, form);
      resetBtn.setAttribute('aria-expanded', 'true');
      pass.focus();
    });

    deleteBtn.addEventListener('click', () => {
      // An inline confirmation: the name is on screen, and a stray click deletes nothing.
      const msg = h('div', {'aria-live': 'polite'});
      const yes = h('button', {type: 'button', class: 'btn btn-small btn-danger-solid'}, `Yes, delete ${u.username}`);
      const no = h('button', {type: 'button', class: 'btn btn-small'}, 'Keep');
      yes.addEventListener('click', async () => {
        yes.disabled = true;
        try {
          await json(`/api/users/${encodeURIComponent(u.username)}`, {method: 'DELETE'});
          await reload(`${u.username} is deleted; their runs and evaluations stay.`);
        } catch (err) {
          yes.disabled = false;
          mount(msg, errorBox(err));
        }
      });
      no.addEventListener('click', () => { mount(panel); deleteBtn.focus(); });
      mount(panel, h('div', {class: 'msg msg-warn', role: 'alert'},
        h('strong', null, `Delete ${u.username} (${u.role})?`), ' They can no longer log in. This cannot be undone.',
        h('div', {class: 'actions'}, yes, no), msg));
      no.focus();
    });
    return box;
  }

  function userTable() {
    return table([
      {label: 'User', cell: (u) => h('span', null, h('strong', null, u.username), u.username === me ? ' (you)' : '')},
      {label: 'Role', cell: roleCell},
      {label: 'Created', cell: (u) => when(u.created)},
      {label: 'Actions', cell: actionsCell},
    ], users.map((u) => Object.assign({__attrs: {'data-user': u.username}}, u)), {'aria-label': 'Users', empty: 'no users'});
  }

  // The create form: the API says what is wrong with a name or password, shown under the form.
  const name = h('input', {id: 'new-user', name: 'username', autocomplete: 'off', required: true, maxlength: 64, pattern: '[A-Za-z0-9_\\-]+'});
  // A new user reads by default (viewer), as before trainees were a role.
  const role = h('select', {id: 'new-role', name: 'role'}, ROLES.map((r) => h('option', {value: r, selected: r === 'viewer'}, `${r} (${ROLE_WORDS[r]})`)));
  const pass = h('input', {id: 'new-password', name: 'password', type: 'password', autocomplete: 'new-password', required: true, 'aria-describedby': 'new-password-hint'});
  const createStatus = h('div', {'aria-live': 'polite', 'data-testid': 'create-status'});
  const create = h('button', {type: 'submit', class: 'btn btn-primary'}, 'Create the user');
  const form = h('form', {class: 'card user-form', 'aria-labelledby': 'create-title', 'data-testid': 'create-user', onsubmit: async (e) => {
    e.preventDefault();
    create.disabled = true;
    name.removeAttribute('aria-invalid');
    pass.removeAttribute('aria-invalid');
    try {
      const res = await json('/api/users', {method: 'POST', body: {username: name.value.trim(), role: role.value, password: pass.value}});
      name.value = pass.value = '';
      mount(createStatus, ok(`${res.username} can log in now, as ${res.role}.`));
      await reload();
    } catch (err) {
      if (err.code === 'PASSWORD_WEAK') pass.setAttribute('aria-invalid', 'true');
      if (err.code === 'USERNAME_INVALID' || err.code === 'USER_EXISTS') name.setAttribute('aria-invalid', 'true');
      mount(createStatus, errorBox(err));
    } finally {
      create.disabled = false;
    }
  }},
  h('h2', {id: 'create-title'}, 'Create a user'),
  h('div', {class: 'field'}, h('label', {for: 'new-user'}, 'User name'), name,
    h('span', {class: 'hint'}, 'Letters, digits, _ and -; case does not count.')),
  h('div', {class: 'field'}, h('label', {for: 'new-role'}, 'Role'), role),
  h('div', {class: 'field'}, h('label', {for: 'new-password'}, 'Initial password'), pass,
    h('span', {class: 'hint', id: 'new-password-hint'}, '10 to 256 characters, at least 5 different ones, no runs like abcdef, not the user name, not a common password. Tell the user to change it.')),
  h('div', {class: 'actions'}, create),
  createStatus);

  mount(listBox, userTable());
  mount(el,
    h('div', {class: 'page-head'}, h('h1', null, 'Users'), h('a', {class: 'btn', href: '#/audit'}, 'Audit log')),
    h('p', {class: 'hint'}, 'Roles: viewer reads results; operator also starts runs and uploads; admin also manages users. You cannot change your own role or delete yourself, so an admin always remains.'),
    h('section', {class: 'card', 'aria-label': 'All users'}, listBox, status),
    form);
}
