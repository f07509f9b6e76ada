// Éclats — the players' phone app. Hash routes, one main action per screen.
import { createApi } from '/static/shared/api.js';
import { h, clear, pollWhileVisible, announcer, hashRoute, prefersReducedMotion, formatDateTime, formatZonedDateTime, formatCount } from '/static/shared/dom.js';
import { shardIcon, icon } from '/static/player/icons.js';
import { bump, flyShards } from '/static/player/fx.js';
import { kindLabel } from '/static/player/kinds.js';
// Not imported here: the modules of the other screens (quest.js, skills.js, diagnosis.js,
// ending.js, finale.js, round.js) load when their screen opens: lazy() below; safety.js
// (the numbers a facilitator sends) after the first screen.
import { createPlayerLive } from '/static/player/live.js';
import { loadGlossary, explained } from '/static/player/glossary.js';
import { createToasts } from '/static/player/toasts.js';
import { renderQuestMap, avatar } from '/static/player/questmap.js';

const TOKEN_KEY = 'eclats.player.token';
const CODE_KEY = 'eclats.player.code'; // last join code, to pre-fill after a logout
const DEVICE_KEY = 'eclats.device';

// A random id this phone keeps (never the phone's real identity): the facilitator can
// put a phone out of a session, and it stays out under another nickname. Clearing the
// browser's data makes a new one (README, "Keeping people out").
function deviceId() {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id || !/^[A-Za-z0-9_-]{16,64}$/.test(id)) {
      const bytes = new Uint8Array(18);
      crypto.getRandomValues(bytes);
      id = btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch (e) { return null; } // storage refused: the phone can still play
}
const POLL_MS = 20000; // only while the live link is down
const REFRESH_DEBOUNCE_MS = 150;

const CATEGORIES = {
  'emploi': 'Emploi',
  'formation': 'Formation',
  'engagement': 'Engagement',
  'vie-quotidienne': 'Vie quotidienne',
  'droits': 'Droits',
  'accompagnement': 'Accompagnement',
};

const state = {
  me: null,
  quests: null,
  questsKey: '',
  offers: null,
  leaderboard: null,
  recaps: {},
  joinInfo: null,
  joinNotice: null,
  quest: null, // mounted quest screen {id, update}
  loading: false,
  messages: null, // /api/me/messages, newest last
  messagesSeen: {},
  online: null, // {player_id: true} from hello / presence; null while not live
  lock: {}, // code lock progress from events: quest id → {entered, total}
  conn: 'offline',
  queued: 0,
};

const api = createApi({
  tokenKey: TOKEN_KEY,
  onUnauthorized: function (msg) { backToJoin(msg); },
  messages: {
    offline: 'Pas de connexion. Vérifie ton réseau et réessaie.',
    timeout: 'Le serveur met trop de temps à répondre. Réessaie.',
    unauthorized: 'Ta connexion à la partie est fermée. Rejoins la partie avec le code de ta session.',
    generic: 'Oups, un souci. Réessaie dans un instant.',
  },
});

const topbar = document.getElementById('topbar');
const main = document.getElementById('main');
const tabbar = document.getElementById('tabbar');
const liveRegion = document.getElementById('live');

// ---------------------------------------------------------------- helpers

const announce = announcer(liveRegion);
// ---- screens loaded when they open (README « Fast on a weak network »): a phone on a weak
// network downloads only what the mission list needs; the service worker keeps all of them
// for offline use (api/http/offline.py), so every screen also opens in a tunnel.
const modules = {}; // name → Promise of the module
const loaded = {}; // name → the module, once it is here

function lazy(name) {
  if (!modules[name]) {
    modules[name] = import('/static/player/' + name + '.js').then(function (m) {
      loaded[name] = m;
      return m;
    }, function (e) {
      delete modules[name]; // asked again on the next try
      throw e;
    });
  }
  return modules[name];
}

// draw(module) at once when it is here; else « Chargement… » in place, then the screen, or
// a clear message with a button to try again.
function lazyScreen(name, draw) {
  if (loaded[name]) { draw(loaded[name]); return; }
  const wait = h('div', { class: 'loading', role: 'status', testid: 'screen-loading' },
    h('span', { class: 'loading-shard' }, shardIcon()), 'Chargement\u2026');
  main.appendChild(wait);
  lazy(name).then(function (m) {
    if (!wait.isConnected) return; // another screen was drawn meanwhile
    const lost = !document.activeElement || document.activeElement === document.body || document.activeElement === main;
    wait.remove();
    draw(m);
    if (lost) focusTitle();
  }, function () {
    if (!wait.isConnected) return;
    clear(main).appendChild(h('section', { class: 'screen', testid: 'screen-load-error' },
      backLink('#/missions', 'Missions'),
      screenTitle('Écran pas encore chargé'),
      h('p', { class: 'msg msg-error', role: 'alert' },
        'Cet écran n\u2019a pas pu arriver sur ton téléphone. Vérifie ta connexion, puis réessaie.'),
      h('button', { type: 'button', class: 'btn btn-block', testid: 'screen-load-retry', onclick: function () { render(true); } }, 'Réessayer')));
    focusTitle();
  });
}

// A live round (round.js) loads at the first event or check, after the first screen.
function lazyRound(opts) {
  let made = null;
  function use(fn) {
    lazy('round').then(function (m) {
      if (!made) made = m.createRound(api, opts);
      fn(made);
    }, function () { /* no network: the next event or check */ });
  }
  return {
    onEvent: function (ev) { use(function (r) { r.onEvent(ev); }); },
    check: function () { use(function (r) { r.check(); }); },
  };
}

// The finale's banner on the mission list, from day 10 (finale.js decides the rest).
function finaleSlot(s) {
  if (s.current_day < 10) return null;
  const slot = h('div', { class: 'coeur-slot' });
  function put(m) { const banner = m.finaleBanner(api, s); if (banner) slot.appendChild(banner); }
  if (loaded.finale) put(loaded.finale);
  else lazy('finale').then(put, function () { /* offline: the next draw */ });
  return slot;
}

const liveRound = lazyRound({
  teamId: function () { return state.me && state.me.team ? state.me.team.id : null; },
  announce: function (text) { announce(text); },
  onPoints: function () { scheduleRefresh({ me: true }); }, // the team's éclats counter
});

function route() {
  return hashRoute('missions');
}

function dayOpen() {
  const s = state.me && state.me.session;
  return !!(s && s.day && s.current_day >= 1);
}

function todayStats() {
  const cur = state.me.session.current_day;
  const today = (state.quests || []).filter(function (q) { return q.day === cur; });
  const solved = today.filter(function (q) { return q.status === 'solved'; }).length;
  return { solved: solved, total: today.length };
}

function plural(n, one, many) { return n + ' ' + (n > 1 ? many : one); }

function eclatsText(n) { return plural(n, 'éclat', 'éclats'); }

function errorBox(err) {
  return h('div', { class: 'msg msg-error', role: 'alert' }, err.message || String(err));
}

function screenTitle(text, extra) {
  return h('h1', Object.assign({ tabindex: '-1', class: 'screen-title' }, extra || {}), text);
}

function refreshButton(label) {
  return h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'refresh-screen', onclick: function () { refreshAll(true); } },
    icon('refresh'), h('span', { class: 'btn-label' }, label || 'Rafraîchir'));
}

// ---------------------------------------------------------------- live link

const live = createPlayerLive({
  api: api,
  token: function () { return api.token(); },
  playerId: function () { return state.me ? state.me.player.id : null; },
  onState: onConnState,
  onHello: onHello,
  onTeam: onTeam,
  onSession: onSession,
  onLeaderboard: onLeaderboard,
  onPresence: onPresence,
  onHelp: function (data) { lazy('safety').then(function (m) { m.showPrivateHelp(api, data); }, function () { /* still unread: shown at the next start */ }); },
  onRound: function (ev) { liveRound.onEvent(ev); },
  onSlots: onSlots,
  onBadge: onBadge,
  onRevoked: function (message) {
    api.clearToken();
    backToJoin(message || 'L\u2019équipe d\u2019animation a fermé ta place dans la partie. Demande-lui si tu peux revenir.');
  },
  onQueued: onQueuedResult,
});

let lostTimer = null;
let lostAnnounced = false;

function onConnState(st, queued) {
  const was = state.conn;
  state.conn = st;
  state.queued = queued;
  updateConnBadge();
  if (state.quest && state.quest.queueChanged) state.quest.queueChanged(queued);
  if (st === 'connected') {
    clearTimeout(lostTimer);
    lostTimer = null;
    if (lostAnnounced) announce('De nouveau en direct.');
    lostAnnounced = false;
  } else if (was === 'connected' && !lostTimer) {
    // short blips are not worth a word
    lostTimer = setTimeout(function () {
      lostTimer = null;
      if (state.conn === 'connected' || !state.me) return;
      lostAnnounced = true;
      announce('Connexion perdue. Tes réponses partiront dès que le réseau revient.');
      updatePresence();
    }, 3000);
  }
}

function connBadge() {
  const st = state.conn;
  const n = state.queued;
  const label = { connected: 'En direct', reconnecting: 'Reconnexion…', offline: 'Hors ligne' }[st] || st;
  return h('p', { class: 'conn conn-' + st, id: 'conn-state', testid: 'conn-state', 'data-state': st, 'data-queued': String(n) },
    h('span', { class: 'conn-dot', 'aria-hidden': 'true' }),
    h('span', { class: 'conn-label' }, label),
    n ? h('span', { class: 'conn-queued', title: n + ' en attente' }, '\u00a0· ' + n, h('span', { class: 'visually-hidden' }, n > 1 ? ' actions en attente' : ' action en attente')) : null);
}

function onlineCount() {
  if (!state.online || !state.me || state.conn !== 'connected') return null;
  return state.me.team.members.filter(function (m) { return m.me || state.online[m.id]; }).length;
}

function presenceBadge() {
  const n = onlineCount();
  if (n == null) return null;
  return h('p', { class: 'tb-online', id: 'team-online', testid: 'team-online', 'data-online': String(n), title: n + ' en ligne dans ton équipe' },
    icon('equipe'), h('span', null, String(n)), h('span', { class: 'visually-hidden' }, ' en ligne dans ton équipe'));
}

function updateConnBadge() {
  const el = document.getElementById('conn-state');
  if (el) el.parentNode.replaceChild(connBadge(), el);
  updatePresence();
}

function updatePresence() {
  const el = document.getElementById('team-online');
  const fresh = presenceBadge();
  if (el && fresh) el.parentNode.replaceChild(fresh, el);
  else if (el) el.parentNode.removeChild(el);
  else if (fresh) {
    const badge = document.getElementById('conn-state');
    if (badge) badge.parentNode.insertBefore(fresh, badge.nextSibling);
  }
  if (route().name === 'equipe' && state.leaderboard) softRender();
}

async function onHello(hello, differs) {
  liveRound.check();
  if (Array.isArray(hello.online)) {
    state.online = {};
    hello.online.forEach(function (id) { state.online[id] = true; });
  }
  if (differs || Object.keys(want).length) {
    await refreshNow({ me: true, quests: true, messages: true, offers: true, leaderboard: true, recaps: true });
  } else {
    if (!state.messages) await refreshNow({ messages: true });
    updatePresence();
  }
}

// Everything the events say is re-read from REST, debounced: the server stays the truth.
let want = {};
let wantTimer = null;
let chain = Promise.resolve();

function scheduleRefresh(what) {
  Object.assign(want, what);
  clearTimeout(wantTimer);
  wantTimer = setTimeout(function () { wantTimer = null; runRefresh(); }, REFRESH_DEBOUNCE_MS);
}

function refreshNow(what) {
  Object.assign(want, what || {});
  clearTimeout(wantTimer);
  wantTimer = null;
  return runRefresh();
}

function runRefresh() {
  chain = chain.then(doRefresh, doRefresh);
  return chain;
}

async function doRefresh() {
  const w = want;
  want = {};
  if (!api.token() || !state.me || !Object.keys(w).length) return;
  let freshMessages = [];
  try {
    const jobs = [];
    if (w.me || w.quests) jobs.push(loadMe().then(function () { return w.quests ? loadQuests() : null; }));
    if (w.messages) jobs.push(loadMessages().then(function (fresh) { freshMessages = fresh; }));
    await Promise.all(jobs);
  } catch (e) {
    // not lost: tried again in a moment, or at the next connection (hello)
    want = Object.assign(w, want);
    if (e.status !== 401 && navigator.onLine !== false) { clearTimeout(wantTimer); wantTimer = setTimeout(function () { wantTimer = null; runRefresh(); }, 5000); }
    return;
  }
  if (w.offers) state.offers = null;
  if (w.leaderboard) state.leaderboard = null;
  if (w.recaps) state.recaps = {};
  // said while this phone was away: show the latest one
  const unseen = freshMessages.filter(function (m) { return !recentlyToasted(m.text); });
  if (unseen.length) messageToast(unseen[unseen.length - 1]);
  await softRender();
  toasts.dropStale(); // the screen now shows fresher news than some toasts

}

// Redraw the current screen from state without losing the place: scroll, focus, what is typed
// on a quest screen. Data a screen needs is fetched first, so nothing flickers.
async function softRender() {
  if (!api.token() || !state.me) return;
  const r = route();
  const s = state.me.session;
  const gameScreen = r.name === 'missions' || r.name === 'quete';
  if (r.name === 'quete' && state.quest && s.status !== 'paused' && findQuest(r.arg)) {
    renderTopbar();
    state.quest.update(findQuest(r.arg));
    return;
  }
  try {
    if ((r.name === 'offres' || r.name === 'offre') && !state.offers) await loadOffers();
    if (r.name === 'equipe') await Promise.all([state.leaderboard ? null : loadLeaderboard(), state.messages ? null : loadMessages()]);
  } catch (e) {
    renderTopbar();
    return;
  }
  if (r.name === 'bilan' && dayOpen()) {
    renderTopbar();
    return; // a recap is a still picture of a day: redrawn when the player comes back
  }
  if (r.name === 'diagnostic' || r.name === 'fin' || r.name === 'competences') {
    renderTopbar();
    // nothing live on them (the skills screen redraws its badges itself, onBadge): redrawing
    // would send a young person mid-diagnosis back to its start, or wipe their reflections
    return;
  }
  if (route().name !== r.name || (gameScreen && state.loading)) return;
  const rects = boardRects();
  const y = window.scrollY;
  const active = document.activeElement;
  const key = active && active !== main && main.contains(active) ? (active.getAttribute('data-testid') || active.id) : null;
  render(false, true);
  if (key) {
    const again = main.querySelector('[data-testid="' + key + '"]') || document.getElementById(key);
    if (again && again.focus) again.focus({ preventScroll: true });
  }
  window.scrollTo(0, y);
  moveBoard(rects);
}

// Leaderboard rows slide to their new place (FLIP), unless motion is reduced.
function boardRects() {
  const out = {};
  const rows = main.querySelectorAll('[data-testid^="leaderboard-row-"]');
  for (let i = 0; i < rows.length; i++) out[rows[i].getAttribute('data-testid')] = rows[i].getBoundingClientRect().top;
  return out;
}

function moveBoard(before) {
  if (prefersReducedMotion()) return;
  const rows = main.querySelectorAll('[data-testid^="leaderboard-row-"]');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const was = before[row.getAttribute('data-testid')];
    if (was == null) continue;
    const dy = was - row.getBoundingClientRect().top;
    if (Math.abs(dy) < 2) continue;
    row.style.transition = 'none';
    row.style.transform = 'translateY(' + dy + 'px)';
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        row.style.transition = 'transform .5s ease';
        row.style.transform = '';
      });
    });
  }
}

// ---------------------------------------------------------------- live events

function myName() { return state.me ? state.me.player.nickname : null; }

function questTitle(id, fallback) {
  const q = id ? findQuest(id) : null;
  return fallback || (q && q.title) || 'une mission';
}

function offersText(offers) {
  if (!offers || !offers.length) return '';
  return (offers.length > 1 ? ' Offres débloquées : ' : ' Offre débloquée : ') + offers.map(function (o) { return o.title || o; }).join(', ') + '.';
}

function onTeam(ev, gap) {
  if (gap === undefined || !state.me) return; // already applied
  if (ev.team_id != null && ev.team_id !== state.me.team.id) return;
  const mine = !!ev.by && ev.by === myName();
  const who = ev.by || 'Ton équipe';
  const q = ev.quest_id ? findQuest(ev.quest_id) : null;
  const title = questTitle(ev.quest_id, ev.title);
  const wanted = { me: true, quests: true };
  let note = null; // [text, options]
  switch (ev.type) {
    case 'solved':
      patchQuest(q, { status: 'solved' });
      wanted.offers = wanted.leaderboard = wanted.recaps = true;
      if (!mine) note = [who + ' a réussi « ' + title + ' »' + (ev.reward ? ' : +' + eclatsText(ev.reward) : '') + ' !' + offersText(ev.offers), { title: 'Mission réussie !', kind: 'ok' }];
      break;
    case 'failed':
      patchQuest(q, { status: 'failed' });
      wanted.offers = wanted.recaps = true;
      if (!mine) note = ['« ' + title + ' » est close : plus d\u2019essais.' + offersText(ev.offers), {}];
      break;
    case 'attempt':
      if (typeof ev.attempts_left === 'number') patchQuest(q, { attempts_left: ev.attempts_left });
      if (!mine) note = [who + ' a tenté « ' + title + ' »' + (typeof ev.attempts_left === 'number' ? ' : ' + plural(ev.attempts_left, 'essai restant', 'essais restants') : '') + '.', {}];
      break;
    case 'hint':
      if (!mine) note = [who + ' a pris un indice pour « ' + title + ' »' + (ev.cost ? ' (−' + eclatsText(ev.cost) + ').' : '.'), {}];
      break;
    case 'piece':
      if (typeof ev.entered === 'number') {
        state.lock[ev.quest_id] = { entered: ev.entered, total: ev.total };
        if (state.quest && state.quest.id === ev.quest_id) state.quest.lock();
      }
      if (!mine) note = [who + ' a entré son morceau du code : ' + ev.entered + '/' + ev.total + '.', {}];
      break;
    case 'arrived':
      if (!mine) note = [who + ' est sur place pour « ' + title + ' » (' + ev.present + '/' + ev.needed + '). Rejoins-les !', {}];
      break;
    case 'booked':
      if (!mine) note = [who + ' a pris rendez-vous avec son conseiller (' + ev.booked + '/' + ev.total + ' dans l\u2019équipe).', {}];
      break;
    case 'submitted':
      patchQuest(q, { status: 'pending_review' });
      if (!mine) note = [who + ' a envoyé la réponse à « ' + title + ' ». L\u2019équipe d\u2019animation va la regarder.', {}];
      break;
    case 'reviewed':
      wanted.offers = wanted.leaderboard = wanted.recaps = true;
      note = ev.approved
        ? ['« ' + title + ' »' + (ev.bonus ? ' : +' + eclatsText(ev.bonus) + ' en bonus' : '') + '.' + (ev.comment ? ' Le mot de l\u2019équipe d\u2019animation : « ' + ev.comment + ' »' : ''), { title: 'Réponse validée !', kind: 'ok', important: true }]
        : ['« ' + title + ' » n\u2019a pas été validée.' + (ev.comment ? ' Le mot de l\u2019équipe d\u2019animation : « ' + ev.comment + ' »' : '') + ' Tu peux réessayer.', { title: 'Réponse à revoir', kind: 'warn', important: true }];
      break;
    case 'finale': // the group's Cœur d'Avenir: every team is credited at once
      wanted.leaderboard = true;
      if (route().name === 'coeur' && state.quest && state.quest.refresh) state.quest.refresh();
      if (!mine) note = [who + ' a rallumé le Cœur d\u2019Avenir pour tout le groupe : +' + eclatsText(ev.reward || 0) + ' pour ton équipe !', { title: 'Le Cœur est rallumé !', kind: 'ok', important: true }];
      break;
    case 'message':
      wanted.messages = true;
      note = [ev.text || '', { title: 'Message de l\u2019équipe d\u2019animation', important: true }];
      rememberToast(ev.text);
      break;
    default:
      break;
  }
  if (gap) wanted.messages = wanted.offers = wanted.leaderboard = wanted.recaps = true;
  // paint what we know now, then the server's full picture a moment later
  if (q && (route().name === 'missions' || route().name === 'quete')) softRender();
  toasts.dropStale(); // older news about this quest that the screen has gone past
  if (note) toast(note[0], Object.assign({ stale: staleAfter(ev) }, note[1]));
  // the acting phone animates its own reward when its ack comes back
  if (typeof ev.eclats === 'number' && !(mine && ev.type !== 'reviewed' && ev.type !== 'message')) {
    showEclats(ev.eclats, eventSource(ev.quest_id));
  }
  scheduleRefresh(wanted);
}

// A teammate's small news is out of date once the quest has moved on: then its toast
// (still waiting its turn, or shown) is dropped rather than cover newer news.
function staleAfter(ev) {
  const qid = ev.quest_id;
  const over = function () { const q = findQuest(qid); return !!q && (q.status === 'solved' || q.status === 'failed'); };
  if (!qid) return null;
  switch (ev.type) {
    case 'attempt':
      return function () {
        const q = findQuest(qid);
        return !!q && (q.status !== 'available' || (typeof ev.attempts_left === 'number' && typeof q.attempts_left === 'number' && q.attempts_left !== ev.attempts_left));
      };
    case 'piece':
      return function () { const l = state.lock[qid]; return over() || !!(l && typeof ev.entered === 'number' && l.entered > ev.entered); };
    case 'hint':
    case 'arrived':
      return over;
    case 'submitted':
      return function () { const q = findQuest(qid); return !!q && q.status !== 'pending_review'; };
    default:
      return null;
  }
}

// The session's free slots changed: an open appointment screen refetches them itself
// (static/player/appointment.js), keeping what the young person typed or ticked.
function onSlots() {
  window.dispatchEvent(new CustomEvent('eclats:slots'));
}

// A facilitator issued (or revoked) one of my badges: a celebration, and the skills
// screen, if open, redraws its list (static/player/skills.js).
function onBadge(ev) {
  if (!state.me) return;
  state.recaps = {};
  window.dispatchEvent(new CustomEvent('eclats:badges', { detail: ev }));
  const here = route().name === 'competences';
  const link = here ? null : { href: '#/competences', label: 'Voir dans Mes compétences', testid: 'toast-badge-link' };
  if (ev.type === 'revoked') {
    toast('L\u2019équipe d\u2019animation a retiré ton badge « ' + ev.name + ' ».', { title: 'Badge retiré', kind: 'warn', important: true, link: link });
    return;
  }
  toast('« ' + ev.name + ' ». Bravo\u00a0!', { title: 'Nouveau badge\u00a0:', kind: 'ok', important: true, celebrate: true, link: link });
}

// Quest objects are shared with the mounted quest screen, which compares old and new:
// replace, never mutate.
function patchQuest(q, patch) {
  if (!q || !state.quests) return;
  state.quests = state.quests.map(function (x) { return x === q ? Object.assign({}, x, patch) : x; });
}

function eventSource(questId) {
  const card = questId && main.querySelector('[data-testid="quest-card-' + questId + '"]');
  return card || document.querySelector('[data-testid="toast"]');
}

function onSession(ev, gap) {
  if (gap === undefined || !state.me) return;
  const s = state.me.session;
  const was = s.status;
  if (ev.status) s.status = ev.status; // the day itself comes with the refetch (title, missions)
  const r = route();
  const gameScreen = r.name === 'missions' || r.name === 'quete';
  const wanted = { me: true };
  switch (ev.type) {
    case 'paused':
      toast('Reste dans le coin : tout reprend bientôt.', { title: 'Mission en pause', kind: 'warn', important: true, topic: 'status' });
      break;
    case 'resumed':
      wanted.quests = true;
      toast('À toi de jouer !', { title: 'La mission reprend', kind: 'ok', important: true, topic: 'status' });
      break;
    case 'day_opened':
      wanted.quests = wanted.recaps = true;
      toast('Jour ' + (ev.day || s.current_day) + (ev.title ? ' « ' + ev.title + ' »' : '') + ' : de nouvelles missions t\u2019attendent.', { title: 'Nouveau jour !', kind: 'ok', important: true });
      break;
    case 'finished':
      wanted.quests = wanted.recaps = true;
      toast('Les 10 jours sont terminés. Bravo ! Voici la fin de ton histoire.', { title: 'Mission accomplie', kind: 'ok', important: true, topic: 'status' });
      if (r.name !== 'fin') { location.hash = '#/fin'; scheduleRefresh(wanted); return; } // every phone goes to its end screen
      break;
    case 'announcement':
      wanted.messages = true;
      rememberToast(ev.text);
      toast(ev.text || '', { title: 'Annonce à tout le groupe', important: true });
      break;
    default:
      break;
  }
  if (gap) { wanted.quests = wanted.messages = true; }
  if (was !== s.status && gameScreen) render(true); // the pause screen at once, and back
  else renderTopbar();
  scheduleRefresh(wanted);
}

function onLeaderboard(rows) {
  if (!state.me) return;
  const mine = state.me.team.id;
  state.leaderboard = rows.map(function (r) { return Object.assign({}, r, { mine: r.team_id === mine }); });
  const row = rows.filter(function (r) { return r.team_id === mine; })[0];
  if (row) { state.me.team.rank = row.rank; }
  if (route().name === 'equipe') softRender();
}

function onPresence(p) {
  if (!state.me || (p.team_id != null && p.team_id !== state.me.team.id)) return;
  if (!state.online) state.online = {};
  if (p.online) state.online[p.player_id] = true;
  else delete state.online[p.player_id];
  const known = state.me.team.members.some(function (m) { return m.id === p.player_id; });
  if (!known && p.online) {
    toast(p.nickname + ' rejoint ton équipe !', { kind: 'ok' });
    scheduleRefresh({ me: true, leaderboard: true });
  } else if (known && p.left) {
    scheduleRefresh({ me: true }); // moved to another team or let go: the roster changed
  }
  updatePresence();
}

// A queued action got its answer after reconnecting.
function onQueuedResult(item, reply, error) {
  const r = route();
  const questId = item.payload.quest_id;
  if (r.name === 'quete' && state.quest && state.quest.id === questId && state.quest.queuedResult) {
    state.quest.queuedResult(item, reply, error);
    return;
  }
  const about = item.title ? '« ' + item.title + ' » : ' : '';
  if (error) {
    toast(about + error.message, { title: 'Action en attente non prise en compte', kind: 'warn', important: true });
    return;
  }
  if (item.event === 'answer') {
    toast(about + (reply.message || '') + (reply.correct && reply.reward ? ' +' + eclatsText(reply.reward) + '.' : ''),
      { title: reply.correct ? 'Ta réponse est partie : bravo !' : 'Ta réponse est partie', kind: reply.correct ? 'ok' : 'warn', important: true });
  } else if (item.event === 'hint' && reply.hint) {
    toast(reply.hint.text, { title: 'Ton indice pour « ' + (item.title || 'la mission') + ' »', important: true });
  } else if (item.event === 'piece') {
    toast(reply.message || ('Morceau entré : ' + reply.entered + '/' + reply.total + '.'), { title: 'Ton morceau est parti', kind: 'ok', important: true });
  }
  if (typeof reply.eclats === 'number') showEclats(reply.eclats, document.querySelector('[data-testid="toast"]'));
  scheduleRefresh({ me: true, quests: true, offers: true, leaderboard: true, recaps: true });
}

// ---------------------------------------------------------------- toasts
// static/player/toasts.js: one at a time above the tab bar, out-of-date news dropped,
// each announced once to screen readers.

const toasts = createToasts(main);
const toast = toasts.toast;
const rememberToast = toasts.remember;
const recentlyToasted = toasts.recently;

function messageToast(m) {
  rememberToast(m.text);
  toast(m.text, { title: m.kind === 'announcement' ? 'Annonce à tout le groupe' : 'Message de l\u2019équipe d\u2019animation', important: true });
}

// The team's éclats moved: small flying reward from where it happened.
function showEclats(total, fromEl) {
  if (typeof total !== 'number' || !state.me) return;
  const gained = total - state.me.team.eclats;
  state.me.team.eclats = total;
  const counter = document.getElementById('eclats-counter');
  const n = counter && counter.querySelector('.tb-eclats-n');
  const apply = function () {
    if (n) n.textContent = formatCount(total);
    const label = counter && counter.querySelector('.tb-eclats-label');
    if (label) label.textContent = total > 1 ? ' éclats' : ' éclat';
  };
  if (gained > 0 && fromEl) flyShards(fromEl, counter, gained, apply);
  else { apply(); if (gained) bump(counter); }
}

// ---------------------------------------------------------------- data

async function loadMe() {
  state.me = await api.get('/api/me');
  return state.me;
}

async function loadQuests() {
  if (!dayOpen()) { state.quests = []; state.questsKey = ''; return false; }
  const quests = await api.get('/api/me/quests');
  const key = JSON.stringify(quests);
  const changed = key !== state.questsKey;
  state.quests = quests;
  state.questsKey = key;
  return changed;
}

async function loadOffers() {
  state.offers = await api.get('/api/me/offers');
  return state.offers;
}

async function loadLeaderboard() {
  const rows = await api.get('/api/me/leaderboard');
  state.leaderboard = rows;
  const mine = rows.filter(function (r) { return r.mine; })[0];
  if (mine && state.me) state.me.team.rank = mine.rank;
  return rows;
}

// → the messages not seen before (none on the first load)
async function loadMessages() {
  let list;
  try {
    list = await api.get('/api/me/messages');
  } catch (e) {
    if (e.status === 404) { state.messages = []; return []; } // a server without messages
    throw e;
  }
  const first = !state.messages;
  const fresh = list.filter(function (m) { return !state.messagesSeen[m.id]; });
  list.forEach(function (m) { state.messagesSeen[m.id] = true; });
  state.messages = list;
  return first ? [] : fresh;
}

async function refreshAll(userAsked) {
  if (!api.token()) return;
  const btn = document.getElementById('refresh');
  if (btn) btn.setAttribute('aria-busy', 'true');
  try {
    await loadMe();
    await loadQuests();
    try { await loadMessages(); } catch (e) { /* not needed to play */ }
    state.offers = null;
    state.leaderboard = null;
    state.recaps = {};
    const r = route();
    if (r.name === 'quete' && state.quest && state.me.session.status !== 'paused' && findQuest(r.arg)) {
      renderTopbar(); // keep what the player is typing
      state.quest.update(findQuest(r.arg));
    } else {
      render(false);
    }
    if (userAsked) announce('À jour.');
  } catch (e) {
    if (userAsked && e.status !== 401) announce(e.message);
  } finally {
    const b = document.getElementById('refresh');
    if (b) b.removeAttribute('aria-busy');
  }
}

// Cheap background check: only /api/me, and the quests only when something
// the team sees has moved (new day, pause, éclats won by a teammate).
async function poll() {
  if (!api.token() || !state.me || live.connected() || navigator.onLine === false) return;
  const before = state.me;
  let me;
  try { me = await api.get('/api/me'); } catch (e) { return; }
  state.me = me;
  const s0 = before.session, s1 = me.session;
  const dayChanged = s0.current_day !== s1.current_day;
  const statusChanged = s0.status !== s1.status;
  const eclatsChanged = before.team.eclats !== me.team.eclats;
  const membersChanged = before.team.members.length !== me.team.members.length;
  if (!(dayChanged || statusChanged || eclatsChanged || membersChanged)) return;
  let questsChanged = false;
  try { questsChanged = await loadQuests(); } catch (e) { /* next poll */ }
  if (eclatsChanged) { state.leaderboard = null; state.offers = null; }
  if (dayChanged && s1.day) announce('Nouveau jour : jour ' + s1.current_day + ', « ' + s1.day.title + ' ». De nouvelles missions t\u2019attendent !');
  if (statusChanged && s1.status === 'paused') announce('La mission est en pause.');
  if (statusChanged && s0.status === 'paused') announce('La mission reprend !');
  renderTopbar();
  const r = route();
  if (r.name === 'quete' && state.quest && !dayChanged && !statusChanged) {
    const q = findQuest(r.arg);
    if (q) state.quest.update(q);
    return;
  }
  if (dayChanged || statusChanged || (r.name === 'missions' && questsChanged) || r.name === 'equipe') render(false);
}

function findQuest(id) {
  return (state.quests || []).filter(function (q) { return q.id === id; })[0] || null;
}

// ---------------------------------------------------------------- chrome

function renderTopbar() {
  clear(topbar);
  if (!api.token() || !state.me) { topbar.hidden = true; return; }
  topbar.hidden = false;
  const me = state.me;
  const s = me.session;
  const row1 = h('div', { class: 'tb-row' },
    h('p', { class: 'tb-team' },
      h('span', { class: 'tb-brand' }, 'ÉCLATS'),
      h('span', { class: 'tb-teamname', testid: 'team-name' }, me.team.name)),
    h('div', { class: 'tb-side' },
      connBadge(),
      presenceBadge(),
      h('button', { type: 'button', id: 'refresh', class: 'tb-refresh', testid: 'refresh', title: 'Rafraîchir', onclick: function () { refreshAll(true); } },
        icon('refresh'), h('span', { class: 'tb-refresh-label' }, 'Rafraîchir'))));
  const eclats = h('p', { class: 'tb-eclats', id: 'eclats-counter' },
    shardIcon(),
    h('span', { class: 'tb-eclats-n', testid: 'team-eclats' }, formatCount(me.team.eclats)),
    h('span', { class: 'tb-eclats-label' }, me.team.eclats > 1 ? ' éclats' : ' éclat'));
  let progress = null;
  if (dayOpen() && state.quests) {
    const st = todayStats();
    const pct = st.total ? Math.round(100 * st.solved / st.total) : 0;
    progress = h('div', { class: 'tb-progress', testid: 'day-progress' },
      h('p', { class: 'tb-progress-text', id: 'day-progress-text' },
        'Jour ' + s.current_day + '/' + (s.days_total || 10) + ' · ' + st.solved + '/' + st.total + ' réussies'),
      h('div', { class: 'bar', role: 'progressbar', 'aria-labelledby': 'day-progress-text', 'aria-valuemin': '0', 'aria-valuemax': String(st.total), 'aria-valuenow': String(st.solved) },
        h('span', { style: 'width:' + pct + '%' })));
  } else if (s.status === 'paused') {
    progress = h('p', { class: 'tb-progress-text' }, 'En pause');
  } else {
    progress = h('p', { class: 'tb-progress-text' }, 'Bientôt le jour 1');
  }
  topbar.appendChild(row1);
  topbar.appendChild(h('div', { class: 'tb-row' }, eclats, progress));
  const r = route().name;
  if (s.status === 'paused' && r !== 'missions' && r !== 'quete') {
    topbar.appendChild(h('p', { class: 'tb-pause', testid: 'pause-banner' }, h('strong', null, 'Mission en pause'), ' · tout reprend bientôt.'));
  }
}

function renderTabbar(active) {
  clear(tabbar);
  if (!api.token() || !state.me) { tabbar.hidden = true; document.body.classList.remove('has-tabs'); return; }
  tabbar.hidden = false;
  document.body.classList.add('has-tabs');
  const tabs = [
    ['missions', 'Missions', '#/missions'],
    ['offres', 'Offres', '#/offres'],
    ['equipe', 'Équipe', '#/equipe'],
    ['bilan', 'Bilan', '#/bilan'],
  ];
  const list = h('ul', null, tabs.map(function (t) {
    const current = active === t[0];
    return h('li', null, h('a', { href: t[2], class: 'tab' + (current ? ' is-active' : ''), testid: 'tab-' + t[0], 'aria-current': current ? 'page' : null },
      icon(t[0]), h('span', null, t[1])));
  }));
  tabbar.appendChild(list);
}

function tabFor(name) {
  if (name === 'quete' || name === 'coeur') return 'missions';
  if (name === 'offre') return 'offres';
  if (name === 'competences' || name === 'diagnostic' || name === 'fin') return 'bilan';
  return name;
}

// ---------------------------------------------------------------- render

// soft: a live update redraws the screen (no entrance animation)
function render(moveFocus, soft) {
  if (state.quest && state.quest.destroy) state.quest.destroy();
  state.quest = null;
  main.classList.toggle('is-live', !!soft);
  if (!api.token()) {
    renderTopbar();
    renderTabbar(null);
    renderJoin();
    if (moveFocus) focusTitle();
    return;
  }
  if (!state.me) {
    renderTopbar();
    renderTabbar(null);
    clear(main).appendChild(h('div', { class: 'loading', role: 'status' }, h('span', { class: 'loading-shard' }, shardIcon()), 'Connexion à la mission…'));
    if (!state.loading) startGame(moveFocus);
    return;
  }
  const r = route();
  renderTopbar();
  renderTabbar(tabFor(r.name));
  clear(main);
  const paused = state.me.session.status === 'paused';
  if ((r.name === 'missions' || r.name === 'quete') && paused) renderPause();
  else if ((r.name === 'missions' || r.name === 'quete') && !dayOpen()) renderWaiting();
  else if (r.name === 'quete') renderQuest(r.arg);
  else if (r.name === 'offres') renderOffers();
  else if (r.name === 'offre') renderOffer(r.arg);
  else if (r.name === 'equipe') renderTeam();
  else if (r.name === 'bilan') renderRecap(r.arg);
  else if (r.name === 'competences') lazyScreen('skills', function (m) { m.renderSkills(main, { api: api, announce: announce, backLink: backLink }); });
  else if (r.name === 'diagnostic') {
    // the answers change which offers are « pour toi en priorité »: the offers and recaps
    // kept from before must be fetched again, not shown from memory
    state.offers = null;
    state.recaps = {};
    lazyScreen('diagnosis', function (m) { m.renderDiagnosis(main, { api: api, announce: announce, backLink: backLink }); });
  } else if (r.name === 'fin') lazyScreen('ending', function (m) { m.renderEnding(main, { api: api, backLink: backLink }); });
  else if (r.name === 'coeur') lazyScreen('finale', function (m) { state.quest = m.renderFinale(main, { api: api, announce: announce, backLink: backLink, onWon: function () { scheduleRefresh({ me: true, leaderboard: true }); } }); });
  else renderMissions(moveFocus && !soft);
  if (moveFocus) focusTitle();
}

function focusTitle() {
  const t = main.querySelector('h1');
  if (t) { t.focus(); }
  window.scrollTo(0, 0);
}

// ---------------------------------------------------------------- join

function codeFromPath() {
  const m = location.pathname.match(/^\/j\/([^/?#]+)/);
  if (m) return decodeURIComponent(m[1]);
  try { return localStorage.getItem(CODE_KEY) || ''; } catch (e) { return ''; }
}

function renderJoin() {
  document.title = 'Rejoindre la mission · Éclats';
  clear(main);
  const notice = state.joinNotice;
  const codeInput = h('input', { id: 'join-code', type: 'text', testid: 'join-code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', required: true, 'aria-describedby': 'join-code-help', value: codeFromPath() });
  const nickInput = h('input', { id: 'join-nickname', type: 'text', testid: 'join-nickname', autocomplete: 'nickname', minlength: '2', maxlength: '24', required: true, 'aria-describedby': 'join-nickname-help' });
  const sessionInfo = h('div', { class: 'join-session', testid: 'join-session', 'aria-live': 'polite' });
  const codeError = h('p', { class: 'field-error', id: 'join-code-error', hidden: true });
  const nickError = h('p', { class: 'field-error', id: 'join-nickname-error', hidden: true });
  const teamsBox = h('div', { class: 'join-teams' });
  const formError = h('div', { class: 'msg msg-error', role: 'alert', testid: 'join-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-block btn-big', testid: 'join-submit' }, 'Rejoindre la mission');
  let lookedUp = '';
  let chosenTeam = null;

  function showFieldError(el, input, msg) {
    el.textContent = msg || '';
    el.hidden = !msg;
    if (msg) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    const described = input.getAttribute('aria-describedby').split(' ').filter(function (x) { return x !== el.id; });
    if (msg) described.push(el.id);
    input.setAttribute('aria-describedby', described.join(' '));
  }

  async function lookup() {
    const code = codeInput.value.trim();
    if (!code || code === lookedUp) return !!state.joinInfo;
    showFieldError(codeError, codeInput, '');
    clear(sessionInfo);
    clear(teamsBox);
    state.joinInfo = null;
    chosenTeam = null;
    try {
      const info = await api.get('/api/join/' + encodeURIComponent(code));
      state.joinInfo = info;
      lookedUp = code;
      sessionInfo.appendChild(h('p', null, h('span', { class: 'ok-mark' }, icon('check')), ' ', h('strong', null, info.session_name), ' — ', info.organisation));
      if (info.status === 'paused') sessionInfo.appendChild(h('p', { class: 'muted' }, 'La mission est en pause pour l\u2019instant, mais tu peux déjà la rejoindre.'));
      if (info.joining_open === false) sessionInfo.appendChild(h('p', { class: 'msg msg-error', testid: 'joining-closed' }, 'Cette partie n\u2019accepte plus de nouveaux joueurs : demande à l\u2019animateur.'));
      if (info.players_choose_team) renderTeams(info.teams);
      return true;
    } catch (e) {
      lookedUp = '';
      showFieldError(codeError, codeInput, e.status === 404 ? 'Ce code ne correspond à aucune mission. Vérifie-le avec ton animateur ou ton animatrice.' : e.message);
      return false;
    }
  }

  function renderTeams(teams) {
    const fs = h('fieldset', { class: 'team-choice', id: 'join-teams' },
      h('legend', null, 'Choisis ton équipe'),
      teams.map(function (t) {
        const id = 'team-' + t.id;
        return h('div', { class: 'team-option' },
          h('input', { type: 'radio', name: 'team', id: id, value: String(t.id), testid: 'join-team-' + t.id, onchange: function () { chosenTeam = t.id; teamError.hidden = true; } }),
          h('label', { for: id }, h('span', { class: 'team-option-name' }, t.name), h('span', { class: 'team-option-count' }, t.members_count ? plural(t.members_count, 'membre', 'membres') : 'Personne encore')));
      }));
    const teamError = h('p', { class: 'field-error', id: 'join-team-error', hidden: true }, 'Choisis une équipe pour continuer.');
    fs.appendChild(teamError);
    teamsBox.appendChild(fs);
  }

  codeInput.addEventListener('change', lookup);

  const form = h('form', { class: 'join-form', novalidate: true, testid: 'join-form' },
    notice ? h('div', { class: 'msg msg-info', role: 'status', testid: 'join-notice' }, notice) : null,
    h('div', { class: 'field' },
      h('label', { for: 'join-code' }, 'Code de la mission'),
      codeInput,
      h('p', { class: 'field-help', id: 'join-code-help' }, 'Il est affiché par ton animateur ou ton animatrice.'),
      codeError),
    sessionInfo,
    h('div', { class: 'field' },
      h('label', { for: 'join-nickname' }, 'Ton pseudo'),
      nickInput,
      h('p', { class: 'field-help', id: 'join-nickname-help' }, 'De 2 à 24 caractères : lettres, chiffres, espaces, tiret. Pas d\u2019emoji. Pas besoin de ton vrai nom.'),
      nickError),
    teamsBox,
    formError,
    submit);

  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    formError.textContent = '';
    const code = codeInput.value.trim();
    const nickname = nickInput.value.trim();
    if (!code) { showFieldError(codeError, codeInput, 'Entre le code de la mission.'); codeInput.focus(); return; }
    if (nickname.length < 2 || nickname.length > 24) { showFieldError(nickError, nickInput, 'Ton pseudo doit faire entre 2 et 24 caractères.'); nickInput.focus(); return; }
    showFieldError(nickError, nickInput, '');
    submit.disabled = true;
    submit.textContent = 'Connexion…';
    try {
      if (!(await lookup())) { codeInput.focus(); return; }
      const info = state.joinInfo;
      if (info.players_choose_team && chosenTeam == null) {
        const te = document.getElementById('join-team-error');
        if (te) te.hidden = false;
        const first = teamsBox.querySelector('input');
        if (first) first.focus();
        return;
      }
      const body = { code: code, nickname: nickname, device: deviceId() };
      if (info.players_choose_team) body.team_id = chosenTeam;
      const res = await api.post('/api/join', body);
      api.setToken(res.token);
      try { localStorage.setItem(CODE_KEY, code); } catch (e) { /* not needed to play */ }
      state.joinNotice = null;
      state.me = null;
      await startGame(true);
      announce('Bienvenue ' + res.player.nickname + '\u00a0! Ton équipe\u00a0: ' + res.player.team_name + '.');
    } catch (e) {
      const f = e.fields || {};
      if (f.nickname) showFieldError(nickError, nickInput, f.nickname.join(' '));
      if (f.code) showFieldError(codeError, codeInput, f.code.join(' '));
      formError.textContent = e.message;
    } finally {
      submit.disabled = false;
      submit.textContent = 'Rejoindre la mission';
    }
  });

  main.appendChild(h('section', { class: 'screen join', 'aria-labelledby': 'join-title' },
    h('div', { class: 'hero' },
      h('div', { class: 'hero-shard' }, shardIcon()),
      h('h1', { id: 'join-title', tabindex: '-1', class: 'hero-title' }, 'Éclats'),
      h('p', { class: 'hero-year' }, 'Année 2050')),
    h('p', { class: 'lead' }, 'Une entreprise du futur te recrute. Son intelligence artificielle menace les métiers de demain : avec ton équipe, récolte des éclats d\u2019avenir pour l\u2019arrêter.'),
    form));
  if (codeInput.value) lookup();
}

function backToJoin(msg) {
  live.stop(true);
  state.online = null;
  state.messages = null;
  state.messagesSeen = {};
  state.lock = {};
  state.me = null;
  state.quests = null;
  state.questsKey = '';
  state.offers = null;
  state.leaderboard = null;
  state.recaps = {};
  state.joinInfo = null;
  state.joinNotice = msg;
  if (location.hash) history.replaceState(null, '', location.pathname);
  render(true);
}

// ---------------------------------------------------------------- waiting & pause

function characterList() {
  const chars = state.me.characters || [];
  if (!chars.length) return null;
  return h('section', { class: 'card', 'aria-labelledby': 'chars-title' },
    h('h2', { id: 'chars-title' }, 'Tu vas les rencontrer'),
    h('ul', { class: 'char-list' }, chars.map(function (c) {
      return h('li', null, avatar(c), h('span', null, h('strong', null, c.name), h('br'), h('span', { class: 'muted' }, c.role)));
    })));
}

function renderWaiting() {
  const me = state.me;
  document.title = 'La mission commence bientôt · Éclats';
  main.appendChild(h('section', { class: 'screen center-screen', testid: 'waiting-screen' },
    h('div', { class: 'pulse-shard' }, shardIcon()),
    screenTitle('La mission commence bientôt'),
    h('p', { class: 'lead' }, 'Bienvenue ', h('strong', null, me.player.nickname), '\u00a0! Ton équipe\u00a0: ', h('strong', null, me.team.name), '.'),
    h('p', null, (me.session.company ? me.session.company + ' prépare' : 'L\u2019entreprise prépare') + ' ta première mission. Dès que ton animateur ou ton animatrice ouvre le jour 1, elle apparaîtra ici.'),
    me.session.description ? h('article', { class: 'briefing', testid: 'story' },
      h('p', { class: 'briefing-label' }, 'Transmission · ' + (me.session.company || 'Entreprise') + ' · 2050'),
      h('h2', null, me.session.pack_title || 'L\u2019histoire'),
      h('p', null, explained(me.session.description))) : null,
    characterList(),
    refreshButton()));
}

function renderPause() {
  document.title = 'Mission en pause · Éclats';
  main.appendChild(h('section', { class: 'screen center-screen', testid: 'pause-screen' },
    h('div', { class: 'pause-icon', 'aria-hidden': 'true' }, h('span'), h('span')),
    screenTitle('Mission en pause'),
    h('p', { class: 'lead' }, 'L\u2019équipe d\u2019animation a mis la partie en pause. Reste dans le coin : tout reprend bientôt.'),
    h('p', { class: 'muted' }, 'Tu peux quand même regarder les offres, ton équipe et ton bilan.'),
    refreshButton()));
}

// ---------------------------------------------------------------- missions

// The quest map: static/player/questmap.js (README « The quest map »)
function renderMissions(arrived) {
  const s = state.me.session;
  renderQuestMap(main, {
    me: state.me,
    quests: state.quests,
    kindLabel: kindLabel,
    arrived: arrived,
    title: screenTitle('Tes missions'),
    top: [
      lastMessage(),
      s.status === 'running' ? finaleSlot(s) : null,
      s.status === 'finished' ? h('div', { class: 'msg msg-ok', testid: 'finished-banner' }, 'Mission accomplie ! Les 10 jours sont terminés. ', h('a', { href: '#/fin', testid: 'to-ending' }, 'Voir la fin de ton histoire')) : null,
    ],
  });
}

// ---------------------------------------------------------------- quest

function renderQuest(id) {
  const q = findQuest(id);
  if (!q) {
    main.appendChild(h('section', { class: 'screen' },
      backLink('#/missions', 'Missions'),
      screenTitle('Mission introuvable'),
      h('p', null, 'Cette mission n\u2019existe pas ou n\u2019est pas encore ouverte.')));
    return;
  }
  if (q.status === 'locked') {
    main.appendChild(h('section', { class: 'screen' },
      backLink('#/missions', 'Missions'),
      screenTitle(q.title),
      h('p', { class: 'msg msg-info' }, icon('lock'), ' ', q.locked_reason || 'Cette mission n\u2019est pas encore disponible.')));
    return;
  }
  document.title = q.title + ' · Éclats';
  const container = h('section', { class: 'screen quest' });
  main.appendChild(container);
  const questCtx = {
    api: api,
    act: live.act,
    queuedFor: live.queuedFor,
    lockState: function (qid) { return state.lock[qid] || null; },
    company: state.me.session.company,
    avatar: avatar,
    backLink: backLink,
    announce: announce,
    eclatsText: eclatsText,
    onEclats: function (total, fromEl) {
      const before = state.me.team.eclats;
      showEclats(total, fromEl);
      if (total === before) bump(document.getElementById('eclats-counter'));
    },
    reload: async function () {
      state.offers = null;
      state.leaderboard = null;
      state.recaps = {};
      try {
        await loadQuests();
        renderTopbar();
      } catch (e) { /* keep what we have */ }
      return findQuest(id);
    },
    onPaused: async function () {
      try { await loadMe(); } catch (e) { return; }
      render(true);
    },
  };
  lazyScreen('quest', function (m) { state.quest = m.mountQuest(container, q, questCtx); });
}

function backLink(href, label) {
  return h('a', { href: href, class: 'back-link', testid: 'back' }, icon('back'), h('span', null, label));
}

// ---------------------------------------------------------------- offers

// draw(data) gets what the loader returned: a live refresh may empty the shared state
// between the load and the draw, and the screen must not come out blank.
async function withData(loader, draw) {
  const holder = h('div', { class: 'loading', role: 'status' }, 'Chargement…');
  main.appendChild(holder);
  let data;
  try {
    data = await loader();
  } catch (e) {
    clear(holder);
    holder.className = '';
    holder.removeAttribute('role');
    holder.appendChild(errorBox(e));
    holder.appendChild(refreshButton('Réessayer'));
    return;
  }
  if (holder.parentNode !== main) return; // another screen took over
  main.removeChild(holder);
  draw(data);
}

function renderOffers() {
  document.title = 'Offres · Éclats';
  const draw = function (o) {
    const pct = o.total ? Math.round(100 * o.unlocked / o.total) : 0;
    main.appendChild(h('section', { class: 'screen offers' },
      screenTitle('Offres de la Mission Locale'),
      h('p', null, 'Chaque mission réussie te fait découvrir une offre. Touche une carte pour la voir.'),
      h('div', { class: 'progress-block', testid: 'offers-progress', 'data-unlocked': String(o.unlocked), 'data-total': String(o.total) },
        h('p', { id: 'offers-progress-text' }, h('strong', null, o.unlocked + '/' + o.total), ' offres découvertes'),
        h('div', { class: 'bar bar-big', role: 'progressbar', 'aria-labelledby': 'offers-progress-text', 'aria-valuemin': '0', 'aria-valuemax': String(o.total), 'aria-valuenow': String(o.unlocked) },
          h('span', { style: 'width:' + pct + '%' }))),
      h('ul', { class: 'ogrid' }, o.offers.map(function (offer) {
        return h('li', null, h('a', {
          href: '#/offre/' + encodeURIComponent(offer.id),
          class: 'ocard cat-' + offer.category + (offer.unlocked ? ' is-unlocked' : ' is-locked'),
          testid: 'offer-card-' + offer.id,
          'data-unlocked': offer.unlocked ? 'true' : 'false',
          'data-priority': offer.priority ? 'true' : 'false',
        },
          offer.priority ? h('span', { class: 'ocard-priority', testid: 'offer-priority-' + offer.id }, 'Pour toi en priorité') : null,
          h('span', { class: 'ocard-cat' }, CATEGORIES[offer.category] || offer.category),
          h('span', { class: 'ocard-title' }, offer.title),
          h('span', { class: 'ocard-state' }, offer.unlocked ? [icon('check'), ' Découverte'] : [icon('lock'), ' À découvrir'])));
      }))));
  };
  if (state.offers) draw(state.offers); else withData(loadOffers, draw);
}

function renderOffer(id) {
  const draw = function (offers) {
    const offer = offers.offers.filter(function (o) { return o.id === id; })[0];
    const section = h('section', { class: 'screen offer-detail', testid: 'offer-detail' }, backLink('#/offres', 'Offres'));
    main.appendChild(section);
    if (!offer) { section.appendChild(screenTitle('Offre introuvable')); return; }
    document.title = offer.title + ' · Éclats';
    section.appendChild(h('p', { class: 'ocard-cat cat-' + offer.category }, CATEGORIES[offer.category] || offer.category));
    section.appendChild(screenTitle(offer.title));
    section.appendChild(offer.unlocked
      ? h('p', { class: 'msg msg-ok' }, icon('check'), ' Découverte', offer.unlocked_by ? ' grâce à la mission « ' + offer.unlocked_by + ' »' : '')
      : h('p', { class: 'msg msg-info' }, icon('lock'), ' Pas encore découverte. Réussis des missions pour la débloquer et tout savoir.'));
    section.appendChild(h('p', { class: 'lead' }, explained(offer.summary)));
    if (offer.unlocked) {
      section.appendChild(h('h2', null, 'Ce que ça t\u2019apporte'));
      section.appendChild(h('p', null, explained(offer.brings)));
      section.appendChild(h('h2', null, 'Qui contacter'));
      section.appendChild(h('p', null, explained(offer.contact)));
      section.appendChild(h('h2', null, 'Comment faire'));
      section.appendChild(h('p', null, explained(offer.how)));
    }
  };
  if (state.offers) draw(state.offers); else withData(loadOffers, draw);
}

// ---------------------------------------------------------------- team

function renderTeam() {
  document.title = 'Équipe · Éclats';
  const draw = function (rows) {
    const me = state.me;
    const t = me.team;
    const board = rows || state.leaderboard || [];
    main.appendChild(h('section', { class: 'screen team' },
      h('p', { class: 'eyebrow' }, 'Ton équipe'),
      screenTitle(t.name),
      h('div', { class: 'stats' },
        h('div', { class: 'stat' }, h('span', { class: 'stat-n', testid: 'team-tab-eclats' }, shardIcon(), ' ', String(t.eclats)), h('span', { class: 'stat-l' }, 'éclats d\u2019avenir')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-n', testid: 'team-rank' }, t.rank === 1 ? '1re' : t.rank + 'e'), h('span', { class: 'stat-l' }, 'place sur ' + (board.length || '?')))),
      h('h2', null, 'Membres (' + t.members.length + ')',
        onlineCount() != null ? h('span', { class: 'members-online', testid: 'members-online' }, ' · ' + onlineCount() + ' en ligne') : null),
      h('ul', { class: 'members', testid: 'team-members' }, t.members.map(function (m) {
        const on = onlineCount() == null ? null : !!(m.me || state.online[m.id]);
        return h('li', { class: m.me ? 'is-me' : null, testid: 'member-' + m.id, 'data-online': on == null ? null : String(on) },
          avatar({ id: String(m.id), name: m.nickname }),
          h('span', { class: 'member-name' }, m.nickname, m.me ? h('span', { class: 'me-tag' }, ' (toi)') : null),
          on == null ? null : h('span', { class: 'presence' + (on ? ' is-on' : '') }, h('span', { class: 'presence-dot', 'aria-hidden': 'true' }), on ? 'en ligne' : 'pas en ligne'));
      })),
      messagesBlock(),
      h('h2', null, 'Classement'),
      h('ol', { class: 'board', testid: 'leaderboard' }, board.map(function (row) {
        return h('li', { class: row.mine ? 'is-mine' : null, testid: 'leaderboard-row-' + row.team_id, 'data-mine': row.mine ? 'true' : 'false' },
          h('span', { class: 'board-rank' }, String(row.rank)),
          h('span', { class: 'board-name' }, row.name, row.mine ? h('span', { class: 'me-tag' }, ' (ton équipe)') : null,
            h('span', { class: 'board-solved' }, plural(row.solved, 'mission réussie', 'missions réussies'))),
          h('span', { class: 'board-eclats' }, shardIcon(), ' ', String(row.eclats), h('span', { class: 'visually-hidden' }, ' éclats')));
      }))));
  };
  const load = async function () {
    const loaded = await Promise.all([loadLeaderboard(), loadMe(), state.messages ? null : loadMessages()]);
    renderTopbar();
    return loaded[0];
  };
  if (state.leaderboard && state.messages) draw(); else withData(load, draw);
}

// What the facilitators said to the group or to the team (newest first on screen).
function messagesBlock() {
  const list = (state.messages || []).slice().reverse();
  return h('section', { class: 'messages', 'aria-labelledby': 'messages-title' },
    h('h2', { id: 'messages-title' }, 'Messages de l\u2019équipe d\u2019animation'),
    list.length
      ? h('ul', { class: 'message-list', testid: 'messages' }, list.map(messageItem))
      : h('p', { class: 'muted', testid: 'messages' }, 'Aucun message pour l\u2019instant.'));
}

function messageItem(m) {
  return h('li', { class: 'message message-' + m.kind, testid: 'message-' + m.id },
    h('p', { class: 'message-meta' }, h('strong', null, m.kind === 'announcement' ? 'À tout le groupe' : 'Pour ton équipe'), ' · ', formatDateTime(m.created_at)),
    h('p', { class: 'message-text' }, m.text));
}

// The latest word from the facilitators, on top of the missions for a few hours.
function lastMessage() {
  const list = state.messages || [];
  const m = list[list.length - 1];
  if (!m) return null;
  const at = new Date(m.created_at).getTime();
  if (!(Date.now() - at < 6 * 3600 * 1000)) return null;
  return h('aside', { class: 'last-message', testid: 'last-message', 'aria-label': 'Dernier message de l\u2019équipe d\u2019animation' },
    h('p', { class: 'message-meta' }, h('strong', null, m.kind === 'announcement' ? 'Annonce' : 'Message pour ton équipe'), ' · ', formatDateTime(m.created_at)),
    h('p', { class: 'message-text' }, m.text),
    list.length > 1 ? h('a', { href: '#/equipe', class: 'last-message-more' }, 'Tous les messages (' + list.length + ')') : null);
}

// ---------------------------------------------------------------- recap

function renderRecap(arg) {
  document.title = 'Bilan · Éclats';
  const s = state.me.session;
  if (!dayOpen()) {
    main.appendChild(h('section', { class: 'screen' }, screenTitle('Bilan'), h('p', null, 'Ton bilan apparaîtra dès que le jour 1 sera ouvert.')));
    return;
  }
  let day = parseInt(arg, 10);
  if (!(day >= 1 && day <= s.current_day)) day = s.current_day;
  const draw = function (r) {
    const days = [];
    for (let d = 1; d <= s.current_day; d++) days.push(d);
    main.appendChild(h('section', { class: 'screen recap', testid: 'recap' },
      screenTitle('Bilan du jour ' + r.day),
      h('p', null, h('a', { href: '#/diagnostic', class: 'btn btn-secondary btn-block', testid: 'diagnosis-link' }, 'Mon diagnostic : mes priorités')),
      h('p', null, h('a', { href: '#/competences', class: 'btn btn-secondary btn-block', testid: 'skills-link' }, 'Mes compétences et mes badges')),
      h('nav', { class: 'day-picker', 'aria-label': 'Choisir un jour' },
        h('ul', null, days.map(function (d) {
          return h('li', null, h('a', { href: '#/bilan/' + d, class: 'day-pill' + (d === day ? ' is-active' : ''), 'aria-current': d === day ? 'page' : null, testid: 'recap-day-' + d, 'aria-label': 'Jour ' + d }, String(d)));
        }))),
      h('p', { class: 'recap-title' }, r.title),
      h('div', { class: 'stats' },
        h('div', { class: 'stat' }, h('span', { class: 'stat-n', testid: 'recap-eclats' }, '+', String(r.eclats_earned)), h('span', { class: 'stat-l' }, 'éclats gagnés')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-n' }, String(r.solved.length)), h('span', { class: 'stat-l' }, r.solved.length > 1 ? 'missions réussies' : 'mission réussie'))),
      h('h2', null, 'Réussies'),
      r.solved.length ? h('ul', { class: 'recap-list', testid: 'recap-solved' }, r.solved.map(function (q) {
        return h('li', { class: 'recap-row' }, h('span', { class: 'state-mark' }, icon('check')), h('span', { class: 'recap-qtitle' }, q.title), h('span', { class: 'recap-reward' }, '+' + q.reward, shardIcon()));
      })) : h('p', { class: 'muted' }, 'Aucune mission réussie ce jour-là.'),
      r.missed.length ? [h('h2', null, day === s.current_day && s.status !== 'finished' ? 'Pas encore réussies' : 'Manquées'), h('ul', { class: 'recap-list is-missed', testid: 'recap-missed' }, r.missed.map(function (q) { return h('li', null, q.title); }))] : null,
      h('h2', null, 'Offres découvertes'),
      r.offers.length ? h('ul', { class: 'recap-offers', testid: 'recap-offers' }, r.offers.map(function (o) {
        return h('li', { class: 'card', 'data-priority': o.priority ? 'true' : 'false' },
          o.priority ? h('span', { class: 'ocard-priority' }, 'Pour toi en priorité') : null,
          h('h3', null, h('a', { href: '#/offre/' + encodeURIComponent(o.id) }, o.title)),
          h('p', null, h('strong', null, 'Ce que ça t\u2019apporte : '), explained(o.brings)),
          h('p', null, h('strong', null, 'Qui contacter : '), explained(o.contact)));
      })) : h('p', { class: 'muted' }, 'Pas de nouvelle offre ce jour-là.'),
      r.appointment ? h('div', { class: 'panel panel-ok', testid: 'recap-appointment' },
        h('p', { class: 'panel-title' }, 'Ton rendez-vous'),
        h('p', null, formatZonedDateTime(r.appointment.starts_at, r.appointment.time_zone) + ' · ' + r.appointment.mode_label + ' · avec ' + r.appointment.counsellor + (r.appointment.place ? ' — ' + r.appointment.place : ''))) : null,
      h('p', { class: 'recap-total' }, 'Au total : ', h('strong', null, r.offers_unlocked_total + '/' + r.offers_total), ' offres découvertes · ', shardIcon(), ' ', eclatsText(r.eclats_total), ' pour l\u2019équipe.')));
  };
  if (state.recaps[day]) draw(state.recaps[day]);
  else withData(async function () { return (state.recaps[day] = await api.get('/api/me/recap?day=' + day)); }, draw);
}

// ---------------------------------------------------------------- boot

async function startGame(moveFocus) {
  state.loading = true;
  render(false);
  try {
    await loadMe();
    await loadQuests();
    await loadGlossary(api); // never fails: without it, texts are shown unmarked
  } catch (e) {
    state.loading = false;
    if (e.status === 401) return; // already back on the join screen
    clear(main).appendChild(h('section', { class: 'screen center-screen' },
      screenTitle('Connexion impossible'),
      errorBox(e),
      h('button', { type: 'button', class: 'btn btn-block', onclick: function () { startGame(true); } }, 'Réessayer')));
    if (moveFocus) focusTitle();
    return;
  }
  state.loading = false;
  render(moveFocus);
  live.seed(state.me.team.seq, state.me.session.seq);
  live.start();
  lazy('safety').then(function (m) { m.checkHelp(api); }, function () { /* the next start */ }); // numbers a facilitator sent while this phone was away
  liveRound.check(); // a live round already open on the big screen
  posterLink();
}

// A place's QR poster (one per team) leads to /lieu/<place>?code=…: check in with that
// code, for the mission of this team that is played at that place (when GPS cannot be used).
async function posterLink() {
  const m = location.pathname.match(/^\/lieu\/([a-z0-9][a-z0-9-]*)$/);
  const code = new URLSearchParams(location.search).get('code');
  if (!m || !code) return;
  history.replaceState(null, '', '/' + location.hash); // done once, not at every reload
  let data;
  try { data = await api.get('/api/me/places'); } catch (e) { toast(e.message, { kind: 'warn', important: true }); return; }
  const spot = (data.places || []).find(function (p) { return p.place.id === m[1] && p.status === 'available'; });
  if (!spot) {
    toast('Ce lieu n\u2019est pas (ou plus) à trouver pour ton équipe aujourd\u2019hui.', { title: 'Affiche scannée', important: true });
    return;
  }
  let r;
  try {
    r = await api.post('/api/me/quests/' + encodeURIComponent(spot.quest_id) + '/checkin/qr',
      { code: code, client_id: 'qr' + Date.now().toString(36) + Math.random().toString(36).slice(2, 8) });
  } catch (e) {
    toast(e.message, { title: 'Code refusé', kind: 'warn', important: true });
    return;
  }
  if (!r.accepted) { // another team's poster: the message says which one to look for
    toast(r.message, { title: 'Code refusé', kind: 'warn', important: true });
    return;
  }
  location.hash = '#/quete/' + encodeURIComponent(spot.quest_id);
  toast(r.message, { title: r.solved ? 'Lieu trouvé !' : 'Tu es sur place', kind: 'ok', important: true });
  scheduleRefresh({ me: true, quests: true, offers: true, leaderboard: true });
}

// Installable app, playable offline (static/player/offline.js, static/player/sw.js).
// Loaded once the page is complete: on a weak network, the first screen's files come first.
function installable() {
  import('/static/player/offline.js').then(function (m) {
    m.installOffline({ api: api, me: function () { return state.me; } });
  }, function () { /* no network at all: the app still runs */ });
}
if (document.readyState === 'complete') installable(); else window.addEventListener('load', installable);

window.addEventListener('hashchange', function () { render(true); });
// The skip link must not change the hash (it carries the route).
document.querySelector('.skip-link').addEventListener('click', function (ev) { ev.preventDefault(); main.focus(); });
pollWhileVisible(poll, POLL_MS);

if (api.token()) startGame(false); else render(false);
