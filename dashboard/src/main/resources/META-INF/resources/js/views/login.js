// The login form: POST /api/session checks the pair and starts a session (a cookie the page
// cannot read, plus the CSRF token api.js sends with every change).
import {login} from '../api.js';
import {h, mount, errorBox} from '../dom.js';

export function render(el, done) {
  const status = h('div', {class: 'form-status', 'aria-live': 'polite'});
  const user = h('input', {id: 'login-user', name: 'username', autocomplete: 'username', required: true, autofocus: true});
  const pass = h('input', {id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true});
  const button = h('button', {type: 'submit', class: 'btn btn-primary'}, 'Log in');
  const form = h('form', {class: 'card login', 'aria-labelledby': 'login-title', onsubmit: async (e) => {
    e.preventDefault();
    button.disabled = true;
    mount(status, 'Checking…');
    try {
      await login(user.value.trim(), pass.value);
      done();
    } catch (err) {
      mount(status, err.status === 401
        ? errorBox({message: 'User name or password is wrong.', remedy: 'Try again, or ask an admin to reset your password.'})
        : errorBox(err));
    } finally {
      button.disabled = false;
    }
  }},
  h('h1', {id: 'login-title'}, 'Log in to otlab'),
  h('p', {class: 'hint'}, 'Use your otlab account. On a fresh install the admin password is the one printed once in the service log, or OTLAB_ADMIN_PASSWORD.'),
  h('label', {for: 'login-user'}, 'User name'), user,
  h('label', {for: 'login-password'}, 'Password'), pass,
  h('div', {class: 'actions'}, button),
  status);
  mount(el, form);
  user.focus();
}
