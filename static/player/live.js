// The phone's live link (docs/REALTIME.md): sequence numbers, actions sent over the
// socket with a client_id, and the offline queue replayed in order after reconnecting.
import { createLive, newClientId, LiveError } from '/static/shared/live.js';
import { ApiError } from '/static/shared/api.js';

const QUEUE_KEY = 'eclats.player.queue';
// Actions REST can also take (with the same client_id) when the socket cannot connect at all.
const REST_PATHS = { answer: '/answer', hint: '/hints' };

let memoryQueue = null; // localStorage refused (private mode): this visit only

function readQueue() {
  try {
    const raw = window.localStorage.getItem(QUEUE_KEY);
    const q = raw ? JSON.parse(raw) : [];
    return Array.isArray(q) ? q : [];
  } catch (e) {
    return memoryQueue || [];
  }
}

function writeQueue(q) {
  memoryQueue = q;
  try {
    if (q.length) window.localStorage.setItem(QUEUE_KEY, JSON.stringify(q));
    else window.localStorage.removeItem(QUEUE_KEY);
  } catch (e) { /* memory copy above */ }
}

function deviceOffline() { return navigator.onLine === false; }

/**
 * createPlayerLive(ctx) with ctx: api, token(), playerId(), onState(state, queued),
 * onHello(hello, differs) → Promise (refetch when differs), onTeam(ev, gap),
 * onSession(ev, gap), onLeaderboard(rows), onPresence(p), onRevoked(message),
 * onSlots(ev) (the session's free slots changed), onBadge({type, id, name}) (mine),
 * onQueued(item, reply|null, error|null) (a queued action got its answer).
 */
export function createPlayerLive(ctx) {
  const seq = { team: null, session: null };
  let replaying = false;
  let restMode = false; // the socket cannot connect but plain HTTP works
  let failures = 0;

  const live = createLive({
    namespace: '/player',
    token: ctx.token,
    onState: notify,
    onConnect: function () { failures = 0; restMode = false; },
    onConnectError: function () {
      failures += 1;
      if (failures === 2 && !deviceOffline()) probe();
    },
    onRefused: function () { probe(); },
    events: {
      hello: onHello,
      team: function (ev) { if (ev) ctx.onTeam(ev, check('team', ev.seq)); },
      session: function (ev) { if (ev) ctx.onSession(ev, check('session', ev.seq)); },
      leaderboard: function (rows) { if (Array.isArray(rows)) ctx.onLeaderboard(rows); },
      presence: function (p) { if (p) ctx.onPresence(p); },
      help: function (data) { if (data && ctx.onHelp) ctx.onHelp(data); }, // the safety net, this phone only
      round: function (ev) { if (ev && ctx.onRound) ctx.onRound(ev); }, // a live round (static/player/round.js)
      slots: function (ev) { if (ctx.onSlots) ctx.onSlots(ev || {}); }, // the session's free slots changed
      badge: function (ev) { if (ev && ctx.onBadge) ctx.onBadge(ev); }, // one of my badges, this player only
      revoked: function (data) {
        stop(true);
        ctx.onRevoked((data && data.message) || '');
      },
    },
  });

  function notify() { ctx.onState(live.state(), readQueue().length); }

  // seq <= last: already applied (undefined: ignore); last + 1: apply; beyond: we missed some.
  function check(kind, n) {
    if (typeof n !== 'number') return false;
    const last = seq[kind];
    if (last != null && n <= last) return undefined;
    seq[kind] = n;
    return last == null || n > last + 1;
  }

  async function onHello(data) {
    data = data || {};
    const differs = data.team_seq !== seq.team || data.session_seq !== seq.session;
    seq.team = typeof data.team_seq === 'number' ? data.team_seq : null;
    seq.session = typeof data.session_seq === 'number' ? data.session_seq : null;
    try { await ctx.onHello(data, differs); } catch (e) { /* the queue still goes */ }
    replay();
  }

  // The socket keeps failing: is the server reachable at all? A 401 logs out (api.js);
  // a working REST means "no live link here": actions go over HTTP meanwhile.
  async function probe() {
    try {
      await ctx.api.get('/api/me');
    } catch (e) {
      if (e.status !== 0) live.later(30000);
      return;
    }
    restMode = true;
    live.later(30000);
    replay();
  }

  function unwrap(reply) {
    if (reply && reply.ok === false) {
      throw new ApiError(reply.message || 'Oups, un souci. Réessaie dans un instant.', reply.status || 400, reply);
    }
    return reply || {};
  }

  function viaRest(item) {
    const p = item.payload;
    const body = {};
    Object.keys(p).forEach(function (k) { if (k !== 'quest_id') body[k] = p[k]; });
    return ctx.api.post('/api/me/quests/' + encodeURIComponent(p.quest_id) + REST_PATHS[item.event], body);
  }

  function enqueue(item) {
    let q = readQueue();
    const p = item.payload;
    const same = function (x) { return x.event === item.event && x.payload.quest_id === p.quest_id; };
    if (item.event === 'answer') q = q.filter(function (x) { return !same(x); }); // the latest answer wins
    const twin = q.filter(function (x) { return same(x) && (item.event === 'hint' || x.payload.value === p.value); })[0];
    if (!twin) q.push(item);
    writeQueue(q);
    notify();
    return twin || item;
  }

  function remove(clientId) {
    writeQueue(readQueue().filter(function (x) { return x.payload.client_id !== clientId; }));
  }

  /** act('answer'|'hint'|'piece', payload, {title}) → reply, or {queued: true, count}; throws ApiError */
  async function act(event, payload, meta) {
    const item = {
      event: event,
      payload: Object.assign({ client_id: newClientId() }, payload),
      pid: ctx.playerId(),
      title: (meta && meta.title) || '',
      at: Date.now(),
    };
    if (live.connected() && !readQueue().length) {
      try {
        return unwrap(await live.emit(event, item.payload));
      } catch (e) {
        if (!(e instanceof LiveError)) throw e;
        // no ack: done or not, the client_id makes the replay safe
      }
    } else if (restMode && REST_PATHS[event] && !deviceOffline() && !readQueue().length) {
      try {
        return await viaRest(item);
      } catch (e) {
        if (e.status !== 0) throw e;
      }
    }
    const kept = enqueue(item);
    if (live.connected()) replay();
    return { queued: true, count: readQueue().length, client_id: kept.payload.client_id };
  }

  async function replay() {
    if (replaying) return;
    replaying = true;
    let stalled = false;
    try {
      for (;;) {
        const q = readQueue();
        if (!q.length) break;
        const item = q[0];
        const pid = ctx.playerId();
        if (pid == null) { stalled = true; break; }
        if (item.pid !== pid) { remove(item.payload.client_id); continue; } // another player's, earlier on this phone
        let reply = null;
        let error = null;
        if (live.connected()) {
          try {
            reply = await live.emit(item.event, item.payload);
          } catch (e) {
            stalled = true;
            break;
          }
          // too many at once (a long offline queue): keep it and try again in a moment
          if (reply && reply.ok === false && reply.status === 429) { stalled = true; break; }
          if (reply && reply.ok === false) { error = new ApiError(reply.message || '', reply.status || 400, reply); reply = null; }
        } else if (restMode && REST_PATHS[item.event] && !deviceOffline()) {
          try {
            reply = await viaRest(item);
          } catch (e) {
            if (e.status === 0) break;
            if (e.status === 401) return;
            if (e.status === 429) { setTimeout(replay, 10000); break; }
            error = e;
          }
        } else {
          break;
        }
        remove(item.payload.client_id);
        notify();
        try { ctx.onQueued(item, reply, error); } catch (e) { /* the screen went away */ }
      }
    } finally {
      replaying = false;
      notify();
    }
    if (stalled && live.connected()) setTimeout(replay, 5000);
  }

  // The page comes back to the front: ask the server where we are (cheap) rather than
  // trusting a socket that may have slept.
  async function resync() {
    if (!live.connected()) return;
    let r;
    try { r = unwrap(await live.emit('sync', {}, 8000)); } catch (e) { return; }
    if (r.team_seq !== seq.team || r.session_seq !== seq.session) onHello(r);
  }

  function stop(dropQueue) {
    live.stop();
    seq.team = null;
    seq.session = null;
    restMode = false;
    failures = 0;
    if (dropQueue) writeQueue([]);
    notify();
  }

  document.addEventListener('visibilitychange', function () { if (!document.hidden) resync(); });

  return {
    start: function () { live.start(); },
    // the seqs of state just loaded over REST, when the server tells them (saves a refetch on hello)
    seed: function (teamSeq, sessionSeq) {
      if (seq.team == null && seq.session == null && typeof teamSeq === 'number' && typeof sessionSeq === 'number') {
        seq.team = teamSeq;
        seq.session = sessionSeq;
      }
    },
    stop: stop,
    act: act,
    connected: live.connected,
    state: live.state,
    queued: function () { return readQueue().length; },
    queuedFor: function (questId, event) {
      return readQueue().filter(function (x) { return x.payload.quest_id === questId && (!event || x.event === event); });
    },
  };
}
