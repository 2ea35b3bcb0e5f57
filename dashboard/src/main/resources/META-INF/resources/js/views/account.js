// The account page: change one's own password. The current password is asked again so that a tab
// left open does not let someone else take the account over; a new login with the new password
// then starts a fresh session, so the page goes on without asking again.
import {json, login, session} from '../api.js';
import {h, mount, errorBox, info} from '../dom.js';

export function render(el) {
  const status = h('div', {class: 'form-status', 'aria-live': 'polite', 'data-testid': 'account-status'});
  const current = h('input', {id: 'acc-current', type: 'password', autocomplete: 'current-password', required: true});
  const fresh = h('input', {id: 'acc-new', type: 'password', autocomplete: 'new-password', required: true, minlength: 10});
  const again = h('input', {id: 'acc-again', type: 'password', autocomplete: 'new-password', required: true, minlength: 10});
  const button = h('button', {type: 'submit', class: 'btn btn-primary'}, 'Change the password');
  const user = session.me ? session.me.user : '';
  const form = h('form', {class: 'card login', 'aria-labelledby': 'acc-title', onsubmit: async (e) => {
    e.preventDefault();
    if (fresh.value !== again.value) {
      mount(status, errorBox({message: 'The two new passwords differ.', remedy: 'Type the same new password twice.'}));
      return;
    }
    button.disabled = true;
    mount(status, 'Changing…');
    try {
      await json('/api/me/password', {method: 'PUT', body: {current: current.value, password: fresh.value}});
      await login(user, fresh.value);
      current.value = fresh.value = again.value = '';
      mount(status, info('✓ Password changed.'));
    } catch (err) {
      mount(status, errorBox(err));
    } finally {
      button.disabled = false;
    }
  }},
  h('h1', {id: 'acc-title'}, `Account: ${user}`),
  h('p', {class: 'hint', 'data-testid': 'account-hint'}, `Role: ${session.role}. Passwords have at least 10 characters; `,
    session.role === 'admin'
      ? ['reset anyone else\'s forgotten password on the ', h('a', {href: '#/users'}, 'Users page'), '.']
      : 'an admin can reset a forgotten one.'),
  h('label', {for: 'acc-current'}, 'Current password'), current,
  h('label', {for: 'acc-new'}, 'New password'), fresh,
  h('label', {for: 'acc-again'}, 'New password again'), again,
  h('div', {class: 'actions'}, button),
  status);
  mount(el, form);
}
