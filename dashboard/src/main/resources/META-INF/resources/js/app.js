// Entry point: hash router, login gate and the top bar. Hash routes keep the app a set of static
// files that Quarkus serves as-is, with no server-side fallback route needed.
import {session, onUnauthorized, restore, logout} from './api.js';
import {h, mount} from './dom.js';
import * as login from './views/login.js';
import * as library from './views/library.js';
import * as start from './views/start.js';
import * as lists from './views/lists.js';
import * as live from './views/live.js';
import * as replay from './views/replay.js';
import * as scorecard from './views/scorecard.js';
import * as compare from './views/compare.js';
import * as account from './views/account.js';
import * as glossary from './views/glossary.js';
import * as users from './views/users.js';
import * as audit from './views/audit.js';
import * as exercise from './views/exercise.js';
import * as trainee from './views/trainee.js';
import * as sweeps from './views/sweeps.js';

const main = document.getElementById('main');
let cleanup = null;

/** Route table: first path segment -> handler(container, segments, query). */
const routes = {
  login: (el) => login.render(el, () => { go(sessionStorage.getItem('otlab.next') || home()); }),
  library: (el, seg) => library.render(el, seg[1], seg[2]),
  start: (el, seg, q) => start.render(el, q),
  runs: (el, seg, q) => route(el, 'run', seg, q),
  evaluations: (el, seg, q) => route(el, 'evaluation', seg, q),
  sweeps: (el, seg) => (seg[1] ? sweeps.render(el, seg[1]) : sweeps.renderList(el)),
  compare: (el, seg, q) => compare.render(el, q.get('a'), q.get('b')),
  account: (el) => account.render(el),
  glossary: (el, seg, q) => glossary.render(el, q.get('term')),
  users: (el) => users.render(el),
  audit: (el, seg, q) => audit.render(el, q),
  exercises: (el, seg) => exercises(el, seg),
};

// Exercises: trainers (staff) and trainees get pages of their own at the same addresses.
function exercises(el, seg) {
  const isTrainee = session.role === 'trainee';
  if (!seg[1]) return isTrainee ? trainee.renderList(el) : exercise.renderList(el);
  if (seg[1] === 'new' && !isTrainee) return exercise.renderNew(el);
  if (isTrainee) return trainee.render(el, seg[1]);
  if (seg[2] === 'debrief') return exercise.renderDebrief(el, seg[1]);
  return exercise.renderStaff(el, seg[1]);
}

/** Where a user lands: a trainee has only exercises. */
function home() {
  return session.role === 'trainee' ? '#/exercises' : '#/evaluations';
}

function route(el, kind, seg, q) {
  if (!seg[1]) return lists.render(el, kind, q);
  if (seg[2] === 'live') return live.render(el, kind, seg[1]);
  if (seg[2] === 'replay' && kind === 'run') return replay.render(el, seg[1]);
  return scorecard.render(el, kind, seg[1]);
}

function parse() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  return {seg: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query || '')};
}

export function go(hash) {
  if (location.hash === hash) render(); else location.hash = hash;
}

function render() {
  if (cleanup) {
    try { cleanup(); } catch (e) { console.error(e); }
    cleanup = null;
  }
  let {seg, query} = parse();
  if (!session.loggedIn && seg[0] !== 'login') {
    // Remember where the user wanted to go so a bookmark survives the login form.
    // An empty address has no page of its own: after the login each role goes to its home.
    if (location.hash && location.hash !== '#/') sessionStorage.setItem('otlab.next', location.hash);
    else sessionStorage.removeItem('otlab.next');
    location.replace('#/login');
    return;
  }
  if (seg.length === 0) {
    location.replace(home());
    return;
  }
  topbar(seg[0]);
  const handler = routes[seg[0]];
  const el = mount(main);
  if (!handler) {
    mount(el, h('h1', null, 'Not found'), h('p', null, 'No page at ', h('code', null, location.hash), '.'));
    return;
  }
  const result = handler(el, seg, query);
  if (typeof result === 'function') cleanup = result;
  else if (result && typeof result.then === 'function') {
    result.then((fn) => { if (typeof fn === 'function') cleanup = fn; }).catch((e) => console.error(e));
  }
}

function topbar(current) {
  const loggedIn = session.loggedIn;
  document.getElementById('nav').hidden = !loggedIn;
  document.getElementById('userbox').hidden = !loggedIn;
  adminNav(loggedIn && session.role === 'admin');
  document.querySelector('.brand').setAttribute('href', loggedIn ? home() : '#/evaluations');
  // A trainee reaches exercises only; the staff's pages would answer 403.
  document.querySelectorAll('#nav a:not([data-trainee])').forEach((a) => {
    if (!a.hasAttribute('data-admin')) a.hidden = loggedIn && session.role === 'trainee';
  });
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.dataset.route === current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (loggedIn && session.me) {
    mount(document.getElementById('whoami'),
      h('a', {class: 'user', href: '#/account', title: 'Account and password'}, '', session.me.user), ' ',
      h('span', {class: `role role-${session.role}`}, session.role));
  }
}

// Admin pages (users, audit) are listed only for admins; the pages themselves show the API's 403
// to anyone else who opens them by address.
function adminNav(isAdmin) {
  document.querySelectorAll('#nav [data-admin]').forEach((a) => { a.hidden = !isAdmin; });
}

document.getElementById('logout').addEventListener('click', async () => {
  sessionStorage.removeItem('otlab.next');
  try {
    await logout();
  } catch (e) {
    console.warn('logout', e);
  }
  go('#/login');
});

// The skip link moves focus to the content (a listener: the page's policy allows no inline script).
document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('main').focus();
});

onUnauthorized(() => {
  session.clear();
  if (!location.hash.startsWith('#/login')) {
    sessionStorage.setItem('otlab.next', location.hash);
    location.hash = '#/login';
  }
});

window.addEventListener('hashchange', render);
// A reload keeps the login: the session cookie survives it, and GET /api/session says whose it is.
restore().catch((e) => console.warn('session', e)).finally(render);
