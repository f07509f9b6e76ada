// The phone app's service worker (static/player/sw.js), run as a browser runs it: the real
// file in its own global scope, with an in-memory Cache Storage and a scripted network.
// What it keeps, what it never keeps, and how a new release replaces the old caches.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { webcrypto } from 'node:crypto';

const ORIGIN = 'https://eclats.test';
const SOURCE = readFileSync(new URL('../../static/player/sw.js', import.meta.url), 'utf8');
const SHELL = ['/', '/static/player/app.js', '/static/shared/api.js'];

function absolute(u) { return new URL(typeof u === 'string' ? u : u.url, ORIGIN).href; }

class FakeCache {
  constructor() { this.entries = new Map(); }
  async match(req) { const r = this.entries.get(absolute(req)); return r ? r.clone() : undefined; }
  async put(req, res) { this.entries.set(absolute(req), res.clone()); }
  async addAll(reqs) { for (const r of reqs) this.entries.set(absolute(r), await this.network(r)); }
}

class FakeCaches {
  constructor(network) { this.stores = new Map(); this.network = network; }
  async open(name) {
    if (!this.stores.has(name)) { const c = new FakeCache(); c.network = this.network; this.stores.set(name, c); }
    return this.stores.get(name);
  }
  async keys() { return [...this.stores.keys()]; }
  async delete(name) { return this.stores.delete(name); }
}

/** A phone's worker of release `version`; `net` answers fetches (null: no network). */
function worker(version, caches, net) {
  const handlers = {};
  const seen = [];
  const network = async function (req) {
    seen.push(req);
    const answer = net.answer ? net.answer(req) : null;
    if (!answer) throw new TypeError('Failed to fetch');
    return answer;
  };
  caches = caches || new FakeCaches(network);
  caches.network = network;
  for (const c of caches.stores.values()) c.network = network;
  const self = {
    location: new URL('/sw.js', ORIGIN),
    addEventListener: function (name, fn) { handlers[name] = fn; },
    skipWaiting: async function () {},
    clients: { claim: async function () {} },
  };
  class LocalRequest extends Request {
    constructor(input, init) { super(typeof input === 'string' ? absolute(input) : input, init && { method: init.method, headers: init.headers }); }
  }
  const context = vm.createContext({
    self, caches, fetch: network, Request: LocalRequest, Response, Headers, URL, crypto: webcrypto,
    TextEncoder, setTimeout, clearTimeout, Promise, Array, Uint8Array,
  });
  const code = SOURCE.replace("'__ECLATS_VERSION__'", JSON.stringify(version)).replace("['__ECLATS_SHELL__']", JSON.stringify(SHELL));
  vm.runInContext(code, context);
  async function lifecycle(name) {
    let done = null;
    handlers[name]({ waitUntil: function (p) { done = p; } });
    await done;
  }
  /** → the worker's answer, or 'browser' when it leaves the request to the browser */
  async function request(method, path, opts) {
    opts = opts || {};
    let answer = null;
    const clientId = opts.client || '';
    const req = {
      url: path.startsWith('http') ? path : ORIGIN + path,
      method: method,
      mode: opts.mode || 'cors',
      headers: new Headers(opts.token ? { Authorization: 'Bearer ' + opts.token } : {}),
    };
    handlers.fetch({ request: req, clientId: clientId, respondWith: function (p) { answer = p; } });
    if (opts.pending) return answer;
    return answer ? await answer : 'browser';
  }
  return { caches, request, seen, install: function () { return lifecycle('install'); }, activate: function () { return lifecycle('activate'); } };
}

function json(body, status) {
  return new Response(JSON.stringify(body), { status: status || 200, headers: { 'Content-Type': 'application/json' } });
}

test('the player state is kept per player and shown offline, marked as such', async function () {
  const net = { answer: function (req) { return json({ quests: ['q1'], who: req.headers.get('Authorization') }); } };
  const sw = worker('v1', null, net);
  await sw.install();
  await sw.activate();
  const online = await sw.request('GET', '/api/me/quests', { token: 'ines' });
  assert.equal(online.headers.get('X-Eclats-Offline'), null);
  net.answer = null; // the tunnel
  const offline = await sw.request('GET', '/api/me/quests', { token: 'ines' });
  assert.deepEqual(await offline.json(), { quests: ['q1'], who: 'Bearer ines' });
  assert.equal(offline.headers.get('X-Eclats-Offline'), '1');
  // another player on the same phone never gets Inès's answer
  await assert.rejects(sw.request('GET', '/api/me/quests', { token: 'yanis' }));
  // and nothing without a token
  await assert.rejects(sw.request('GET', '/api/me/quests'));
});

test('staff, console, verifier, private answers and every POST are never cached', async function () {
  const net = { answer: function () { return json({ ok: true }); } };
  const sw = worker('v1', null, net);
  await sw.install();
  await sw.activate();
  const never = [
    ['GET', '/api/sessions/1'], ['GET', '/api/sessions/1/report'], ['GET', '/api/auth/me'],
    ['POST', '/api/verify'], ['GET', '/badges/abc'], ['GET', '/api/me/diagnosis'], ['GET', '/api/me/reflections'],
    ['GET', '/api/me/appointment'], ['GET', '/api/me/help'], ['GET', '/api/me/data'], ['GET', '/api/me/badges'],
    ['GET', '/api/me/cv.pdf'], ['POST', '/api/me/quests/q1/answer'], ['POST', '/api/me/quests/q1/hints'],
    ['GET', '/static/facilitator/console.js'], ['GET', '/api/me/quests/../../sessions/1'],
    ['GET', 'https://tiles.example/1/2/3.png'],
  ];
  for (const [method, path] of never) {
    assert.equal(await sw.request(method, path, { token: 'claire' }), 'browser', method + ' ' + path);
  }
  assert.equal(await sw.request('GET', '/console', { mode: 'navigate' }), 'browser');
  const stored = [];
  for (const cache of sw.caches.stores.values()) stored.push(...cache.entries.keys());
  assert.deepEqual(stored.filter(function (u) { return u.indexOf('/api/') !== -1; }), []);
});

test('a new release replaces the old caches; the app pages fall back to the kept shell', async function () {
  const net = { answer: function (req) { return new Response('release one ' + absolute(req)); } };
  const one = worker('aaaa', null, net);
  await one.install();
  await one.activate();
  await one.request('GET', '/api/me', { token: 'ines' });
  assert.deepEqual((await one.caches.keys()).sort(), ['eclats-data-aaaa', 'eclats-shell-aaaa']);
  net.answer = null;
  const page = await one.request('GET', '/j/ABCD', { mode: 'navigate' });
  assert.match(await page.text(), /release one/);
  const file = await one.request('GET', '/static/player/app.js');
  assert.match(await file.text(), /release one .*app\.js/);

  // release two: installed next to the first, which is deleted when it takes over
  net.answer = function (req) { return new Response('release two ' + absolute(req)); };
  one.caches.stores.set('someone-else', new FakeCache());
  const two = worker('bbbb', one.caches, net);
  await two.install();
  await two.activate();
  assert.deepEqual((await two.caches.keys()).sort(), ['eclats-shell-bbbb', 'someone-else']);
  net.answer = null;
  const fresh = await two.request('GET', '/static/player/app.js');
  assert.match(await fresh.text(), /release two/);
});

test('a token the server refuses wipes what was kept', async function () {
  const net = { answer: function () { return json({ me: 1 }); } };
  const sw = worker('v1', null, net);
  await sw.install();
  await sw.activate();
  await sw.request('GET', '/api/me', { token: 'ines' });
  net.answer = function () { return json({ message: 'fermé' }, 401); };
  assert.equal((await sw.request('GET', '/api/me', { token: 'ines' })).status, 401);
  net.answer = null;
  await assert.rejects(sw.request('GET', '/api/me', { token: 'ines' }));
});

test('one bar of data: a page opening shows the kept state after 6 s, a page that got it fresh waits', async function () {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const releases = [];
    const net = { answer: function () { return json({ solved: 0 }); } };
    const sw = worker('v1', null, net);
    await sw.install();
    await sw.activate();
    await sw.request('GET', '/api/me/quests', { token: 'ines', client: 'tab1' });
    net.answer = function () { return new Promise(function (resolve) { releases.push(resolve); }); }; // hangs
    const opening = sw.request('GET', '/api/me/quests', { token: 'ines', client: 'tab2', pending: true });
    const again = sw.request('GET', '/api/me/quests', { token: 'ines', client: 'tab1', pending: true });
    let againDone = false;
    again.then(function () { againDone = true; });
    let shown = null;
    opening.then(function (r) { shown = r; });
    // the worker sets its 6 s timer after a few awaits (the token's hash is computed off-thread)
    const end = Date.now() + 5000;
    while (!shown && Date.now() < end) {
      await new Promise(function (resolve) { setImmediate(resolve); });
      mock.timers.tick(6000);
    }
    assert.ok(shown, 'the kept answer after 6 s');
    assert.equal(shown.headers.get('X-Eclats-Offline'), '1');
    assert.deepEqual(await shown.json(), { solved: 0 });
    // both requests reached the network (each computes its token's hash off-thread first:
    // on a busy machine, later than a fixed number of turns)
    const asked = Date.now() + 5000;
    while (releases.length < 2 && Date.now() < asked) await new Promise(setImmediate);
    assert.equal(releases.length, 2);
    assert.equal(againDone, false); // still waiting for the truth
    releases.forEach(function (resolve) { resolve(json({ solved: 1 })); });
    assert.deepEqual(await (await again).json(), { solved: 1 });
  } finally {
    mock.timers.reset();
  }
});
