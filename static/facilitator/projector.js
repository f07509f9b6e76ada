// The projector's page of a live round (/projecteur?session=<id>): the situation, the
// offers to choose from, the countdown and the live number of answers; at the reveal, the
// distribution as bars, the right offer with its explanation, and the teams' points.
// It logs in like the console (the same stored token) and follows the staff socket.
import { createApi } from '/static/shared/api.js';
import { h, clear, announcer } from '/static/shared/dom.js';
import { createLive } from '/static/shared/live.js';

const TOKEN_KEY = 'eclats.staff.token'; // the console's: one login for both
const LETTERS = ['A', 'B', 'C', 'D'];

const screen = document.getElementById('screen');
const announce = announcer(document.getElementById('live'));
const sessionId = Number(new URLSearchParams(location.search).get('session'));

const api = createApi({
  tokenKey: TOKEN_KEY,
  onUnauthorized: function () { login(); },
  messages: { unauthorized: 'Votre session de connexion a expiré. Reconnectez-vous.' },
});

let round = null;
let endsAt = null;
let ticker = null;

const socket = createLive({
  namespace: '/staff',
  token: function () { return api.token(); },
  onState: function () {},
  onConnect: watch,
  events: {
    round: function (ev) { take(ev); },
    round_count: function (ev) {
      if (!round || !ev || ev.live_id !== round.live_id) return;
      round = Object.assign({}, round, { answers: ev.answers, players: ev.players });
      const el = document.querySelector('[data-testid="pj-count"]');
      if (el) el.textContent = countText();
    },
  },
});

async function watch() {
  try { await socket.emit('watch', { session_id: sessionId }); } catch (e) { /* the REST state still shows */ }
  load();
}

async function load() {
  try {
    take(await api.get('/api/sessions/' + sessionId + '/rounds/current'));
  } catch (e) {
    if (e.status === 401) return;
    clear(screen).appendChild(h('p', { class: 'waiting', role: 'alert' }, e.message));
  }
}

function take(ev) {
  if (ev && ev.session_id != null && ev.session_id !== sessionId) return;
  const before = round;
  round = ev;
  clearInterval(ticker);
  ticker = null;
  endsAt = null;
  if (round && round.status !== 'closed' && !round.untimed && round.seconds_left != null) {
    endsAt = Date.now() + round.seconds_left * 1000;
    ticker = setInterval(tick, 250);
  }
  draw();
  if (round && (!before || before.live_id !== round.live_id) && round.status !== 'closed') announce('Nouvelle manche : ' + round.situation);
  if (round && round.status === 'closed' && (!before || before.status !== 'closed')) {
    announce('La bonne réponse : ' + round.choices[round.result.answer].title + '. ' + round.result.explanation);
  }
}

function left() {
  return endsAt == null ? null : Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
}

function timerText() {
  if (round.untimed) return 'Sans limite de temps';
  const n = left();
  return n ? n + ' s' : 'Temps écoulé';
}

function tick() {
  const el = document.querySelector('[data-testid="pj-timer"]');
  if (el) {
    el.textContent = timerText();
    el.classList.toggle('is-low', left() !== null && left() <= 10);
  }
  if (left() === 0) { clearInterval(ticker); ticker = null; }
}

function countText() {
  return round.answers + ' réponse' + (round.answers > 1 ? 's' : '') + ' sur ' + round.players;
}

function draw() {
  clear(screen);
  if (!sessionId) { screen.appendChild(h('p', { class: 'waiting' }, 'Ouvrez cette page depuis la console (bouton « Ouvrir l\u2019écran du projecteur »).')); return; }
  if (!round) { screen.appendChild(h('p', { class: 'waiting', testid: 'pj-waiting' }, 'En attente de la prochaine manche…')); return; }
  const closed = round.status === 'closed';
  screen.classList.toggle('is-closed', closed);
  const result = closed ? round.result : null;
  const total = result ? result.distribution.reduce(function (a, b) { return a + b; }, 0) : 0;
  screen.appendChild(h('div', { class: 'pj-top' },
    h('p', { class: 'pj-eyebrow' }, 'Manche en direct · Jour ' + round.day),
    closed ? h('p', { class: 'pj-timer' }, 'Réponse') : h('p', { class: 'pj-timer', role: 'timer', testid: 'pj-timer' }, timerText())));
  screen.appendChild(h('p', { class: 'pj-question' }, 'Quelle offre peut l\u2019aider\u00a0?'));
  screen.appendChild(h('h1', { class: 'pj-situation', testid: 'pj-situation' }, round.situation));
  screen.appendChild(h('ol', { class: 'pj-choices', testid: 'pj-choices' }, round.choices.map(function (c, i) {
    const right = result && result.answer === c.index;
    const n = result ? result.distribution[c.index] : null;
    const share = result && total ? Math.round((100 * n) / total) : 0;
    return h('li', { class: 'pj-choice' + (right ? ' is-right' : ''), testid: 'pj-choice' },
      result ? h('span', { class: 'pj-bar', style: 'width: ' + share + '%', 'aria-hidden': 'true' }) : null,
      h('span', { class: 'pj-choice-line' },
        h('span', null, h('span', { class: 'pj-letter', 'aria-hidden': 'true' }, LETTERS[i] || ''), c.title,
          right ? h('span', { class: 'pj-right-tag', testid: 'pj-right' }, ' ✔ bonne réponse') : null),
        result ? h('span', { class: 'pj-votes', testid: 'pj-votes' }, n + (n > 1 ? ' réponses' : ' réponse')) : null));
  })));
  if (!closed) {
    screen.appendChild(h('p', { class: 'pj-count', testid: 'pj-count' }, countText()));
    return;
  }
  screen.appendChild(h('p', { class: 'pj-explanation', testid: 'pj-explanation' }, result.explanation));
  const winners = result.teams.filter(function (t) { return t.points > 0; });
  screen.appendChild(h('h2', null, winners.length ? 'Éclats gagnés' : 'Aucune équipe n\u2019a trouvé cette fois.'));
  if (winners.length) {
    screen.appendChild(h('ul', { class: 'pj-teams', testid: 'pj-teams' }, winners.map(function (t) {
      return h('li', null, t.name + ' ', h('strong', null, '+' + t.points + ' éclats'));
    })));
  }
}

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
  socket.start();
  load();
}

start();
