// Éclats — facilitator console. Dense and calm: what needs action comes first.
import { createApi } from '/static/shared/api.js';
import { h, clear, pollWhileVisible, formatDate, formatDateTime, announcer, hashRoute } from '/static/shared/dom.js';
import { createLive } from '/static/shared/live.js';
import { mountPlaces } from '/static/facilitator/places.js';
import { mountLocal } from '/static/facilitator/local.js';
import { mountSkills } from '/static/facilitator/skills.js';
import { mountAgenda, mountCounsellor } from '/static/facilitator/agenda.js';
import { mountReport } from '/static/facilitator/report.js';
import { createSetupPrompt, mountSettings } from '/static/facilitator/settings.js';
import { mountAlerts, flagForm } from '/static/facilitator/safety.js';
import { mountRounds } from '/static/facilitator/rounds.js';
import { mountContributions } from '/static/facilitator/contributions.js';
import { mountSolutions } from '/static/facilitator/solutions.js';
import { mountWeekend } from '/static/facilitator/weekend.js';

const TOKEN_KEY = 'eclats.staff.token';
const POLL_MS = 30000; // a fallback: the live link brings the news at once
const REFRESH_DEBOUNCE_MS = 150;
const CONN_LABELS = { connected: 'En direct', reconnecting: 'Reconnexion…', offline: 'Hors ligne' };
const MAX_DAY = 10;

const STATUS = { draft: 'Pas commencée', running: 'En cours', paused: 'En pause', finished: 'Terminée' };

const state = {
  me: null,
  loginNotice: null,
  packs: null,
  sessions: null,
  detail: null,
  pending: [],
  sectionKeys: {},
  reviewNodes: {}, // submission id → element, kept across refreshes
  photoUrls: {},
  confirmRevoke: null,
  busy: false,
  conn: 'offline',
  watching: null, // session id whose staff room this connection joined
  online: null, // player id → true, from the watch reply, the players list or presence events
  drafts: {}, // team id → message being typed (the teams table is redrawn live)
  places: null, // the urban-games panel of the open session
  skills: null, // the skills-incubator panel of the open session
  agenda: null, // the appointments panel of the open session
  report: null, // the report panel of the open session
  rounds: null, // the live rounds panel of the open session
};

const api = createApi({
  tokenKey: TOKEN_KEY,
  onUnauthorized: function (msg) { toLogin(msg); },
  messages: { unauthorized: 'Votre session de connexion a expiré. Reconnectez-vous.' },
});

const app = document.getElementById('app');
const userBox = document.getElementById('user-box');
const live = document.getElementById('live');

const announce = announcer(live);
// the badges' contact e-mail, asked once of a facilitator (a banner above the page until given)
const setup = createSetupPrompt({ api: api, announce: function (m) { announce(m); }, before: app });

// ------------------------------------------------------------ live link (docs/REALTIME.md)

const socket = createLive({
  namespace: '/staff',
  token: function () { return api.token(); },
  onState: function (st) { state.conn = st; updateConn(); },
  onConnect: watchCurrent,
  onRefused: async function () {
    // a 401 here sends back to the login screen (api.js); otherwise try again later
    try { await api.get('/api/auth/me'); } catch (e) { return; }
    socket.later(30000);
  },
  events: {
    team: onTeamEvent,
    session: onSessionEvent,
    leaderboard: onLeaderboardEvent,
    presence: onPresenceEvent,
    submission: onSubmissionEvent,
    alerts: function (ev) { if (state.safety) state.safety.take(ev); }, // the safety net, staff only
    round: function (ev) { if (state.rounds) state.rounds.take(ev); }, // a live round (rounds.js)
    round_count: function (ev) { if (state.rounds) state.rounds.count(ev); },
  },
});

function connBadge() {
  const st = state.conn;
  return h('span', { class: 'conn conn-' + st, id: 'conn-state', testid: 'conn-state', 'data-state': st, title: st === 'connected' ? 'Les changements arrivent en direct.' : 'Les données se mettent à jour toutes les 30 secondes.' },
    h('span', { class: 'conn-dot', 'aria-hidden': 'true' }), CONN_LABELS[st] || st);
}

function updateConn() {
  const el = document.getElementById('conn-state');
  if (el) el.parentNode.replaceChild(connBadge(), el);
  updatePresenceCells();
}

// Join the opened session's room. One connection watches one session: moving to another
// one reconnects, so the previous session's events stop.
async function watchCurrent() {
  const d = state.detail;
  if (!d || !socket.connected()) return;
  if (state.watching != null && state.watching !== d.id) {
    state.watching = null;
    socket.restart();
    return;
  }
  let reply;
  try {
    reply = await socket.emit('watch', { session_id: d.id });
  } catch (e) {
    return;
  }
  if (!state.detail || state.detail.id !== d.id) return;
  if (reply.ok === false) { announce(reply.message || 'Suivi en direct indisponible.'); return; }
  state.watching = d.id;
  if (Array.isArray(reply.online)) {
    state.online = {};
    reply.online.forEach(function (id) { state.online[id] = true; });
  }
  refreshSession(); // what happened while we were not watching
}

let refreshTimer = null;
function scheduleRefresh() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(function () {
    refreshTimer = null;
    if (route().name === 'session') refreshSession(); else refreshSessions();
  }, REFRESH_DEBOUNCE_MS);
}

function teamOf(id) {
  const d = state.detail;
  return d ? d.teams.filter(function (t) { return t.id === id; })[0] || null : null;
}

// A row that just changed glows for a moment (no sound, nothing moves).
function flash(el) {
  if (!el) return;
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
}

function onTeamEvent(ev) {
  if (!ev) return;
  const t = teamOf(ev.team_id);
  if (!t) { if (!state.detail) scheduleRefresh(); return; }
  if (typeof ev.eclats === 'number') {
    t.eclats = ev.eclats;
    const cell = document.querySelector('[data-testid="team-eclats-' + t.id + '"]');
    if (cell) cell.textContent = '◆ ' + ev.eclats;
  }
  if (ev.type === 'solved') announce(t.name + ' a réussi « ' + (ev.title || 'une mission') + ' ».');
  if (ev.type === 'message') announce('Message envoyé à ' + t.name + '.');
  if (ev.type === 'booked') announce(t.name + ' : ' + (ev.by || 'un ou une jeune') + ' a pris ou annulé un rendez-vous (' + ev.booked + '/' + ev.total + ').');
  if (state.contributions) state.contributions.refreshSoon(); // who contributed what
  if (ev.type === 'finale' && state.weekend) {
    if (ev.by) announce('Le Cœur d\u2019Avenir est rallumé par ' + ev.by + ' : ' + t.name + ' reçoit ' + ev.reward + ' éclats.');
    state.weekend.refresh();
  }
  // a booking may also be what wins the mission ("solved"): the agenda looks again
  if (state.agenda) state.agenda.refreshSoon();
  if (ev.place && state.places) {
    if (ev.type === 'arrived') announce(t.name + ' : ' + (ev.by || 'quelqu\u2019un de l\u2019équipe') + ' a atteint ' + ev.place.name + ' (' + ev.present + '/' + ev.needed + ').');
    state.places.refresh();
  }
  flash(document.querySelector('[data-testid="team-row-' + t.id + '"]'));
  scheduleRefresh();
}

function onSessionEvent(ev) {
  if (!ev) return;
  const d = state.detail;
  if (d && route().name === 'session') {
    const was = d.status;
    if (ev.status) d.status = ev.status;
    if (typeof ev.current_day === 'number') d.current_day = ev.current_day;
    if (ev.type === 'announcement') announce('Annonce envoyée à tous les téléphones.');
    else if (was !== d.status) announce('Session : ' + (STATUS[d.status] || d.status) + '.');
    else if (ev.type === 'day_opened') announce('Jour ' + (ev.day || d.current_day) + ' ouvert.');
    drawSession(); // the status at once; days and teams of the day come with the refetch
    if (ev.type === 'day_opened' && state.rounds) state.rounds.refresh(); // that day's rounds
  }
  scheduleRefresh();
}

function onLeaderboardEvent(rows) {
  const d = state.detail;
  if (!d || !Array.isArray(rows)) return;
  let changed = false;
  rows.forEach(function (r) {
    const t = teamOf(r.team_id);
    if (!t) return;
    if (t.eclats !== r.eclats || t.rank !== r.rank || t.solved !== r.solved) changed = true;
    t.eclats = r.eclats;
    t.rank = r.rank;
    t.solved = r.solved;
  });
  if (changed) drawSession();
}

function onPresenceEvent(p) {
  if (!p || !state.detail) return;
  if (!state.online) state.online = {};
  if (p.online) state.online[p.player_id] = true;
  else delete state.online[p.player_id];
  const known = state.detail.players.some(function (x) { return x.id === p.player_id; });
  if (!known) scheduleRefresh(); // somebody just joined
  updatePresenceCells();
}

function onSubmissionEvent(sub) {
  if (!sub || !state.detail || !teamOf(sub.team_id)) return;
  if (sub.status && sub.status !== 'pending') { scheduleRefresh(); return; }
  if (state.pending.some(function (x) { return x.id === sub.id; })) return;
  state.pending = state.pending.concat([sub]);
  drawTodo();
  const card = state.reviewNodes[sub.id];
  if (card) {
    card.classList.add('is-new');
    setTimeout(function () { card.classList.remove('is-new'); }, 15000);
  }
  announce('Nouvelle réponse à valider : ' + sub.team_name + ', « ' + sub.quest_title + ' ».');
  scheduleRefresh();
}

function onlineIn(t) {
  if (!state.online) return null;
  return t.members.filter(function (m) { return state.online[m.id]; }).length;
}

function onlineText(t) {
  const n = onlineIn(t);
  return n == null ? '–' : n + '/' + t.members.length + ' en ligne';
}

function updatePresenceCells() {
  const d = state.detail;
  if (!d) return;
  d.teams.forEach(function (t) {
    const cell = document.querySelector('[data-testid="team-online-' + t.id + '"]');
    if (!cell) return;
    const n = onlineIn(t);
    cell.textContent = onlineText(t);
    cell.setAttribute('data-online', n == null ? '' : String(n));
    cell.className = 'online-cell' + (n ? ' is-on' : '');
  });
}

function route() {
  return hashRoute('sessions');
}

// Default start: the next Monday (today if Monday), so that the pack's weekend days
// (6 and 7, autonomous urban games) fall on Saturday and Sunday.
function nextMonday() {
  const d = new Date();
  d.setDate(d.getDate() + (8 - d.getDay()) % 7);
  const pad = function (n) { return (n < 10 ? '0' : '') + n; };
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

function errorBox(err, testid) {
  return h('div', { class: 'msg msg-error', role: 'alert', testid: testid || null }, err.message || String(err));
}

function statusPill(status) {
  return h('span', { class: 'pill pill-' + status, testid: 'session-status', 'data-status': status }, STATUS[status] || status);
}

// Re-render a section only when its data changed; keep keyboard focus on the
// same control (by data-testid) so a refresh never throws the user out.
function updateSection(el, key, draw) {
  if (state.sectionKeys[el.id] === key) return;
  const active = document.activeElement;
  if (active && el.contains(active) && /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName)) return; // typing: later
  const focusId = active && el.contains(active) ? active.getAttribute('data-testid') : null;
  state.sectionKeys[el.id] = key;
  clear(el);
  draw(el);
  if (focusId) {
    const again = el.querySelector('[data-testid="' + focusId + '"]');
    if (again) again.focus();
  }
}

// ------------------------------------------------------------ auth

function toLogin(msg) {
  socket.stop();
  state.watching = null;
  state.online = null;
  state.me = null;
  state.detail = null;
  state.sessions = null;
  state.loginNotice = msg || null;
  releasePhotos();
  setup.remove();
  renderUser();
  renderLogin();
}

function renderUser() {
  clear(userBox);
  if (!state.me) return;
  userBox.appendChild(connBadge());
  userBox.appendChild(h('span', { class: 'user-name', testid: 'staff-name' }, state.me.display_name || state.me.username));
  if (!isCounsellor()) userBox.appendChild(h('a', { href: '#/settings', class: 'user-settings', testid: 'nav-settings' }, 'Réglages'));
  userBox.appendChild(h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'logout', onclick: async function () {
    try { await api.post('/api/auth/logout'); } catch (e) { /* the token goes anyway */ }
    api.clearToken();
    toLogin('Votre session de connexion a pris fin : reconnectez-vous.');
  } }, 'Se déconnecter'));
}

function renderLogin() {
  document.title = 'Connexion · Console Éclats';
  clear(app);
  const user = h('input', { type: 'text', id: 'login-username', testid: 'login-username', autocomplete: 'username', required: true });
  const pass = h('input', { type: 'password', id: 'login-password', testid: 'login-password', autocomplete: 'current-password', required: true });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'login-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-block', testid: 'login-submit' }, 'Se connecter');
  const form = h('form', { class: 'login-form', novalidate: true },
    state.loginNotice ? h('div', { class: 'msg msg-info', role: 'status', testid: 'login-notice' }, state.loginNotice) : null,
    h('div', { class: 'field' }, h('label', { for: 'login-username' }, 'Identifiant'), user),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Mot de passe'), pass),
    error,
    submit);
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    if (!user.value.trim() || !pass.value) { error.textContent = 'Saisissez votre identifiant et votre mot de passe.'; return; }
    submit.disabled = true;
    try {
      const res = await api.post('/api/auth/login', { username: user.value.trim(), password: pass.value });
      api.setToken(res.token);
      state.me = res.facilitator;
      state.loginNotice = null;
      renderUser();
      if (!isCounsellor()) socket.start(); // the live link is the facilitators'
      if (!isCounsellor()) setup.check();
      render(true);
    } catch (e) {
      error.textContent = e.status === 401 ? 'Identifiant ou mot de passe incorrect.' : e.message;
      pass.select();
    } finally {
      submit.disabled = false;
    }
  });
  app.appendChild(h('section', { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', tabindex: '-1' }, 'Console des animateurs'),
    h('p', { class: 'muted' }, 'Connectez-vous pour préparer et animer vos sessions Éclats.'),
    form));
  user.focus();
}

// ------------------------------------------------------------ router

function render(moveFocus) {
  if (api.token() && !state.me) { boot(); return; }
  if (!api.token()) { renderLogin(); return; }
  const r = route();
  if (isCounsellor()) { renderCounsellor(r, moveFocus); return; }
  if (r.name === 'settings') renderSettings(moveFocus);
  else if (r.name === 'session' && r.arg) renderSession(parseInt(r.arg, 10), moveFocus);
  else renderSessions(moveFocus);
}

// « Réglages »: the installation's settings (today the badges' contact e-mail).
async function renderSettings(moveFocus) {
  if (state.places) { state.places.destroy(); state.places = null; }
  if (state.safety) { state.safety.destroy(); state.safety = null; }
  releasePhotos();
  state.detail = null;
  state.sectionKeys = {};
  document.title = 'Réglages · Console Éclats';
  const shown = mountSettings(app, { api: api, announce: announce, onSaved: function () { setup.check(); } });
  if (moveFocus) focusTitle();
  await shown;
}

function isCounsellor() { return !!(state.me && state.me.role === 'counsellor'); }

// A counsellor sees the sessions and, in each, their own slots and bookings: nothing else.
async function renderCounsellor(r, moveFocus) {
  clear(app);
  document.title = 'Mes rendez-vous · Console Éclats';
  const sessionId = r.name === 'agenda' && r.arg ? parseInt(r.arg, 10) : null;
  state.agenda = mountCounsellor(app, { api: api, sessionId: sessionId });
  if (state.safety) state.safety.destroy();
  state.safety = null;
  if (sessionId) { // the group's alerts, under the title (no live link for counsellors: every 30 s)
    const safetyEl = h('section', { class: 'panel', 'aria-labelledby': 'safety-title', id: 'sec-safety', testid: 'alerts-panel' });
    const heading = app.querySelector('h1');
    heading.parentNode.insertBefore(safetyEl, heading.nextSibling);
    state.safety = mountAlerts(safetyEl, { api: api, sessionId: sessionId, announce: announce, poll: 30000 });
  }
  if (moveFocus) focusTitle();
}

function focusTitle() {
  const t = app.querySelector('h1');
  if (t) t.focus();
  window.scrollTo(0, 0);
}

// ------------------------------------------------------------ sessions list

async function renderSessions(moveFocus) {
  if (state.places) { state.places.destroy(); state.places = null; }
  if (state.safety) { state.safety.destroy(); state.safety = null; }
  document.title = 'Sessions · Console Éclats';
  releasePhotos();
  state.detail = null;
  state.sectionKeys = {};
  clear(app);
  const list = h('div', { id: 'sessions-list', class: 'panel' }, h('p', { class: 'muted' }, 'Chargement…'));
  const formHolder = h('div', { class: 'panel' });
  app.appendChild(h('h1', { tabindex: '-1' }, 'Vos sessions'));
  app.appendChild(h('div', { class: 'grid-2' },
    h('section', { 'aria-labelledby': 'sessions-title' }, h('h2', { id: 'sessions-title', class: 'visually-hidden' }, 'Liste des sessions'), list),
    h('section', { 'aria-labelledby': 'new-session-title' }, formHolder)));
  formHolder.appendChild(newSessionForm());
  if (moveFocus) focusTitle();
  await refreshSessions();
}

async function refreshSessions() {
  const list = document.getElementById('sessions-list');
  if (!list) return;
  try {
    state.sessions = await api.get('/api/sessions');
  } catch (e) {
    if (e.status !== 401) { clear(list).appendChild(errorBox(e)); state.sectionKeys[list.id] = null; }
    return;
  }
  updateSection(list, JSON.stringify(state.sessions), function (el) {
    if (!state.sessions.length) {
      el.appendChild(h('p', { testid: 'sessions-empty' }, 'Aucune session pour l\u2019instant. Créez la première avec le formulaire « Nouvelle session ».'));
      return;
    }
    el.appendChild(h('table', { class: 'table', testid: 'sessions-table' },
      h('caption', { class: 'visually-hidden' }, 'Vos sessions'),
      h('thead', null, h('tr', null, ['Groupe', 'Scénario', 'Début', 'Code', 'Statut', 'Jour', 'Jeunes'].map(function (t) { return h('th', { scope: 'col' }, t); }))),
      h('tbody', null, state.sessions.map(function (s) {
        return h('tr', { testid: 'session-row-' + s.id },
          h('th', { scope: 'row' }, h('a', { href: '#/session/' + s.id, testid: 'session-link-' + s.id }, s.name)),
          h('td', null, s.pack_title || s.pack),
          h('td', null, formatDate(s.start_date)),
          h('td', { class: 'mono' }, s.join_code),
          h('td', null, statusPill(s.status)),
          h('td', null, s.current_day ? s.current_day + '/' + MAX_DAY : '–'),
          h('td', { class: 'num' }, String(s.players_count)));
      }))));
  });
}

function newSessionForm() {
  const name = h('input', { type: 'text', id: 'new-session-name', testid: 'new-session-name', required: true, maxlength: '80', placeholder: 'Ex. : Garantie jeunes – groupe de mars' });
  const pack = h('select', { id: 'new-session-pack', testid: 'new-session-pack', required: true }, h('option', { value: '' }, 'Chargement…'));
  const start = h('input', { type: 'date', id: 'new-session-start', testid: 'new-session-start', required: true, value: nextMonday() });
  const teams = h('textarea', { id: 'new-session-teams', testid: 'new-session-teams', rows: '4', 'aria-describedby': 'new-session-teams-help' });
  teams.value = 'Équipe Aurore\nÉquipe Zénith';
  const choose = h('input', { type: 'checkbox', id: 'new-session-choose', testid: 'new-session-choose' });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'new-session-error' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'new-session-submit' }, 'Créer la session');
  const fieldErrors = {};
  function fieldError(key) { fieldErrors[key] = h('p', { class: 'field-error', hidden: true, id: 'new-session-' + key + '-error' }); return fieldErrors[key]; }

  const form = h('form', { class: 'new-session', novalidate: true, testid: 'new-session-form' },
    h('h2', { id: 'new-session-title' }, 'Nouvelle session'),
    h('div', { class: 'field' }, h('label', { for: 'new-session-name' }, 'Nom du groupe'), name, fieldError('name')),
    h('div', { class: 'field' }, h('label', { for: 'new-session-pack' }, 'Scénario'), pack, fieldError('pack')),
    h('div', { class: 'field' }, h('label', { for: 'new-session-start' }, 'Date du jour 1'), start, fieldError('start_date')),
    h('div', { class: 'field' }, h('label', { for: 'new-session-teams' }, 'Équipes (un nom par ligne)'), teams,
      h('p', { class: 'field-help', id: 'new-session-teams-help' }, 'De 1 à 6 équipes. Laissez vide pour deux équipes par défaut.'), fieldError('teams')),
    h('div', { class: 'field field-check' }, choose, h('label', { for: 'new-session-choose' }, 'Les jeunes choisissent leur équipe')),
    error,
    submit);

  api.get('/api/packs').then(function (packs) {
    state.packs = packs;
    clear(pack);
    if (!packs.length) pack.appendChild(h('option', { value: '' }, 'Aucun scénario installé'));
    packs.forEach(function (p) {
      pack.appendChild(h('option', { value: p.name }, p.title + ' — ' + p.organisation + (p.town ? ' (' + p.town + ')' : '')));
    });
  }).catch(function (e) { if (e.status !== 401) { clear(pack).appendChild(h('option', { value: '' }, 'Scénarios indisponibles')); error.textContent = e.message; } });

  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    Object.keys(fieldErrors).forEach(function (k) { fieldErrors[k].hidden = true; });
    const names = teams.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
    const body = { name: name.value.trim(), pack: pack.value, start_date: start.value, players_choose_team: choose.checked };
    if (names.length) body.teams = names;
    let bad = false;
    if (!body.name) { showErr('name', 'Donnez un nom au groupe.'); bad = true; }
    if (!body.pack) { showErr('pack', 'Choisissez un scénario.'); bad = true; }
    if (!body.start_date) { showErr('start_date', 'Choisissez la date du jour 1.'); bad = true; }
    if (names.length > 6) { showErr('teams', 'Six équipes au maximum.'); bad = true; }
    if (bad) { const first = form.querySelector('.field-error:not([hidden])'); if (first) first.parentNode.querySelector('input,select,textarea').focus(); return; }
    submit.disabled = true;
    try {
      const s = await api.post('/api/sessions', body);
      announce('Session « ' + s.name + ' » créée.');
      location.hash = '#/session/' + s.id;
    } catch (e) {
      const f = e.fields || {};
      Object.keys(f).forEach(function (k) { if (fieldErrors[k]) showErr(k, [].concat(f[k]).join(' ')); });
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  function showErr(key, msg) { fieldErrors[key].textContent = msg; fieldErrors[key].hidden = false; }
  return form;
}

// ------------------------------------------------------------ session view

async function renderSession(id, moveFocus) {
  releasePhotos();
  state.sectionKeys = {};
  state.reviewNodes = {};
  state.confirmRevoke = null;
  clear(app);
  app.appendChild(h('p', null, h('a', { href: '#/sessions', class: 'back-link', testid: 'back-sessions' }, '← Toutes les sessions')));
  const loading = h('p', { class: 'muted', role: 'status' }, 'Chargement de la session…');
  app.appendChild(loading);
  try {
    state.detail = await api.get('/api/sessions/' + id);
    state.pending = await api.get('/api/sessions/' + id + '/submissions?status=pending');
  } catch (e) {
    if (e.status === 401) return;
    loading.remove();
    app.appendChild(h('h1', { tabindex: '-1' }, 'Session indisponible'));
    app.appendChild(errorBox(e));
    if (moveFocus) focusTitle();
    return;
  }
  loading.remove();
  const d = state.detail;
  document.title = d.name + ' · Console Éclats';
  app.appendChild(h('div', { id: 'sec-head', class: 'session-head' }));
  // the safety net first: a young person who needs help today is never buried below
  const safetyEl = h('section', { class: 'panel', 'aria-labelledby': 'safety-title', id: 'sec-safety', testid: 'alerts-panel' });
  app.appendChild(safetyEl);
  if (state.safety) state.safety.destroy();
  state.safety = mountAlerts(safetyEl, { api: api, sessionId: d.id, announce: announce });
  app.appendChild(h('div', { class: 'grid-main' },
    h('section', { class: 'panel panel-todo', 'aria-labelledby': 'todo-title', testid: 'todo' },
      h('h2', { id: 'todo-title' }, 'À faire ', h('span', { class: 'count', id: 'todo-count', testid: 'pending-count' })),
      h('div', { id: 'sec-alerts' }),
      h('div', { id: 'sec-reviews', class: 'reviews', testid: 'reviews' })),
    h('div', { class: 'side-col' },
      h('section', { class: 'panel panel-join', 'aria-labelledby': 'join-title', id: 'sec-join', testid: 'join-panel' }),
      h('section', { class: 'panel panel-announce', 'aria-labelledby': 'announce-title' }, announceForm()),
      h('section', { class: 'panel', 'aria-labelledby': 'recaps-title' }, recapsForm(d.id)))));
  app.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'days-title', id: 'sec-days' }));
  const roundsEl = h('section', { class: 'panel', 'aria-labelledby': 'rounds-title', id: 'sec-rounds', testid: 'rounds-panel' });
  app.appendChild(roundsEl);
  if (state.rounds) state.rounds.destroy();
  state.rounds = mountRounds(roundsEl, {
    api: api,
    sessionId: d.id,
    currentDay: function () { return state.detail && state.detail.id === d.id ? state.detail.current_day : d.current_day; },
    announce: announce,
  });
  app.appendChild(h('section', { class: 'panel', 'aria-labelledby': 'teams-title', id: 'sec-teams' }));
  app.appendChild(h('div', { class: 'grid-2 grid-players' },
    h('section', { class: 'panel', 'aria-labelledby': 'players-title', id: 'sec-players' }),
    h('section', { class: 'panel', 'aria-labelledby': 'add-team-title' }, addTeamForm())));
  const placesEl = h('section', { class: 'panel', 'aria-labelledby': 'places-title', id: 'sec-places', testid: 'places-panel' });
  app.appendChild(placesEl);
  if (state.places) state.places.destroy();
  state.places = mountPlaces(placesEl, {
    api: api,
    sessionId: d.id,
    announce: announce,
  });
  const weekendEl = h('section', { class: 'panel', 'aria-labelledby': 'weekend-title', id: 'sec-weekend', testid: 'weekend-panel' });
  app.appendChild(weekendEl);
  if (state.weekend) state.weekend.destroy();
  state.weekend = mountWeekend(weekendEl, { api: api, sessionId: d.id, announce: announce });
  const contribEl = h('section', { class: 'panel', 'aria-labelledby': 'contributions-title', id: 'sec-contributions', testid: 'contributions-panel' });
  app.appendChild(contribEl);
  if (state.contributions) state.contributions.destroy();
  state.contributions = mountContributions(contribEl, { api: api, sessionId: d.id });
  const solutionsEl = h('section', { class: 'panel', 'aria-labelledby': 'solutions-title', id: 'sec-solutions', testid: 'solutions-panel' });
  app.appendChild(solutionsEl);
  if (state.solutions) state.solutions.destroy();
  state.solutions = mountSolutions(solutionsEl, { api: api, sessionId: d.id });
  const localEl = h('section', { class: 'panel', 'aria-labelledby': 'local-title', id: 'sec-local', testid: 'local-panel' });
  app.appendChild(localEl);
  mountLocal(localEl, { api: api, pack: d.pack, announce: announce });
  const agendaEl = h('section', { class: 'panel', 'aria-labelledby': 'agenda-title', id: 'sec-agenda', testid: 'agenda-panel' });
  app.appendChild(agendaEl);
  state.agenda = mountAgenda(agendaEl, { api: api, sessionId: d.id, announce: announce });
  const skillsEl = h('section', { class: 'panel', 'aria-labelledby': 'skills-title', id: 'sec-skills', testid: 'skills-panel' });
  app.appendChild(skillsEl);
  state.skills = mountSkills(skillsEl, {
    api: api,
    sessionId: d.id,
    players: function () { return (state.detail ? state.detail.players : []).filter(function (p) { return !p.revoked; }); },
    announce: announce,
  });
  const reportEl = h('section', { class: 'panel', 'aria-labelledby': 'report-title', id: 'sec-report', testid: 'report-panel' });
  app.appendChild(reportEl);
  if (state.report) state.report.destroy();
  state.report = mountReport(reportEl, { api: api, sessionId: d.id, announce: announce });
  takeOnline(d);
  drawSession();
  if (moveFocus) focusTitle();
  watchCurrent();
}

// Presence from REST when the server gives it (players[].online): the truth after a gap.
function takeOnline(d) {
  if (!d.players.some(function (p) { return typeof p.online === 'boolean'; })) return;
  state.online = {};
  d.players.forEach(function (p) { if (p.online) state.online[p.id] = true; });
}

// The day's recap by e-mail, for the young people who asked for it (also: eclats recaps send).
function recapsForm(sessionId) {
  const out = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'recaps-msg' });
  return h('div', null,
    h('h2', { id: 'recaps-title' }, 'Bilan du jour par e-mail'),
    h('p', { class: 'muted' }, 'Envoyé seulement aux jeunes qui l\u2019ont demandé dans l\u2019appli. Tous ont leur bilan dans l\u2019appli.'),
    h('button', { type: 'button', class: 'btn btn-secondary', testid: 'recaps-send', onclick: async function () {
      out.textContent = 'Envoi…';
      try {
        const r = await api.post('/api/sessions/' + sessionId + '/recaps/send', {});
        out.textContent = r.sent + ' bilan' + (r.sent > 1 ? 's envoyés' : ' envoyé') + (r.failed.length ? ' ; échec pour : ' + r.failed.join(', ') : '') + '.';
      } catch (e) { out.textContent = e.message; }
    } }, 'Envoyer le bilan du jour'),
    out);
}

function announceForm() {
  const text = h('textarea', { id: 'announce-text', testid: 'announce-text', rows: '2', maxlength: '500', required: true, 'aria-describedby': 'announce-help' });
  const status = h('p', { class: 'announce-status', role: 'status', testid: 'announce-status' });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'announce-error' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'announce-submit' }, 'Envoyer l\u2019annonce');
  const form = h('form', { class: 'announce', novalidate: true },
    h('h2', { id: 'announce-title' }, 'Annonce à tous'),
    h('div', { class: 'field' },
      h('label', { for: 'announce-text' }, 'Votre message'),
      text,
      h('p', { class: 'field-help', id: 'announce-help' }, 'Il s\u2019affiche tout de suite sur tous les téléphones de la session (500 caractères au plus).')),
    error,
    h('div', { class: 'btn-row' }, submit, status));
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    status.textContent = '';
    const value = text.value.trim();
    if (!value) { error.textContent = 'Écrivez l\u2019annonce avant de l\u2019envoyer.'; text.focus(); return; }
    submit.disabled = true;
    try {
      await sendLive('announce', { session_id: state.detail.id, text: value });
      text.value = '';
      status.textContent = 'Annonce envoyée ✓';
      setTimeout(function () { status.textContent = ''; }, 5000);
    } catch (e) {
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// Staff actions that only exist on the live link; the ack's French message on refusal.
async function sendLive(name, payload) {
  if (!socket.connected()) throw new Error('La connexion en direct est coupée : réessayez dans un instant.');
  let reply;
  try {
    reply = await socket.emit(name, payload);
  } catch (e) {
    throw new Error('Pas de réponse du serveur : vérifiez que le message est bien arrivé avant de le renvoyer.');
  }
  if (reply.ok === false) throw new Error(reply.message || 'Envoi impossible.');
  return reply;
}

async function refreshSession() {
  const d0 = state.detail;
  if (!d0) return;
  if (state.safety) state.safety.refresh();
  try {
    const res = await Promise.all([
      api.get('/api/sessions/' + d0.id),
      api.get('/api/sessions/' + d0.id + '/submissions?status=pending'),
    ]);
    if (!state.detail || state.detail.id !== d0.id) return;
    state.detail = res[0];
    state.pending = res[1];
    takeOnline(state.detail);
    drawSession();
  } catch (e) { /* shown on next user action */ }
}

function applyDetail(d) {
  state.detail = d;
  takeOnline(d);
  drawSession();
}

function drawSession() {
  const d = state.detail;
  if (state.skills) state.skills.playersChanged();
  const head = document.getElementById('sec-head');
  if (!head) return;
  updateSection(head, JSON.stringify([d.name, d.pack_title, d.status, d.current_day, d.start_date, d.players_count]), function (el) {
    el.appendChild(h('h1', { tabindex: '-1', testid: 'session-name' }, d.name));
    el.appendChild(h('p', { class: 'session-meta' },
      statusPill(d.status), ' ',
      h('span', { testid: 'session-day' }, d.current_day ? 'Jour ' + d.current_day + '/' + MAX_DAY : 'Aucun jour ouvert'),
      ' · ', d.pack_title || d.pack, ' · début le ', formatDate(d.start_date),
      ' · ', d.players_count + (d.players_count > 1 ? ' jeunes' : ' jeune')));
  });
  drawTodo();
  updateSection(document.getElementById('sec-join'), JSON.stringify([d.join_code, d.join_url, d.id, d.joining_open, d.bans_count]), drawJoin);
  updateSection(document.getElementById('sec-days'), JSON.stringify([d.status, d.current_day, d.days]), drawDays);
  updateSection(document.getElementById('sec-teams'), JSON.stringify([d.teams, d.current_day]), drawTeams);
  updateSection(document.getElementById('sec-players'), JSON.stringify([d.players, d.teams.map(function (t) { return [t.id, t.name]; }), state.confirmRevoke]), drawPlayers);
}

// ---- à faire

function drawTodo() {
  const d = state.detail;
  const pending = state.pending || [];
  const count = document.getElementById('todo-count');
  const n = pending.length || d.pending_reviews || 0;
  count.textContent = String(n);
  count.className = 'count' + (n ? '' : ' is-zero');
  count.setAttribute('aria-label', pending.length + (pending.length > 1 ? ' réponses à valider' : ' réponse à valider'));

  const alerts = [];
  if (!d.current_day) alerts.push(h('p', { class: 'msg msg-info' }, 'Aucun jour n\u2019est ouvert. Quand le groupe est prêt, cliquez sur « Ouvrir le jour 1 ».'));
  if (d.status === 'paused') alerts.push(h('p', { class: 'msg msg-warn' }, 'La session est en pause : les jeunes ne peuvent pas jouer. Pensez à la reprendre.'));
  if (d.status === 'running' && d.current_day) {
    // the server decides which teams are stuck (game/rules/quests.py, stuck_teams)
    const stuck = d.teams.filter(function (t) { return t.stuck; });
    if (stuck.length) {
      alerts.push(h('p', { class: 'msg msg-warn', testid: 'stuck-teams' }, 'Encore aucune mission réussie aujourd\u2019hui : ', stuck.map(function (t) { return t.name; }).join(', '), '. Un coup de pouce ?'));
    }
    const empty = d.teams.filter(function (t) { return t.members.length === 0; });
    if (empty.length) alerts.push(h('p', { class: 'msg msg-info' }, 'Équipe sans membre : ', empty.map(function (t) { return t.name; }).join(', '), '.'));
  }
  const alertsEl = document.getElementById('sec-alerts');
  updateSection(alertsEl, JSON.stringify(alerts.map(function (a) { return a.textContent; })), function (el) {
    alerts.forEach(function (a) { el.appendChild(a); });
  });

  // Reviews: keep existing cards (and what the facilitator typed in them).
  const box = document.getElementById('sec-reviews');
  const ids = {};
  pending.forEach(function (s) { ids[s.id] = true; });
  Object.keys(state.reviewNodes).forEach(function (sid) {
    if (!ids[sid]) { removeReviewCard(sid); }
  });
  pending.forEach(function (s) {
    if (!state.reviewNodes[s.id]) {
      const card = reviewCard(s);
      state.reviewNodes[s.id] = card;
      box.appendChild(card);
    }
  });
  let none = box.querySelector('.reviews-empty');
  if (!pending.length && !none) box.appendChild(h('p', { class: 'reviews-empty muted', testid: 'reviews-empty' }, 'Aucune réponse à valider pour l\u2019instant.'));
  if (pending.length && none) none.remove();
}

function removeReviewCard(sid) {
  const node = state.reviewNodes[sid];
  if (node && node.parentNode) node.parentNode.removeChild(node);
  delete state.reviewNodes[sid];
  if (state.photoUrls[sid]) { URL.revokeObjectURL(state.photoUrls[sid]); delete state.photoUrls[sid]; }
}

function reviewCard(s) {
  const cid = 'review-comment-' + s.id;
  const bid = 'review-bonus-' + s.id;
  const comment = h('textarea', { id: cid, testid: cid, rows: '2', placeholder: 'Un mot pour l\u2019équipe (facultatif)' });
  const bonus = h('input', { type: 'number', id: bid, testid: bid, min: '0', step: '1', value: '0', inputmode: 'numeric' });
  const error = h('div', { class: 'msg msg-error', role: 'alert' });
  const content = s.kind === 'photo'
    ? h('div', { class: 'review-photo', testid: 'review-photo-' + s.id }, h('p', { class: 'muted' }, 'Chargement de la photo…'))
    : h('blockquote', { class: 'review-text', testid: 'review-text-' + s.id }, s.text || '');
  async function send(verdict) {
    error.textContent = '';
    const n = parseInt(bonus.value, 10);
    if (isNaN(n) || n < 0) { error.textContent = 'Le bonus doit être un nombre positif ou nul.'; bonus.focus(); return; }
    buttons.forEach(function (b) { b.disabled = true; });
    try {
      await api.post('/api/submissions/' + s.id + '/review', { verdict: verdict, comment: comment.value.trim(), bonus: n });
      announce((verdict === 'approved' ? 'Réponse validée' : 'Réponse refusée') + ' pour ' + s.team_name + '.');
      const next = card.nextElementSibling || card.previousElementSibling;
      removeReviewCard(s.id);
      state.pending = state.pending.filter(function (x) { return x.id !== s.id; });
      const focusTarget = next && next.querySelector('textarea');
      if (focusTarget) focusTarget.focus();
      else {
        const title = document.getElementById('todo-title');
        title.setAttribute('tabindex', '-1');
        title.focus();
      }
      refreshSession();
    } catch (e) {
      error.textContent = e.message;
      buttons.forEach(function (b) { b.disabled = false; });
    }
  }
  const buttons = [
    h('button', { type: 'button', class: 'btn btn-ok', testid: 'review-approve-' + s.id, onclick: function () { send('approved'); } }, 'Valider'),
    h('button', { type: 'button', class: 'btn btn-danger', testid: 'review-reject-' + s.id, onclick: function () { send('rejected'); } }, 'Refuser'),
  ];
  const card = h('article', { class: 'review', testid: 'review-' + s.id, 'aria-labelledby': 'review-title-' + s.id },
    h('h3', { id: 'review-title-' + s.id }, s.quest_title),
    h('p', { class: 'review-meta' }, h('strong', null, s.team_name), ' · ', s.player_nickname, ' · ', formatDateTime(s.created_at)),
    content,
    h('div', { class: 'review-fields' },
      h('div', { class: 'field' }, h('label', { for: cid }, 'Commentaire'), comment),
      h('div', { class: 'field field-bonus' }, h('label', { for: bid }, 'Bonus d\u2019éclats'), bonus)),
    error,
    h('div', { class: 'btn-row' }, buttons),
    flagForm(s, { api: api, announce: announce }));
  if (s.kind === 'photo' && s.has_photo !== false) loadPhoto(s, content);
  return card;
}

async function loadPhoto(s, holder) {
  try {
    const blob = await api.blob('/api/submissions/' + s.id + '/photo');
    if (!state.reviewNodes[s.id]) return; // reviewed meanwhile
    const url = URL.createObjectURL(blob);
    state.photoUrls[s.id] = url;
    clear(holder).appendChild(h('a', { href: url, target: '_blank', rel: 'noopener', title: 'Ouvrir la photo en grand' },
      h('img', { src: url, alt: 'Photo envoyée par ' + s.player_nickname + ' (' + s.team_name + ') pour « ' + s.quest_title + ' »' })));
  } catch (e) {
    clear(holder).appendChild(h('p', { class: 'msg msg-error' }, 'Photo indisponible : ' + e.message));
  }
}

function releasePhotos() {
  Object.keys(state.photoUrls).forEach(function (k) { URL.revokeObjectURL(state.photoUrls[k]); });
  state.photoUrls = {};
}

// ---- join

function drawJoin(el) {
  const d = state.detail;
  const qr = '/api/join/' + encodeURIComponent(d.join_code) + '/qr.svg';
  el.appendChild(h('h2', { id: 'join-title' }, 'Rejoindre la session'));
  el.appendChild(h('p', { class: 'join-code-label' }, 'Code à saisir sur le téléphone'));
  el.appendChild(h('p', { class: 'join-code', testid: 'session-join-code' }, d.join_code));
  el.appendChild(h('img', { class: 'join-qr', src: qr, alt: 'QR code du lien pour rejoindre la session', width: '160', height: '160', testid: 'session-qr' }));
  el.appendChild(h('p', { class: 'join-url' }, h('a', { href: d.join_url, testid: 'session-join-url', target: '_blank', rel: 'noopener' }, d.join_url)));
  const copy = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'copy-join-url', onclick: function () {
    const done = function () { announce('Lien copié.'); copy.textContent = 'Lien copié ✓'; setTimeout(function () { copy.textContent = 'Copier le lien'; }, 2000); };
    const fallback = function () {
      // navigator.clipboard only exists on https or localhost
      const ta = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' });
      ta.value = d.join_url;
      document.body.appendChild(ta);
      ta.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      copy.focus();
      if (ok) done(); else announce('Copie impossible : sélectionnez le lien à la main.');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(d.join_url).then(done, fallback);
    else fallback();
  } }, 'Copier le lien');
  el.appendChild(h('div', { class: 'btn-row' },
    h('button', { type: 'button', class: 'btn', testid: 'fullscreen', onclick: function () { showProjector(d, qr); } }, 'Plein écran'),
    copy));
  el.appendChild(joiningControls(d));
}

// Keeping people out: a new code (old links and QR codes stop working), the session
// closed to newcomers, and the phones of disconnected players let back in.
function joiningControls(d) {
  const msg = h('p', { class: 'form-msg', role: 'status', testid: 'joining-msg' });
  async function act(promise, done) {
    try { await promise; announce(done); await refreshSession(); } catch (e) { msg.textContent = e.message; }
  }
  const box = h('div', { class: 'joining', testid: 'joining' },
    h('p', { testid: 'joining-state', 'data-open': d.joining_open ? 'true' : 'false' },
      d.joining_open ? 'Ouverte aux nouveaux joueurs.' : 'Fermée : personne ne peut plus rejoindre avec le code.'),
    h('div', { class: 'btn-row' },
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'joining-toggle', onclick: function () {
        act(api.put('/api/sessions/' + d.id + '/joining', { open: !d.joining_open }),
          d.joining_open ? 'Session fermée aux nouveaux joueurs.' : 'Session rouverte aux nouveaux joueurs.');
      } }, d.joining_open ? 'Fermer aux nouveaux' : 'Rouvrir aux nouveaux'),
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'join-code-change', onclick: function () {
        if (!window.confirm('Changer le code ? L\u2019ancien code, le lien et le QR code ne marcheront plus. Les jeunes déjà inscrits continuent de jouer.')) return;
        act(api.post('/api/sessions/' + d.id + '/join-code'), 'Nouveau code affiché.');
      } }, 'Changer le code')),
    d.bans_count ? h('p', { testid: 'bans' }, d.bans_count + (d.bans_count > 1 ? ' téléphones exclus' : ' téléphone exclu') + ' de cette session. ',
      h('button', { type: 'button', class: 'btn-link', testid: 'bans-lift', onclick: async function () {
        try { await api.del('/api/sessions/' + d.id + '/bans'); msg.textContent = 'Les téléphones exclus peuvent de nouveau rejoindre.'; refreshSession(); } catch (e) { msg.textContent = e.message; }
      } }, 'Les laisser revenir')) : null,
    msg);
  return box;
}

function showProjector(d, qr) {
  const opener = document.activeElement;
  const close = h('button', { type: 'button', class: 'btn projector-close', testid: 'fullscreen-close' }, 'Fermer');
  const overlay = h('div', { class: 'projector', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'projector-title', testid: 'fullscreen-overlay' },
    h('h2', { id: 'projector-title', class: 'projector-title' }, 'Rejoignez la mission !'),
    h('div', { class: 'projector-body' },
      h('img', { src: qr, alt: 'QR code du lien pour rejoindre la session', class: 'projector-qr' }),
      h('div', { class: 'projector-text' },
        h('p', { class: 'projector-step' }, 'Scannez le QR code, ou allez sur'),
        h('p', { class: 'projector-url' }, d.join_url.replace(/\/j\/[^/]*$/, '')),
        h('p', { class: 'projector-step' }, 'et tapez le code :'),
        h('p', { class: 'projector-code', testid: 'fullscreen-code' }, d.join_code))),
    close);
  function shut() {
    document.removeEventListener('keydown', onKey);
    if (document.fullscreenElement && document.exitFullscreen) quiet(document.exitFullscreen());
    if (overlay.parentNode) overlay.parentNode.removeChild(overlay);
    document.body.classList.remove('projecting');
    if (opener && opener.focus) opener.focus();
  }
  function onKey(ev) {
    if (ev.key === 'Escape') shut();
    if (ev.key === 'Tab') { ev.preventDefault(); close.focus(); } // the only control
  }
  close.addEventListener('click', shut);
  document.addEventListener('keydown', onKey);
  document.addEventListener('fullscreenchange', function onFs() {
    if (!document.fullscreenElement) { document.removeEventListener('fullscreenchange', onFs); if (overlay.parentNode) shut(); }
  });
  document.body.appendChild(overlay);
  document.body.classList.add('projecting');
  close.focus();
  // The overlay alone is fine when the browser refuses real full screen.
  if (overlay.requestFullscreen) { try { quiet(overlay.requestFullscreen()); } catch (e) { /* ignore */ } }
}

function quiet(promise) {
  if (promise && promise.catch) promise.catch(function () {});
}

// ---- days

function drawDays(el) {
  const d = state.detail;
  const next = d.current_day + 1;
  const nextDay = d.days.filter(function (x) { return x.number === next; })[0];
  const controls = h('div', { class: 'day-controls btn-row' });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'day-error' });
  async function act(path, body, okText) {
    error.textContent = '';
    const btns = controls.querySelectorAll('button');
    for (let i = 0; i < btns.length; i++) btns[i].disabled = true;
    try {
      const res = await api.post('/api/sessions/' + d.id + path, body);
      announce(okText);
      applyDetail(res);
    } catch (e) {
      error.textContent = e.message;
      for (let i = 0; i < btns.length; i++) btns[i].disabled = false;
    }
  }
  if (d.status !== 'finished' && next <= MAX_DAY) {
    controls.appendChild(h('button', { type: 'button', class: 'btn', testid: 'open-day', 'data-day': String(next), onclick: function () {
      if (!window.confirm('Ouvrir le jour ' + next + ' ? Ses missions deviennent jouables pour tout le groupe. Un jour ouvert ne peut pas être refermé.')) return;
      act('/days', { day: next }, 'Jour ' + next + ' ouvert.');
    } }, 'Ouvrir le jour ' + next));
  }
  if (d.status !== 'finished' && d.current_day >= MAX_DAY) {
    controls.appendChild(h('button', { type: 'button', class: 'btn btn-warn', testid: 'finish-session', onclick: function () {
      if (!window.confirm('Terminer la session ? Chaque téléphone affiche l\u2019écran de fin : l\u2019histoire, le podium, les offres trouvées. Plus personne ne pourra jouer. Cela ne peut pas être annulé.')) return;
      act('/finish', undefined, 'Session terminée : les téléphones affichent l\u2019écran de fin.');
    } }, 'Terminer la session'));
  }
  if (d.status === 'running' && d.current_day) {
    controls.appendChild(h('button', { type: 'button', class: 'btn btn-secondary', testid: 'pause', onclick: function () { act('/pause', undefined, 'Session mise en pause.'); } }, 'Mettre en pause'));
  }
  if (d.status === 'paused') {
    controls.appendChild(h('button', { type: 'button', class: 'btn btn-warn', testid: 'resume', onclick: function () { act('/resume', undefined, 'La session reprend.'); } }, 'Reprendre'));
  }
  el.appendChild(h('div', { class: 'days-head' },
    h('h2', { id: 'days-title' }, 'Les 10 jours'),
    controls));
  if (nextDay && d.status !== 'finished') {
    el.appendChild(h('p', { class: 'muted days-next' }, 'Prochain : jour ' + next + ' « ' + nextDay.title + ' »' + (nextDay.autonomous ? ', en autonomie (les jeunes jouent sans vous)' : '') + '.'));
  }
  if (d.status !== 'finished' && next <= MAX_DAY) {
    el.appendChild(h('p', { class: 'muted days-undo', testid: 'open-day-undo' }, 'Ouvrir un jour ne s\u2019annule pas : ses missions deviennent jouables pour tout le groupe, et un jour ouvert ne se referme pas.'));
  }
  if (d.status === 'finished') {
    el.appendChild(h('p', { class: 'msg msg-info', testid: 'session-finished' }, 'Session terminée. Les téléphones affichent l\u2019écran de fin. Plus personne ne peut jouer.'));
  }
  el.appendChild(error);
  el.appendChild(h('ol', { class: 'day-strip', testid: 'day-strip' }, d.days.map(function (day) {
    const opened = !!day.opened_at;
    const current = day.number === d.current_day;
    return h('li', {
      class: 'day' + (opened ? ' is-open' : '') + (current ? ' is-current' : '') + (day.autonomous ? ' is-auto' : ''),
      testid: 'day-' + day.number, 'data-opened': opened ? 'true' : 'false', 'data-autonomous': day.autonomous ? 'true' : 'false',
      'aria-current': current ? 'step' : null,
    },
      h('span', { class: 'day-n' }, 'J' + day.number),
      h('span', { class: 'day-title' }, day.title),
      h('span', { class: 'day-date' }, formatDate(day.date)),
      h('span', { class: 'day-tags' },
        opened ? h('span', { class: 'tag tag-open' }, current ? 'En cours' : 'Ouvert') : h('span', { class: 'tag' }, 'À venir'),
        day.autonomous ? h('span', { class: 'tag tag-auto' }, 'Autonome') : null));
  })));
}

// ---- teams

function drawTeams(el) {
  const d = state.detail;
  const teams = d.teams.slice().sort(function (a, b) { return a.rank - b.rank; });
  el.appendChild(h('h2', { id: 'teams-title' }, 'Équipes'));
  if (!teams.length) { el.appendChild(h('p', { class: 'muted' }, 'Aucune équipe.')); return; }
  el.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table', testid: 'teams-table' },
    h('caption', { class: 'visually-hidden' }, 'Progression des équipes'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Rang'), h('th', { scope: 'col' }, 'Équipe'), h('th', { scope: 'col', class: 'num' }, 'Éclats'),
      h('th', { scope: 'col' }, 'Aujourd\u2019hui'), h('th', { scope: 'col', class: 'num' }, 'Réussies'),
      h('th', { scope: 'col' }, 'Offres'), h('th', { scope: 'col' }, 'Membres'), h('th', { scope: 'col' }, 'En ligne'),
      h('th', { scope: 'col' }, 'Envoyer un indice / message'))),
    h('tbody', null, teams.map(function (t) {
      const pct = t.quests_today ? Math.round(100 * t.solved_today / t.quests_today) : 0;
      const opct = t.offers_total ? Math.round(100 * t.offers_unlocked / t.offers_total) : 0;
      return h('tr', { testid: 'team-row-' + t.id },
        h('td', { class: 'num rank' }, String(t.rank)),
        h('th', { scope: 'row' }, t.name),
        h('td', { class: 'num', testid: 'team-eclats-' + t.id }, '◆ ' + t.eclats),
        h('td', null, h('span', { class: 'mini' }, h('span', { class: 'mini-bar' }, h('span', { style: 'width:' + pct + '%' })), t.solved_today + '/' + t.quests_today)),
        h('td', { class: 'num' }, String(t.solved)),
        h('td', null, h('span', { class: 'mini' }, h('span', { class: 'mini-bar' }, h('span', { style: 'width:' + opct + '%' })), t.offers_unlocked + '/' + t.offers_total)),
        h('td', { class: 'members-cell' }, t.members.length ? t.members.map(function (m) { return m.nickname; }).join(', ') : h('span', { class: 'muted' }, 'personne')),
        h('td', { class: 'online-cell' + (onlineIn(t) ? ' is-on' : ''), testid: 'team-online-' + t.id, 'data-online': onlineIn(t) == null ? '' : String(onlineIn(t)) }, onlineText(t)),
        h('td', { class: 'message-cell' }, teamMessageForm(t)));
    })))));
  updatePresenceCells();
}

function teamMessageForm(t) {
  const id = 'team-message-' + t.id;
  const input = h('input', { type: 'text', id: id, testid: id, maxlength: '500', value: state.drafts[t.id] || '', 'aria-label': 'Indice ou message pour ' + t.name, placeholder: 'Un indice, un mot…' });
  const submit = h('button', { type: 'submit', class: 'btn btn-secondary btn-small', testid: 'team-message-submit-' + t.id }, 'Envoyer');
  const status = h('span', { class: 'team-message-status', role: 'status', testid: 'team-message-status-' + t.id });
  input.addEventListener('input', function () { state.drafts[t.id] = input.value; });
  const form = h('form', { class: 'team-message', novalidate: true }, input, submit, status);
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    status.textContent = '';
    status.className = 'team-message-status';
    const value = input.value.trim();
    if (!value) { status.textContent = 'Écrivez le message.'; status.className += ' is-error'; input.focus(); return; }
    submit.disabled = true;
    try {
      await sendLive('team_message', { team_id: t.id, text: value });
      input.value = '';
      delete state.drafts[t.id];
      status.textContent = 'Envoyé ✓';
    } catch (e) {
      status.textContent = e.message;
      status.className += ' is-error';
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- players

function drawPlayers(el) {
  const d = state.detail;
  el.appendChild(h('h2', { id: 'players-title' }, 'Jeunes (' + d.players.filter(function (p) { return !p.revoked; }).length + ')'));
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'players-error' });
  el.appendChild(error);
  if (!d.players.length) {
    el.appendChild(h('p', { class: 'muted' }, 'Personne n\u2019a encore rejoint. Affichez le code ou le QR code au groupe.'));
    return;
  }
  el.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table', testid: 'players-table' },
    h('caption', { class: 'visually-hidden' }, 'Jeunes de la session'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Pseudo'), h('th', { scope: 'col' }, 'Équipe'), h('th', { scope: 'col' }, 'Arrivée'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', null, d.players.map(function (p) {
      const sid = 'player-team-' + p.id;
      const select = h('select', { id: sid, testid: sid, 'aria-label': 'Équipe de ' + p.nickname, disabled: p.revoked },
        d.teams.map(function (t) { return h('option', { value: String(t.id), selected: t.id === p.team_id }, t.name); }));
      select.addEventListener('change', async function () {
        error.textContent = '';
        select.disabled = true;
        try {
          await api.patch('/api/sessions/' + d.id + '/players/' + p.id, { team_id: parseInt(select.value, 10) });
          announce(p.nickname + ' change d\u2019équipe.');
          select.disabled = false;
          select.blur();
          refreshSession();
        } catch (e) {
          error.textContent = e.message;
          select.value = String(p.team_id);
          select.disabled = false;
        }
      });
      let action;
      if (p.revoked) action = h('span', { class: 'muted', testid: 'player-revoked-' + p.id }, 'Hors de la partie');
      else if (state.confirmRevoke === p.id) {
        action = h('span', { class: 'confirm' },
          h('span', { class: 'confirm-q' }, 'Déconnecter ' + p.nickname + ' ?'), ' ',
          h('button', { type: 'button', class: 'btn btn-danger btn-small', testid: 'revoke-confirm-' + p.id, onclick: async function () {
            try {
              await api.post('/api/sessions/' + d.id + '/players/' + p.id + '/revoke');
              announce(p.nickname + ' n\u2019est plus dans la partie.');
              state.confirmRevoke = null;
              await refreshSession();
            } catch (e) { error.textContent = e.message; }
          } }, 'Oui, déconnecter'), ' ',
          h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'revoke-cancel-' + p.id, onclick: function () {
            state.confirmRevoke = null;
            drawSession();
            const b = document.querySelector('[data-testid="revoke-' + p.id + '"]');
            if (b) b.focus();
          } }, 'Annuler'));
      } else {
        action = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'revoke-' + p.id, onclick: function () {
          state.confirmRevoke = p.id;
          drawSession();
          const b = document.querySelector('[data-testid="revoke-confirm-' + p.id + '"]');
          if (b) b.focus();
        } }, 'Déconnecter');
      }
      return h('tr', { testid: 'player-row-' + p.id, class: p.revoked ? 'is-revoked' : null },
        h('th', { scope: 'row' }, p.nickname),
        h('td', null, select),
        h('td', null, formatDateTime(p.joined_at)),
        h('td', { class: 'actions' }, action));
    })))));
}

function addTeamForm() {
  const name = h('input', { type: 'text', id: 'add-team-name', testid: 'add-team-name', required: true, maxlength: '40' });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'add-team-error' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'add-team-submit' }, 'Ajouter l\u2019équipe');
  const form = h('form', { novalidate: true, class: 'add-team' },
    h('h2', { id: 'add-team-title' }, 'Ajouter une équipe'),
    h('div', { class: 'field' }, h('label', { for: 'add-team-name' }, 'Nom de l\u2019équipe'), name),
    error,
    submit);
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    const n = name.value.trim();
    if (!n) { error.textContent = 'Donnez un nom à l\u2019équipe.'; name.focus(); return; }
    submit.disabled = true;
    try {
      const t = await api.post('/api/sessions/' + state.detail.id + '/teams', { name: n });
      name.value = '';
      announce('Équipe « ' + t.name + ' » ajoutée.');
      await refreshSession();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ------------------------------------------------------------ boot

function poll() {
  if (!state.me || state.busy) return;
  const r = route();
  if (isCounsellor()) { if (state.agenda) state.agenda.refresh(); return; }
  if (r.name === 'session') refreshSession();
  else refreshSessions();
}

window.addEventListener('hashchange', function () { render(true); });
document.querySelector('.skip-link').addEventListener('click', function (ev) { ev.preventDefault(); app.focus(); });
pollWhileVisible(poll, POLL_MS);

let booting = false;
async function boot() {
  if (!api.token()) { renderLogin(); return; }
  if (booting) return;
  booting = true;
  try {
    state.me = await api.get('/api/auth/me');
  } catch (e) {
    if (e.status !== 401) { state.loginNotice = e.message; renderLogin(); }
    return;
  } finally {
    booting = false;
  }
  renderUser();
  if (!isCounsellor()) socket.start();
  if (!isCounsellor()) setup.check();
  render(false);
}
boot();
