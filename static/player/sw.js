// The phone app's service worker (README « Installable app and offline »).
// Served at /sw.js by api/http/offline.py, which writes the release VERSION (a hash of
// the app's files) and the SHELL list in place of the two markers below: a new release
// is a new worker, with new caches; the old ones are deleted when it takes over.
//
// - the app's pages (/, /j/…, /lieu/…): network first, else the cached shell;
// - the app's files (/static/player, /static/shared, the socket and map libraries):
//   from the cache of this release, else the network (and kept);
// - the player's own state (ALLOWED below, GET only): network first, else the last
//   good answer, kept per player (a hash of the token) so another player on this phone
//   never sees it. Nothing else is ever cached: not the console, staff or badge
//   answers, not the verifier, not any POST (the offline queue in live.js sends those).
'use strict';

const VERSION = '__ECLATS_VERSION__';
const SHELL = ['__ECLATS_SHELL__'];
const PREFIX = 'eclats-';
const SHELL_CACHE = PREFIX + 'shell-' + VERSION;
const DATA_CACHE = PREFIX + 'data-' + VERSION;
const NETWORK_MS = 6000; // one bar of data: after this, the cached answer, if any
// Answers a page already got fresh: later reads of them wait for the network (a quest
// just solved must not show as still open because the network was slow that time).
const freshFor = new Set();

const PAGES = /^\/(?:j\/[^/]+|lieu\/[^/]+)?$/;
const FILES = /^\/static\/(?:player\/|shared\/|vendor\/socket\.io-client-[^/]+\/|vendor\/leaflet-[^/]+\/)/;
// The player's own state, to show it offline. Not cached: personal answers (diagnosis,
// reflections, appointment, help, badges, data export, PDF), live rounds and the finale.
const ALLOWED = /^\/api\/me(?:\/(?:quests|offers|recap|leaderboard|glossary|messages|places))?$/;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(SHELL_CACHE).then(function (cache) {
    // 'no-cache': the browser's copy only if the server says it is still this release's
    // (a cheap 304 for the files the first visit just loaded)
    return cache.addAll(SHELL.map(function (url) { return new Request(url, { cache: 'no-cache' }); }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key.indexOf(PREFIX) === 0 && key !== SHELL_CACHE && key !== DATA_CACHE;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener('fetch', function (event) {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return; // map tiles: the browser's own way
  const path = url.pathname;
  if (request.method === 'GET') {
    if (request.mode === 'navigate' && PAGES.test(path)) event.respondWith(page(request));
    else if (FILES.test(path)) event.respondWith(file(request));
    else if (ALLOWED.test(path)) event.respondWith(state(request, event.clientId));
    return;
  }
  // A new player on this phone, or a player who left: the cached answers go.
  if ((request.method === 'POST' && path === '/api/join') || (request.method === 'DELETE' && path === '/api/me')) {
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) return forget().then(function () { return response; });
      return response;
    }));
  }
});

// the network's answer; null when it is slower than NETWORK_MS and there is a fallback
function network(request, fallback) {
  const fetched = fetch(request);
  if (!fallback) return fetched;
  return new Promise(function (resolve, reject) {
    const timer = setTimeout(function () { resolve(null); }, NETWORK_MS);
    fetched.then(function (r) { clearTimeout(timer); resolve(r); }, function (e) { clearTimeout(timer); reject(e); });
  });
}

async function page(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match('/');
  try {
    const response = await network(request, cached);
    if (response && response.ok) {
      await cache.put('/', response.clone());
      return response;
    }
    if (response && (response.status < 500 || !cached)) return response; // what the server meant
  } catch (e) {
    if (!cached) throw e;
  }
  return cached;
}

async function file(request) {
  const cache = await caches.open(SHELL_CACHE);
  const cached = await cache.match(request, { ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}

async function state(request, clientId) {
  const auth = request.headers.get('Authorization');
  if (!auth) return fetch(request);
  const cache = await caches.open(DATA_CACHE);
  const key = await keyFor(request, auth);
  const cached = await cache.match(key);
  const seen = (clientId || '') + ' ' + key.url;
  let response;
  try {
    response = await network(request, freshFor.has(seen) ? null : cached);
  } catch (e) {
    if (cached) return offline(cached);
    throw e;
  }
  if (!response) return offline(cached); // too slow: the last good answer meanwhile
  if (response.ok) {
    await cache.put(key, response.clone());
    if (clientId) freshFor.add(seen);
    return response;
  }
  if (response.status === 401) await forget(); // the token is over: nothing of it stays
  else if (response.status >= 500 && cached) return offline(cached); // the server is down
  return response;
}

// A cached answer, marked so the app can tell it is not fresh.
function offline(cached) {
  const headers = new Headers(cached.headers);
  headers.set('X-Eclats-Offline', '1');
  return new Response(cached.body, { status: cached.status, statusText: cached.statusText, headers: headers });
}

async function keyFor(request, auth) {
  const bytes = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(auth));
  const who = Array.from(new Uint8Array(bytes).slice(0, 12)).map(function (b) {
    return b.toString(16).padStart(2, '0');
  }).join('');
  const url = new URL(request.url);
  url.searchParams.set('__who', who);
  return new Request(url.toString());
}

function forget() {
  freshFor.clear();
  return caches.delete(DATA_CACHE);
}
