// The live connection (Socket.IO, docs/REALTIME.md), shared by the phone app and the
// console. The client library (13 KB gzipped) is only fetched once someone is signed in.
// State for the UI: "connected" | "reconnecting" | "offline" (the device has no network).

const LIB = '/static/vendor/socket.io-client-4.8.4/socket.io.esm.min.js';
const ACK_MS = 15000;
let lib = null;

function loadLib() {
  if (!lib) lib = import(LIB).then(function (m) { return m.io; }, function (e) { lib = null; throw e; });
  return lib;
}

// An ack that never came (disconnect, timeout): the action may or may not have been done.
export class LiveError extends Error {
  constructor(message) { super(message); this.name = 'LiveError'; }
}

function deviceOffline() { return typeof navigator !== 'undefined' && navigator.onLine === false; }

/**
 * createLive({namespace, token, events, onState, onConnect, onConnectError, onRefused})
 * token() → current token; events: {name: handler}; onState(state) on every change;
 * onConnect() after each (re)connection; onRefused(message) when the server refused
 * the connection (bad token) or threw us out: no automatic retry then.
 */
export function createLive(opts) {
  let socket = null;
  let wanted = false;
  let state = 'offline';
  let retry = null;

  function setState(s) {
    if (s === state) return;
    state = s;
    if (opts.onState) opts.onState(s);
  }
  function idleState() { return deviceOffline() ? 'offline' : 'reconnecting'; }

  async function start() {
    wanted = true;
    if (socket) { if (!socket.connected) socket.connect(); return; }
    setState(idleState());
    let io;
    try {
      io = await loadLib();
    } catch (e) {
      later(10000); // weak network: try again
      return;
    }
    if (!wanted || socket) return;
    socket = io(opts.namespace, {
      auth: function (cb) { cb({ token: opts.token() }); },
      transports: ['websocket', 'polling'],
      tryAllTransports: true, // websocket blocked (proxy): long-polling
      reconnectionDelay: 1000,
      reconnectionDelayMax: 8000,
      timeout: 10000,
    });
    socket.on('connect', function () {
      setState('connected');
      if (opts.onConnect) opts.onConnect();
    });
    socket.on('disconnect', function (reason) {
      setState(idleState());
      // "io server disconnect": the server closed on purpose (revoked…); the library
      // does not come back by itself. Check once, a little later.
      if (reason === 'io server disconnect' && wanted) later(3000);
    });
    socket.on('connect_error', function (err) {
      setState(idleState());
      if (opts.onConnectError) opts.onConnectError(err);
      // active = the library keeps retrying (network); not active = refused by the server
      if (!socket.active && opts.onRefused) opts.onRefused((err && err.message) || '');
    });
    Object.keys(opts.events || {}).forEach(function (name) { socket.on(name, opts.events[name]); });
  }

  function later(ms) {
    clearTimeout(retry);
    retry = setTimeout(function () { if (wanted) start(); }, ms);
  }

  function stop() {
    wanted = false;
    clearTimeout(retry);
    if (socket) { socket.off(); socket.disconnect(); socket = null; }
    setState(idleState());
  }

  // New connection now (network is back, other session watched): skips the back-off wait.
  function restart() {
    if (!wanted) return;
    if (socket) { socket.disconnect(); socket.connect(); } else start();
  }

  function emit(name, payload, ms) {
    return new Promise(function (resolve, reject) {
      if (!socket || !socket.connected) { reject(new LiveError('not connected')); return; }
      socket.timeout(ms || ACK_MS).emit(name, payload, function (err, reply) {
        if (err) reject(new LiveError(err.message || 'timeout')); else resolve(reply || {});
      });
    });
  }

  window.addEventListener('online', function () { if (wanted && state !== 'connected') { setState('reconnecting'); restart(); } });
  // No network: stop knocking (battery, data) until the device says it is back.
  window.addEventListener('offline', function () {
    if (!wanted) return;
    if (socket) socket.disconnect();
    setState('offline');
  });
  document.addEventListener('visibilitychange', function () {
    // phones freeze background tabs: come back at once when the player looks again
    if (!document.hidden && wanted && socket && !socket.connected && !deviceOffline()) restart();
  });

  return {
    start: start,
    stop: stop,
    restart: restart,
    emit: emit,
    later: later,
    connected: function () { return !!(socket && socket.connected); },
    state: function () { return state; },
  };
}

// A client_id for the server's de-duplication: 8–64 chars of [A-Za-z0-9_-].
// crypto.randomUUID only exists on https/localhost; a LAN address is plain http.
export function newClientId() {
  const c = window.crypto;
  if (c && typeof c.randomUUID === 'function') {
    try { return c.randomUUID(); } catch (e) { /* insecure context */ }
  }
  const bytes = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
  return out;
}
