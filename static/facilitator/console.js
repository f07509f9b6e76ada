// Éclats — facilitator console. Dense and calm: what needs action comes first.
import { createApi } from '/static/shared/api.js';
import { h, clear, pollWhileVisible, formatDate, announcer, hashRoute } from '/static/shared/dom.js';
import { createLive } from '/static/shared/live.js';
import { mountCounsellor } from '/static/facilitator/agenda.js';
import { createSetupPrompt, mountSettings } from '/static/facilitator/settings.js';
import { mountOrganisations } from '/static/facilitator/organisations.js';
import { mountAlerts } from '/static/facilitator/safety.js';
import { c, MAX_DAY } from '/static/facilitator/ctx.js';
import { errorBox, statusPill, refreshSessions, newSessionForm } from '/static/facilitator/sessions.js';
import { drawDays, drawWatch } from '/static/facilitator/controls.js';
import { drawReviews, releasePhotos } from '/static/facilitator/reviews.js';
import { drawTeams, drawPlayers, updatePresenceCells } from '/static/facilitator/teams.js';
import { onTeamEvent, onSessionEvent, onLeaderboardEvent, onPresenceEvent, onSubmissionEvent } from '/static/facilitator/events.js';
import { drawJoin } from '/static/facilitator/join.js';
import { buildSession } from '/static/facilitator/session.js';
import { viewInHash } from '/static/facilitator/views.js';
import { loginScreen } from '/static/facilitator/login.js';

const TOKEN_KEY = 'eclats.staff.token';
const POLL_MS = 30000; // a fallback: the live link brings the news at once
const REFRESH_DEBOUNCE_MS = 150;
const CONN_LABELS = { connected: 'En direct', reconnecting: 'Reconnexion…', offline: 'Hors ligne' };

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
  views: null, // the tabs of the open session (views.js)
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

function route() {
  return hashRoute('sessions');
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
  if (isAdmin()) userBox.appendChild(h('a', { href: '#/organisations', class: 'user-settings', testid: 'nav-organisations' }, 'Organisations'));
  userBox.appendChild(h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'logout', onclick: async function () {
    try { await api.post('/api/auth/logout'); } catch (e) { /* the token goes anyway */ }
    api.clearToken();
    toLogin('Votre session de connexion a pris fin : reconnectez-vous.');
  } }, 'Se déconnecter'));
}

function renderLogin() {
  loginScreen(app, api, state.loginNotice, function (res) {
    state.me = res.facilitator;
    state.loginNotice = null;
    renderUser();
    if (!isCounsellor()) socket.start(); // the live link is the facilitators'
    if (!isCounsellor()) setup.check();
    render(true);
  });
}

// ------------------------------------------------------------ router

function render(moveFocus) {
  if (api.token() && !state.me) { boot(); return; }
  if (!api.token()) { renderLogin(); return; }
  const r = route();
  if (isCounsellor()) { renderCounsellor(r, moveFocus); return; }
  if (r.name === 'settings') renderSettings(moveFocus);
  else if (r.name === 'organisations' && isAdmin()) renderOrganisations(moveFocus);
  else if (r.name === 'session' && r.arg) renderSession(parseInt(r.arg, 10), moveFocus);
  else renderSessions(moveFocus);
}

// « Réglages »: the installation's settings (today the badges' contact e-mail).
async function renderSettings(moveFocus) {
  leaveSession();
  releasePhotos();
  state.detail = null;
  state.sectionKeys = {};
  document.title = 'Réglages · Console Éclats';
  const shown = mountSettings(app, { api: api, announce: announce, onSaved: function () { setup.check(); } });
  if (moveFocus) focusTitle();
  await shown;
}

// Leaving a session: its panels stop listening (the map, polls, the views' observer).
function leaveSession() {
  ['places', 'safety', 'views', 'rounds', 'weekend', 'contributions', 'solutions', 'report'].forEach(function (k) {
    if (state[k] && state[k].destroy) state[k].destroy();
    state[k] = null;
  });
}

function isCounsellor() { return !!(state.me && state.me.role === 'counsellor'); }
function isAdmin() { return !!(state.me && state.me.role === 'admin'); }

// « Organisations »: the installation administrator's page (organisations and staff accounts).
async function renderOrganisations(moveFocus) {
  leaveSession();
  releasePhotos();
  state.detail = null;
  state.sectionKeys = {};
  document.title = 'Organisations · Console Éclats';
  const shown = mountOrganisations(app, { api: api, announce: announce });
  if (moveFocus) focusTitle();
  await shown;
}

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
  leaveSession();
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

// ------------------------------------------------------------ session view

async function renderSession(id, moveFocus) {
  releasePhotos();
  state.sectionKeys = {};
  state.reviewNodes = {};
  state.confirmRevoke = null;
  clear(app);
  app.appendChild(h('p', { class: 'back-row' }, h('a', { href: '#/sessions', class: 'back-link', testid: 'back-sessions' }, '← Toutes les sessions')));
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
  document.title = state.detail.name + ' · Console Éclats';
  buildSession(app); // the views and their panels (session.js)
  takeOnline(state.detail);
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

function updateIn(id, key, draw) {
  const el = document.getElementById(id);
  if (el) updateSection(el, key, draw);
}

function drawSession() {
  const d = state.detail;
  if (state.skills) state.skills.playersChanged();
  if (state.rounds) state.rounds.dayChanged(); // a day opened: its rounds can be played
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
  updateIn('sec-join', JSON.stringify([d.join_code, d.join_url, d.id, d.joining_open, d.bans_count]), drawJoin);
  updateIn('sec-days', JSON.stringify([d.status, d.current_day, d.days]), drawDays);
  updateIn('sec-teams', JSON.stringify([d.teams, d.current_day]), drawTeams);
  updateIn('sec-players', JSON.stringify([d.players, d.teams.map(function (t) { return [t.id, t.name]; }), state.confirmRevoke]), drawPlayers);
}

// ---- what to watch (Live view) and the count of answers to validate (Réponses view)

function drawTodo() {
  drawWatch(); // what to watch, in « Live » (controls.js)
  drawReviews();
  if (state.views) state.views.recount();
}

// ---- join

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

// ------------------------------------------------------------ boot

Object.assign(c, {
  state: state, api: api, announce: announce, route: route, updateSection: updateSection, sendLive: sendLive,
  refreshSession: refreshSession, drawSession: drawSession, applyDetail: applyDetail, drawTodo: drawTodo,
  scheduleRefresh: scheduleRefresh, showProjector: showProjector,
});

function poll() {
  if (!state.me || state.busy) return;
  const r = route();
  if (isCounsellor()) { if (state.agenda) state.agenda.refresh(); return; }
  if (r.name === 'session') refreshSession();
  else refreshSessions();
}

window.addEventListener('hashchange', function () {
  const r = route();
  if (r.name === 'session' && state.views && state.detail && String(state.detail.id) === r.arg) {
    state.views.show(viewInHash() || 'live', true);
    return;
  }
  render(true);
});
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
