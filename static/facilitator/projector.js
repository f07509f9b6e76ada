// The projector (/projecteur?session=<id>): one full-screen page for the room's big screen.
// Between rounds, the lobby: how to join (code, QR code, address), how many players have
// joined and the teams' leaderboard (projector_board.js); a live round takes the screen
// (projector_round.js) and, some time after its reveal, the lobby comes back; from the
// last day on, the Cœur d'Avenir replaces the lobby. Everything follows the staff socket
// (docs/REALTIME.md: round, round_count, leaderboard, presence, session, team), with a
// fetch every 30 s while the socket is down. It logs in like the console (the same
// stored token). ?reveal=<seconds> (3 to 600, 30 by default): how long a reveal stays.
import { createApi } from '/static/shared/api.js';
import { h, clear, announcer } from '/static/shared/dom.js';
import { createLive } from '/static/shared/live.js';
import { drawRound, timerText, countText } from '/static/facilitator/projector_round.js';
import { drawLobby, drawFinale, playersText } from '/static/facilitator/projector_board.js';

const TOKEN_KEY = 'eclats.staff.token'; // the console's: one login for both
const params = new URLSearchParams(location.search);
const sessionId = Number(params.get('session'));
const REVEAL_S = Math.min(600, Math.max(3, Number(params.get('reveal')) || 30));

const screen = document.getElementById('screen');
const announce = announcer(document.getElementById('live'));
const fsButton = document.getElementById('pj-fullscreen');
const sessionName = document.getElementById('pj-session');

const api = createApi({
  tokenKey: TOKEN_KEY,
  onUnauthorized: function () { login(); },
  messages: { unauthorized: 'Votre session de connexion a expiré. Reconnectez-vous.' },
});

const state = {
  detail: null, // GET /api/sessions/<id>: join code, players, teams with their éclats
  finale: null, // GET /api/sessions/<id>/finale (null: not loaded, or no Cœur in this pack)
  hasFinale: null, // false once the pack said it has none (204)
  round: null,
  revealUntil: 0, // a closed round stays on screen until then (ms)
  conn: 'connecting',
  error: null,
};
let endsAt = null;
let ticker = null;
let revealTimer = null;
let refreshTimer = null;
let pending = {};

const socket = createLive({
  namespace: '/staff',
  token: function () { return api.token(); },
  onState: function (st) { state.conn = st; },
  onConnect: watch,
  events: {
    round: function (ev) { take(ev); },
    round_count: function (ev) {
      const round = state.round;
      if (!round || !ev || ev.live_id !== round.live_id) return;
      state.round = Object.assign({}, round, { answers: ev.answers, players: ev.players });
      const el = document.querySelector('[data-testid="pj-count"]');
      if (el) el.textContent = countText(state.round);
    },
    leaderboard: onLeaderboard,
    presence: function (p) {
      const d = state.detail;
      const known = d && p && d.players.some(function (x) { return x.id === p.player_id; });
      if (p && (p.joined || p.left || !known)) later({ detail: true });
    },
    session: function () { later({ detail: true, finale: true }); },
    team: function (ev) { if (ev && ev.type === 'finale') later({ finale: true }); },
  },
});

async function watch() {
  try { await socket.emit('watch', { session_id: sessionId }); } catch (e) { /* the REST state still shows */ }
  loadAll();
}

function loadAll() { return Promise.all([loadDetail(), loadFinale(), loadRound()]); }

// Several events in a row (a join, a day opened) fetch once.
function later(what) {
  Object.keys(what).forEach(function (k) { pending[k] = true; });
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(function () {
    const todo = pending;
    pending = {};
    if (todo.detail) loadDetail();
    if (todo.finale) loadFinale();
  }, 300);
}

async function loadDetail() {
  try {
    const before = state.detail;
    state.detail = await api.get('/api/sessions/' + sessionId);
    state.error = null;
    sessionName.textContent = '· ' + state.detail.name;
    document.title = 'Projecteur · ' + state.detail.name + ' · Éclats';
    if (before && state.detail.players_count > before.players_count) announce(playersText(state.detail.players_count));
  } catch (e) {
    if (e.status === 401) return;
    state.error = e.message;
  }
  draw();
}

async function loadFinale() {
  if (state.hasFinale === false) return;
  try {
    const before = state.finale;
    state.finale = await api.get('/api/sessions/' + sessionId + '/finale');
    state.hasFinale = state.finale !== null;
    if (state.finale && state.finale.solved && before && !before.solved) announce('Le Cœur est rallumé !');
  } catch (e) {
    return; // the lobby still shows
  }
  draw();
}

async function loadRound() {
  try {
    take(await api.get('/api/sessions/' + sessionId + '/rounds/current'));
  } catch (e) { /* the lobby still shows */ }
}

function onLeaderboard(rows) {
  const d = state.detail;
  if (!d || !Array.isArray(rows)) return;
  rows.forEach(function (r) {
    const t = d.teams.find(function (x) { return x.id === r.team_id; });
    if (!t) { later({ detail: true }); return; }
    t.eclats = r.eclats;
    t.rank = r.rank;
    t.solved = r.solved;
  });
  if (state.hasFinale) later({ finale: true }); // a day's gains may bring a fragment
  if (mode() !== 'round') draw();
}

// A round from the socket or the REST API. A round seen open that closes is revealed for
// REVEAL_S seconds, then the lobby (or the Cœur) comes back; a round found already closed
// when the page opens is not shown.
function take(ev) {
  if (ev && ev.session_id != null && ev.session_id !== sessionId) return;
  const before = state.round;
  state.round = ev;
  clearInterval(ticker);
  ticker = null;
  endsAt = null;
  const round = state.round;
  if (round && round.status !== 'closed' && !round.untimed && round.seconds_left != null) {
    endsAt = Date.now() + round.seconds_left * 1000;
    ticker = setInterval(tick, 250);
  }
  if (!round || round.status !== 'closed') state.revealUntil = 0;
  else if (before && before.live_id === round.live_id && before.status !== 'closed') reveal();
  draw();
  if (round && (!before || before.live_id !== round.live_id) && round.status !== 'closed') announce('Nouvelle manche : ' + round.situation);
  if (round && round.status === 'closed' && state.revealUntil && before && before.status !== 'closed') {
    announce('La bonne réponse : ' + round.choices[round.result.answer].title + '. ' + round.result.explanation);
  }
}

function reveal() {
  state.revealUntil = Date.now() + REVEAL_S * 1000;
  clearTimeout(revealTimer);
  revealTimer = setTimeout(endReveal, REVEAL_S * 1000);
}

function endReveal() {
  clearTimeout(revealTimer);
  if (!state.revealUntil) return;
  state.revealUntil = 0;
  draw();
  if (mode() === 'lobby') announce('Retour au classement.');
}

function left() {
  return endsAt == null ? null : Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
}

function tick() {
  const el = document.querySelector('[data-testid="pj-timer"]');
  const n = left();
  if (el && state.round) {
    el.textContent = timerText(state.round, n);
    el.classList.toggle('is-low', n !== null && n <= 10);
  }
  if (n === 0) { clearInterval(ticker); ticker = null; }
}

function mode() {
  const r = state.round;
  if (r && (r.status !== 'closed' || state.revealUntil > Date.now())) return 'round';
  const d = state.detail;
  const f = state.finale;
  if (d && f && (d.current_day >= f.day || d.status === 'finished')) return 'finale';
  return 'lobby';
}

function draw() {
  if (!api.token()) return;
  clear(screen);
  screen.classList.remove('is-closed');
  if (!sessionId) {
    screen.appendChild(h('p', { class: 'waiting', role: 'alert' }, 'Ouvrez cette page depuis la console (bouton « Écran du projecteur »).'));
    return;
  }
  const m = mode();
  screen.setAttribute('data-mode', m);
  if (m === 'round') { drawRound(screen, state.round, left()); return; }
  if (!state.detail) {
    screen.appendChild(h('p', { class: 'waiting', role: state.error ? 'alert' : 'status' }, state.error || 'Chargement…'));
    return;
  }
  if (m === 'finale') drawFinale(screen, state.detail, state.finale);
  else drawLobby(screen, state.detail, state.finale);
}

// ---- full screen (the Fullscreen API) and the keyboard: F for full screen, Échap to end a reveal

function fullscreenOn() { return !!document.fullscreenElement; }

function toggleFullscreen() {
  const req = fullscreenOn() ? document.exitFullscreen() : document.documentElement.requestFullscreen();
  if (req && req.catch) req.catch(function () { announce('Le navigateur refuse le plein écran. Essayez la touche F11.'); });
}

function syncFullscreen() {
  fsButton.textContent = fullscreenOn() ? 'Quitter le plein écran' : 'Plein écran';
  document.body.classList.toggle('is-fullscreen', fullscreenOn());
}

if (document.documentElement.requestFullscreen) {
  fsButton.addEventListener('click', toggleFullscreen);
  document.addEventListener('fullscreenchange', syncFullscreen);
} else {
  fsButton.hidden = true; // the browser's own full screen (F11) still works
}

document.addEventListener('keydown', function (ev) {
  if (ev.target && /^(INPUT|TEXTAREA|SELECT)$/.test(ev.target.tagName)) return;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if ((ev.key === 'f' || ev.key === 'F') && !fsButton.hidden) { ev.preventDefault(); toggleFullscreen(); }
  if (ev.key === 'Escape' && state.revealUntil) endReveal();
});

// ---- login (the console's account and token)

function login() {
  socket.stop();
  const user = h('input', { type: 'text', id: 'pj-user', autocomplete: 'username', required: true });
  const pass = h('input', { type: 'password', id: 'pj-pass', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'msg msg-error', role: 'alert' });
  const form = h('form', { class: 'pj-login' },
    h('h1', null, 'Projecteur : connexion'),
    h('div', { class: 'field' }, h('label', { for: 'pj-user' }, 'Identifiant'), user),
    h('div', { class: 'field' }, h('label', { for: 'pj-pass' }, 'Mot de passe'), pass),
    error,
    h('button', { type: 'submit', class: 'btn btn-block' }, 'Se connecter'));
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    try {
      const res = await api.post('/api/auth/login', { username: user.value.trim(), password: pass.value });
      api.setToken(res.token);
      start();
    } catch (e) {
      error.textContent = e.status === 401 ? 'Identifiant ou mot de passe incorrect.' : e.message;
    }
  });
  clear(screen).appendChild(form);
  user.focus();
}

function start() {
  if (!api.token()) { login(); return; }
  draw();
  if (!sessionId) return;
  socket.start();
  loadAll();
}

// while the socket is down, the screen still moves (every 30 s, only when the page is seen)
setInterval(function () {
  if (state.conn !== 'connected' && api.token() && sessionId && !document.hidden) loadAll();
}, 30000);

start();
