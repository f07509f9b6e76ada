// The minimal Node.js socket.io broadcast (bench/peers.py): the framework's own cost. A
// token known at connection (in memory), a team sequence number in memory, the team's
// room told of each answer; no database, no replay, no check per event.
//
//     node minimal.js PORT SEED_JSON
"use strict";

const fs = require("fs");
const http = require("http");
const { Server } = require("socket.io");

const [port, seedPath] = process.argv.slice(2);
const seed = JSON.parse(fs.readFileSync(seedPath, "utf8"));
const who = new Map();
for (const team of seed.teams) for (const p of team.players) who.set(p.token, { team: team.team, nickname: p.nickname });
const seqs = new Map();

const server = http.createServer((req, res) => {
  res.writeHead(req.url === "/api/health" ? 200 : 404, { "Content-Type": "application/json" });
  res.end('{"ok":true}');
});
const io = new Server(server, { pingInterval: 20000, pingTimeout: 20000, serveClient: false });
const players = io.of("/player");

players.on("connection", (socket) => {
  const me = who.get(socket.handshake.auth && socket.handshake.auth.token);
  if (!me) {
    socket.disconnect(true);
    return;
  }
  socket.join(`team:${me.team}`);
  socket.on("answer", (data, ack) => {
    const seq = (seqs.get(me.team) || 0) + 1;
    seqs.set(me.team, seq);
    players.to(`team:${me.team}`).emit("team", { type: "attempt", seq, by: me.nickname });
    if (typeof ack === "function") ack({ ok: true, correct: false });
  });
});

server.listen(Number(port), "127.0.0.1", () => console.log(`node minimal on http://127.0.0.1:${port}`));
process.on("SIGTERM", () => {
  io.close();
  process.exit(0);
});
