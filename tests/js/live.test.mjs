// The phone's live link (static/player/live.js, docs/REALTIME.md), run as the phone runs
// it: the real module and the real shared/live.js, with a scripted Socket.IO server
// (fake-socket-io.mjs) and a browser's localStorage (browser.mjs).
import { test, beforeEach, afterEach, mock } from 'node:test';
import assert from 'node:assert/strict';

import { localStorage, navigatorState, settle, showPage } from './browser.mjs';

const { createPlayerLive } = await import('/static/player/live.js');
const { ApiError } = await import('/static/shared/api.js');
const { sockets } = await import('/static/vendor/socket.io-client-4.8.4/socket.io.esm.min.js');

const QUEUE_KEY = 'eclats.player.queue';

/** A phone: the live link with every callback recorded, and the server's side of its socket. */
async function phone(options = {}) {
  const seen = { hello: [], team: [], session: [], states: [], queued: [], revoked: [], leaderboard: [], posts: [] };
  let player = options.playerId === undefined ? 7 : options.playerId;
  const api = {
    get: options.get || async function () { return {}; },
    post: async function (path, body) { seen.posts.push({ path, body }); return { ok: true, via: 'rest' }; },
  };
  const live = createPlayerLive({
    api,
    token: function () { return 'jeton'; },
    playerId: function () { return player; },
    onState: function (state, queued) { seen.states.push([state, queued]); },
    onHello: async function (hello, differs) { seen.hello.push([hello, differs]); },
    onTeam: function (ev, gap) { seen.team.push([ev.seq, gap]); },
    onSession: function (ev, gap) { seen.session.push([ev.seq, gap]); },
    onLeaderboard: function (rows) { seen.leaderboard.push(rows); },
    onPresence: function () {},
    onRevoked: function (message) { seen.revoked.push(message); },
    onQueued: function (item, reply, error) { seen.queued.push({ item, reply, error }); },
  });
  if (options.seed) live.seed(...options.seed);
  const before = sockets.length;
  live.start();
  // the first start loads the client library (a dynamic import): wait for its socket
  for (let i = 0; i < 200 && sockets.length === before; i++) await settle();
  const socket = sockets[sockets.length - 1];
  return {
    live,
    seen,
    socket,
    setPlayer: function (id) { player = id; },
    async connect(hello = { team_seq: 0, session_seq: 0 }) {
      socket.serverConnects();
      socket.fire('hello', hello);
      await settle();
    },
  };
}

function stored() {
  const raw = localStorage.getItem(QUEUE_KEY);
  return raw ? JSON.parse(raw) : [];
}

beforeEach(function () {
  localStorage.refuse = false;
  localStorage.clear();
  navigatorState.onLine = true;
  sockets.length = 0;
  mock.timers.enable({ apis: ['setTimeout'] });
});

afterEach(function () {
  mock.timers.reset();
});

// ------------------------------------------------------------------ sequence numbers

test('team events in sequence are applied, a gap asks for a refetch, a replay is ignored', async function () {
  const p = await phone();
  await p.connect({ team_seq: 5, session_seq: 2 });
  for (const n of [6, 7, 7, 5, 10, 11]) p.socket.fire('team', { seq: n });
  // 6, 7 follow; 7 again and 5 were applied already (undefined: ignore); 10 skips 8 and 9 (gap); 11 follows
  assert.deepEqual(p.seen.team, [[6, false], [7, false], [7, undefined], [5, undefined], [10, true], [11, false]]);
});

test('team and session sequences are counted apart', async function () {
  const p = await phone();
  await p.connect({ team_seq: 3, session_seq: 9 });
  p.socket.fire('session', { seq: 10 });
  p.socket.fire('team', { seq: 4 });
  p.socket.fire('session', { seq: 12 });
  p.socket.fire('team', { seq: 4 });
  assert.deepEqual(p.seen.session, [[10, false], [12, true]]);
  assert.deepEqual(p.seen.team, [[4, false], [4, undefined]]);
});

test('an event without a sequence number is applied, with no gap and no change of sequence', async function () {
  const p = await phone();
  await p.connect({ team_seq: 1, session_seq: 1 });
  p.socket.fire('team', { kind: 'ping' });
  p.socket.fire('team', { seq: 2 });
  assert.deepEqual(p.seen.team, [[undefined, false], [2, false]]);
});

test('an event before the phone knows any sequence asks for a refetch, then follows', async function () {
  const p = await phone();
  p.socket.serverConnects();
  p.socket.fire('hello', {});
  await settle();
  p.socket.fire('team', { seq: 40 });
  p.socket.fire('team', { seq: 41 });
  assert.deepEqual(p.seen.team, [[40, true], [41, false]]);
});

test('hello says whether the state changed since the phone last knew it', async function () {
  const p = await phone();
  await p.connect({ team_seq: 5, session_seq: 2 });
  p.socket.serverDrops();
  await p.connect({ team_seq: 5, session_seq: 2 }); // nothing happened while away
  p.socket.serverDrops();
  await p.connect({ team_seq: 6, session_seq: 2 }); // a teammate solved something meanwhile
  assert.deepEqual(
    p.seen.hello.map(function (h) { return h[1]; }),
    [true, false, true],
  );
});

test('state seeded from REST saves the refetch when hello agrees', async function () {
  const p = await phone({ seed: [8, 3] });
  await p.connect({ team_seq: 8, session_seq: 3 });
  p.socket.fire('team', { seq: 9 });
  assert.deepEqual(p.seen.hello.map(function (h) { return h[1]; }), [false]);
  assert.deepEqual(p.seen.team, [[9, false]]);
});

test('coming back to the page asks the server where it stands and catches up when behind', async function () {
  const p = await phone();
  await p.connect({ team_seq: 5, session_seq: 2 });
  showPage();
  await settle();
  p.socket.reply({ ok: true, team_seq: 5, session_seq: 2 }, 'sync');
  await settle();
  showPage();
  await settle();
  p.socket.reply({ ok: true, team_seq: 7, session_seq: 2 }, 'sync');
  await settle();
  assert.deepEqual(
    p.seen.hello.map(function (h) { return [h[0].team_seq, h[1]]; }),
    [[5, true], [7, true]],
  );
  p.socket.fire('team', { seq: 8 });
  assert.deepEqual(p.seen.team, [[8, false]]);
});

// ------------------------------------------------------------------ actions

test('an action over the live link carries a client_id and returns the server reply', async function () {
  const p = await phone();
  await p.connect();
  const pending = p.live.act('answer', { quest_id: 'q1', answer: 'élan' }, { title: 'Énigme' });
  await settle();
  const sent = p.socket.reply({ ok: true, correct: true }, 'answer');
  assert.equal(sent.payload.quest_id, 'q1');
  assert.equal(sent.payload.answer, 'élan');
  assert.match(sent.payload.client_id, /^[A-Za-z0-9_-]{8,64}$/);
  assert.deepEqual(await pending, { ok: true, correct: true });
  assert.deepEqual(stored(), []);
});

test('a refusal from the server is an ApiError with its message and status', async function () {
  const p = await phone();
  await p.connect();
  const pending = p.live.act('answer', { quest_id: 'q1', answer: 'x' });
  await settle();
  p.socket.reply({ ok: false, status: 409, code: 'already_solved', message: 'Ton équipe a déjà réussi cette mission.' });
  await assert.rejects(pending, function (e) {
    return e instanceof ApiError && e.status === 409 && e.message === 'Ton équipe a déjà réussi cette mission.';
  });
  assert.deepEqual(stored(), []);
});

test('an action whose ack never came is queued and replayed with the same client_id', async function () {
  const p = await phone();
  await p.connect();
  const pending = p.live.act('hint', { quest_id: 'q1' });
  await settle();
  const first = p.socket.noAck('hint');
  const result = await pending;
  assert.deepEqual(result, { queued: true, count: 1, client_id: first.payload.client_id });
  // the replay starts at once, with the same action: the server de-duplicates by client_id
  await settle();
  const again = p.socket.reply({ ok: true, cost: 0 }, 'hint');
  await settle();
  assert.deepEqual(again.payload, first.payload);
  assert.deepEqual(stored(), []);
  assert.equal(p.seen.queued.length, 1);
  assert.deepEqual(p.seen.queued[0].reply, { ok: true, cost: 0 });
});

// ------------------------------------------------------------------ the offline queue

test('offline, actions are kept on the phone and counted', async function () {
  navigatorState.onLine = false;
  const p = await phone();
  const result = await p.live.act('answer', { quest_id: 'q1', answer: 'un' }, { title: 'Énigme' });
  assert.equal(result.queued, true);
  assert.equal(result.count, 1);
  const [item] = stored();
  assert.deepEqual(
    { event: item.event, payload: item.payload, pid: item.pid, title: item.title },
    { event: 'answer', payload: { client_id: result.client_id, quest_id: 'q1', answer: 'un' }, pid: 7, title: 'Énigme' },
  );
  assert.deepEqual(p.seen.states.at(-1), ['offline', 1]);
  assert.equal(p.live.queued(), 1);
  assert.deepEqual(p.live.queuedFor('q1', 'answer').map(function (x) { return x.payload.answer; }), ['un']);
  assert.equal(p.socket.sent.length, 0);
});

test('the queue keeps the latest answer per quest, one hint request, and each distinct code piece', async function () {
  const p = await phone();
  const act = function (event, payload) { return p.live.act(event, payload); };
  await act('answer', { quest_id: 'q1', answer: 'un' });
  await act('answer', { quest_id: 'q2', answer: 'autre' });
  await act('answer', { quest_id: 'q1', answer: 'deux' });
  const hint = await act('hint', { quest_id: 'q1' });
  const hintAgain = await act('hint', { quest_id: 'q1' });
  await act('piece', { quest_id: 'k', value: '20' });
  const pieceAgain = await act('piece', { quest_id: 'k', value: '20' });
  await act('piece', { quest_id: 'k', value: '50' });
  assert.deepEqual(
    stored().map(function (x) { return [x.event, x.payload.quest_id, x.payload.answer || x.payload.value || '']; }),
    [['answer', 'q2', 'autre'], ['answer', 'q1', 'deux'], ['hint', 'q1', ''], ['piece', 'k', '20'], ['piece', 'k', '50']],
  );
  // asking twice gives back the action already waiting (its client_id), not a second one
  assert.equal(hintAgain.client_id, hint.client_id);
  assert.equal(pieceAgain.client_id, stored()[3].payload.client_id);
  assert.equal(hintAgain.count, 3);
});

test('on reconnection the queue is replayed in order, one action at a time', async function () {
  const p = await phone();
  await p.live.act('answer', { quest_id: 'q1', answer: 'un' });
  await p.live.act('hint', { quest_id: 'q2' });
  await p.live.act('piece', { quest_id: 'k', value: '20' });
  const ids = stored().map(function (x) { return x.payload.client_id; });
  await p.connect();
  assert.deepEqual(p.socket.pending().map(function (x) { return x.name; }), ['answer']);
  p.socket.reply({ ok: true, correct: false, attempts_left: 2 });
  await settle();
  assert.deepEqual(p.socket.pending().map(function (x) { return x.name; }), ['hint']);
  p.socket.reply({ ok: false, status: 409, message: 'Il manque 3 éclats à ton équipe pour cet indice.' });
  await settle();
  p.socket.reply({ ok: true, entered: 1 });
  await settle();
  assert.deepEqual(
    p.socket.sent.map(function (x) { return [x.name, x.payload.client_id]; }),
    [['answer', ids[0]], ['hint', ids[1]], ['piece', ids[2]]],
  );
  assert.deepEqual(
    p.seen.queued.map(function (q) {
      return [q.item.event, q.reply, q.error && [q.error.status, q.error.message]];
    }),
    [
      ['answer', { ok: true, correct: false, attempts_left: 2 }, null],
      ['hint', null, [409, 'Il manque 3 éclats à ton équipe pour cet indice.']],
      ['piece', { ok: true, entered: 1 }, null],
    ],
  );
  assert.ok(p.seen.queued[1].error instanceof ApiError);
  assert.deepEqual(stored(), []);
  assert.deepEqual(p.seen.states.at(-1), ['connected', 0]);
});

test('while the queue is replayed a new action waits behind it, keeping the order', async function () {
  const p = await phone();
  await p.live.act('answer', { quest_id: 'q1', answer: 'un' });
  await p.connect();
  const later = await p.live.act('answer', { quest_id: 'q2', answer: 'deux' });
  assert.equal(later.queued, true);
  p.socket.reply({ ok: true });
  await settle();
  p.socket.reply({ ok: true });
  await settle();
  assert.deepEqual(p.socket.sent.map(function (x) { return x.payload.quest_id; }), ['q1', 'q2']);
  assert.deepEqual(stored(), []);
});

test('too many actions at once (429) keeps the queue and tries again five seconds later', async function () {
  const p = await phone();
  await p.live.act('answer', { quest_id: 'q1', answer: 'un' });
  await p.connect();
  const first = p.socket.reply({ ok: false, status: 429, message: 'Doucement !' });
  await settle();
  assert.equal(stored().length, 1);
  assert.deepEqual(p.seen.queued, []);
  mock.timers.tick(4999);
  await settle();
  assert.equal(p.socket.pending().length, 0);
  mock.timers.tick(1);
  await settle();
  const second = p.socket.reply({ ok: true });
  await settle();
  assert.equal(second.payload.client_id, first.payload.client_id);
  assert.deepEqual(stored(), []);
});

test('a lost connection during the replay keeps the action for the next connection', async function () {
  const p = await phone();
  await p.live.act('answer', { quest_id: 'q1', answer: 'un' });
  await p.connect();
  const first = p.socket.noAck('answer');
  await settle();
  assert.equal(stored().length, 1);
  p.socket.serverDrops();
  await settle();
  await p.connect();
  const second = p.socket.reply({ ok: true });
  await settle();
  assert.equal(second.payload.client_id, first.payload.client_id);
  assert.deepEqual(stored(), []);
});

test("actions queued by another player on this phone are dropped, never sent as someone else's", async function () {
  const p = await phone({ playerId: 3 });
  await p.live.act('answer', { quest_id: 'q1', answer: 'de Léa' });
  p.setPlayer(7);
  await p.live.act('answer', { quest_id: 'q2', answer: 'de Sam' });
  await p.connect();
  p.socket.reply({ ok: true });
  await settle();
  assert.deepEqual(p.socket.sent.map(function (x) { return x.payload.answer; }), ['de Sam']);
  assert.deepEqual(p.seen.queued.map(function (q) { return q.item.payload.answer; }), ['de Sam']);
  assert.deepEqual(stored(), []);
});

test('nothing is replayed while the phone does not know who is playing', async function () {
  const p = await phone();
  await p.live.act('answer', { quest_id: 'q1', answer: 'un' });
  p.setPlayer(null);
  await p.connect();
  assert.equal(p.socket.sent.length, 0);
  assert.equal(stored().length, 1);
});

test('the queue survives a reload of the page and is replayed by the next visit', async function () {
  const before = await phone();
  await before.live.act('answer', { quest_id: 'q1', answer: 'un' });
  before.live.stop(false);
  const after = await phone();
  assert.equal(after.live.queued(), 1);
  await after.connect();
  const sent = after.socket.reply({ ok: true });
  await settle();
  assert.equal(sent.payload.answer, 'un');
  assert.deepEqual(stored(), []);
});

test('without localStorage (private mode) the queue is kept in memory for the visit', async function () {
  localStorage.refuse = true;
  const p = await phone();
  await p.live.act('answer', { quest_id: 'q1', answer: 'un' });
  assert.equal(p.live.queued(), 1);
  await p.connect();
  p.socket.reply({ ok: true });
  await settle();
  assert.equal(p.live.queued(), 0);
  assert.deepEqual(p.seen.queued.map(function (q) { return q.item.payload.answer; }), ['un']);
});

test('a player removed by the facilitator loses the queue and is told why', async function () {
  const p = await phone();
  await p.live.act('answer', { quest_id: 'q1', answer: 'un' });
  p.socket.serverConnects();
  p.socket.fire('revoked', { message: "L'animateur t'a retiré de cette partie." });
  await settle();
  assert.deepEqual(p.seen.revoked, ["L'animateur t'a retiré de cette partie."]);
  assert.deepEqual(stored(), []);
  assert.equal(p.live.queued(), 0);
});

test('when the socket cannot connect but HTTP works, the queue goes over REST', async function () {
  const probes = [];
  const p = await phone({ get: async function (path) { probes.push(path); return {}; } });
  await p.live.act('answer', { quest_id: 'q 1', answer: 'un' });
  p.socket.fire('connect_error', new Error('websocket error'));
  await settle();
  assert.deepEqual(probes, []);
  p.socket.fire('connect_error', new Error('websocket error'));
  await settle();
  assert.deepEqual(probes, ['/api/me']);
  assert.deepEqual(p.seen.posts, [{ path: '/api/me/quests/q%201/answer', body: { client_id: p.seen.queued[0].item.payload.client_id, answer: 'un' } }]);
  assert.deepEqual(p.seen.queued.map(function (q) { return q.reply; }), [{ ok: true, via: 'rest' }]);
  assert.deepEqual(stored(), []);
  // meanwhile a new answer goes straight over REST; a code piece has no REST path and waits
  assert.deepEqual(await p.live.act('answer', { quest_id: 'q2', answer: 'deux' }), { ok: true, via: 'rest' });
  assert.equal((await p.live.act('piece', { quest_id: 'k', value: '20' })).queued, true);
});
