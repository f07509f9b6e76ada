// The fair Node.js peer of Éclats (bench/peers.py): socket.io with better-sqlite3, doing
// the same work per action as Éclats' answer handler on one file SQLite database in WAL
// mode with Éclats' PRAGMAs: the token looked up on every event (SHA-256, a SELECT), the
// replay checked by client_id, then in one transaction the team's sequence number bumped,
// the quest's attempt counted and the reply kept under its client_id, committed before
// the team's room hears of it.
//
//     node peer.js PORT DB_PATH SEED_JSON
//
// SEED_JSON: {"teams": [{"team": 0, "players": [{"token": "…", "nickname": "…"}]}]}
// written by bench/peers.py. GET /api/health answers once the players are in.
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const http = require("http");
const Database = require("better-sqlite3");
const { Server } = require("socket.io");

const [port, dbPath, seedPath] = process.argv.slice(2);
const seed = JSON.parse(fs.readFileSync(seedPath, "utf8"));

const db = new Database(dbPath);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
db.pragma("busy_timeout = 15000");
db.exec(`
  CREATE TABLE IF NOT EXISTS teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL, seq INTEGER NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS players (
    id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES teams(id), nickname TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE, revoked_at TEXT);
  CREATE TABLE IF NOT EXISTS team_quests (
    id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES teams(id), quest_id TEXT NOT NULL,
    progress TEXT NOT NULL, attempts INTEGER NOT NULL, UNIQUE (team_id, quest_id));
  CREATE TABLE IF NOT EXISTS processed_actions (
    id INTEGER PRIMARY KEY, player_id INTEGER NOT NULL REFERENCES players(id), client_id TEXT NOT NULL,
    reply TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE (player_id, client_id));
`);

const sha256 = (token) => crypto.createHash("sha256").update(token).digest("hex");
const addTeam = db.prepare("INSERT INTO teams (id, name, seq) VALUES (?, ?, 0)");
const addPlayer = db.prepare("INSERT INTO players (team_id, nickname, token_hash) VALUES (?, ?, ?)");
db.transaction(() => {
  for (const team of seed.teams) {
    addTeam.run(team.team + 1, `Équipe ${team.team}`);
    for (const p of team.players) addPlayer.run(team.team + 1, p.nickname, sha256(p.token));
  }
})();

const byToken = db.prepare(
  "SELECT p.id, p.team_id, p.nickname, p.revoked_at FROM players p JOIN teams t ON t.id = p.team_id WHERE p.token_hash = ?",
);
const done = db.prepare("SELECT reply FROM processed_actions WHERE player_id = ? AND client_id = ?");
const bump = db.prepare("UPDATE teams SET seq = seq + 1 WHERE id = ? RETURNING seq");
const attempt = db.prepare(
  `INSERT INTO team_quests (team_id, quest_id, progress, attempts) VALUES (?, ?, 'open', 1)
   ON CONFLICT (team_id, quest_id) DO UPDATE SET attempts = attempts + 1 RETURNING attempts`,
);
const remember = db.prepare("INSERT INTO processed_actions (player_id, client_id, reply, created_at) VALUES (?, ?, ?, ?)");
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

function identify(token) {
  const player = byToken.get(sha256(String(token || "")));
  if (!player || player.revoked_at) throw { status: 401, error: "bad_token", message: "Ta connexion n'est plus valable." };
  return player;
}

const answer = db.transaction((player, questId, clientId) => {
  const seq = bump.get(player.team_id).seq;
  const attempts = attempt.get(player.team_id, questId).attempts;
  const reply = { correct: false, status: "open", message: "Ce n'est pas ça. Réessaie, ou prends un indice.", attempts };
  remember.run(player.id, clientId, JSON.stringify(reply), new Date().toISOString());
  return { reply, seq };
});

const server = http.createServer((req, res) => {
  res.writeHead(req.url === "/api/health" ? 200 : 404, { "Content-Type": "application/json" });
  res.end('{"ok":true}');
});
const io = new Server(server, { pingInterval: 20000, pingTimeout: 20000, serveClient: false });
const players = io.of("/player");

players.on("connection", (socket) => {
  let me;
  try {
    me = identify(socket.handshake.auth && socket.handshake.auth.token);
  } catch (e) {
    socket.disconnect(true);
    return;
  }
  socket.join(`team:${me.team_id}`);
  socket.join(`player:${me.id}`);
  const token = socket.handshake.auth.token;
  socket.on("answer", (data, ack) => {
    if (typeof ack !== "function") return;
    try {
      const player = identify(token); // every event, as Éclats: a revoked phone stops at once
      const clientId = data && data.client_id;
      const questId = data && data.quest_id;
      if (typeof clientId !== "string" || !CLIENT_ID.test(clientId) || typeof questId !== "string") {
        ack({ ok: false, status: 422, error: "invalid", message: "Identifiant d'action invalide." });
        return;
      }
      const kept = done.get(player.id, clientId);
      if (kept) {
        ack({ ok: true, ...JSON.parse(kept.reply), replayed: true });
        return;
      }
      const { reply, seq } = answer(player, questId, clientId); // committed here
      players.to(`team:${player.team_id}`).emit("team", {
        type: "attempt",
        seq,
        by: player.nickname,
        quest_id: questId,
        correct: false,
        at: new Date().toISOString(),
      });
      ack({ ok: true, ...reply, replayed: false });
    } catch (e) {
      if (e && e.code === "SQLITE_CONSTRAINT_UNIQUE") ack({ ok: false, status: 409, error: "conflict", message: "" });
      else ack({ ok: false, status: e.status || 500, error: e.error || "error", message: e.message || String(e) });
    }
  });
});

server.listen(Number(port), "127.0.0.1", () => console.log(`node peer on http://127.0.0.1:${port}`));
process.on("SIGTERM", () => {
  io.close();
  db.close();
  process.exit(0);
});
