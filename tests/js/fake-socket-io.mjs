// A scriptable stand-in for the Socket.IO client: the test plays the server. Each
// socket records what the phone emitted (with its ack callback) and lets the test
// connect it, drop it, push server events and answer acks.
export const sockets = [];

class FakeSocket {
  constructor(namespace, options) {
    this.namespace = namespace;
    this.options = options;
    this.connected = false;
    this.active = true;
    this.handlers = {};
    this.sent = []; // {name, payload, ack(err, reply)}
    this.ackTimeout = null;
  }
  on(name, handler) { (this.handlers[name] = this.handlers[name] || []).push(handler); return this; }
  off() { this.handlers = {}; return this; }
  timeout(ms) { this.ackTimeout = ms; return this; }
  emit(name, payload, ack) {
    this.sent.push({ name, payload, ack: ack || function () {} });
    return this;
  }
  connect() { return this; }
  disconnect() { this.fire('disconnect', 'io client disconnect'); this.connected = false; return this; }
  // --- the test's side
  fire(name, ...args) { (this.handlers[name] || []).forEach(function (h) { h(...args); }); }
  serverConnects() { this.connected = true; this.fire('connect'); }
  serverDrops() { this.connected = false; this.fire('disconnect', 'transport close'); }
  // answers the oldest unanswered emit named `name` (any name when omitted)
  reply(reply, name) {
    const i = this.sent.findIndex(function (x) { return !x.answered && (!name || x.name === name); });
    if (i < 0) throw new Error('nothing to answer' + (name ? ' for ' + name : ''));
    const item = this.sent[i];
    item.answered = true;
    item.ack(null, reply);
    return item;
  }
  // the ack never comes (timeout, connection lost while waiting)
  noAck(name) {
    const i = this.sent.findIndex(function (x) { return !x.answered && (!name || x.name === name); });
    const item = this.sent[i];
    item.answered = true;
    item.ack(new Error('operation has timed out'));
    return item;
  }
  pending(name) { return this.sent.filter(function (x) { return !x.answered && (!name || x.name === name); }); }
}

export function io(namespace, options) {
  const socket = new FakeSocket(namespace, options);
  sockets.push(socket);
  return socket;
}
