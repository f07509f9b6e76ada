// Console: what the live link (the « /staff » socket, docs/REALTIME.md) brings about the
// open session — teams, the session's status, the leaderboard, presence, new answers.
import { c } from '/static/facilitator/ctx.js';
import { STATUS } from '/static/facilitator/sessions.js';
import { updatePresenceCells } from '/static/facilitator/teams.js';

function teamOf(id) {
  const d = c.state.detail;
  return d ? d.teams.filter(function (t) { return t.id === id; })[0] || null : null;
}

// A row that just changed glows for a moment (no sound, nothing moves).
function flash(el) {
  if (!el) return;
  el.classList.remove('flash');
  void el.offsetWidth;
  el.classList.add('flash');
}

export function onTeamEvent(ev) {
  if (!ev) return;
  const t = teamOf(ev.team_id);
  if (!t) { if (!c.state.detail) c.scheduleRefresh(); return; }
  if (typeof ev.eclats === 'number') {
    t.eclats = ev.eclats;
    const cell = document.querySelector('[data-testid="team-eclats-' + t.id + '"]');
    if (cell) cell.textContent = '◆ ' + ev.eclats;
  }
  if (ev.type === 'solved') c.announce(t.name + ' a réussi « ' + (ev.title || 'une mission') + ' ».');
  if (ev.type === 'message') c.announce('Message envoyé à ' + t.name + '.');
  if (ev.type === 'booked') c.announce(t.name + ' : ' + (ev.by || 'un ou une jeune') + ' a pris ou annulé un rendez-vous (' + ev.booked + '/' + ev.total + ').');
  if (c.state.contributions) c.state.contributions.refreshSoon(); // who contributed what
  if (ev.type === 'finale' && c.state.weekend) {
    if (ev.by) c.announce('Le Cœur d\u2019Avenir est rallumé par ' + ev.by + ' : ' + t.name + ' reçoit ' + ev.reward + ' éclats.');
    c.state.weekend.refresh();
  }
  // a booking may also be what wins the mission ("solved"): the agenda looks again
  if (c.state.agenda) c.state.agenda.refreshSoon();
  if (ev.place && c.state.places) {
    if (ev.type === 'arrived') c.announce(t.name + ' : ' + (ev.by || 'quelqu\u2019un de l\u2019équipe') + ' a atteint ' + ev.place.name + ' (' + ev.present + '/' + ev.needed + ').');
    c.state.places.refresh();
  }
  flash(document.querySelector('[data-testid="team-row-' + t.id + '"]'));
  c.scheduleRefresh();
}

export function onSessionEvent(ev) {
  if (!ev) return;
  const d = c.state.detail;
  if (d && c.route().name === 'session') {
    const was = d.status;
    if (ev.status) d.status = ev.status;
    if (typeof ev.current_day === 'number') d.current_day = ev.current_day;
    if (ev.type === 'announcement') c.announce('Annonce envoyée à tous les téléphones.');
    else if (was !== d.status) c.announce('Session : ' + (STATUS[d.status] || d.status) + '.');
    else if (ev.type === 'day_opened') c.announce('Jour ' + (ev.day || d.current_day) + ' ouvert.');
    c.drawSession(); // the status at once (and that day's rounds); days and teams of the day come with the refetch
  }
  c.scheduleRefresh();
}

export function onLeaderboardEvent(rows) {
  const d = c.state.detail;
  if (!d || !Array.isArray(rows)) return;
  let changed = false;
  rows.forEach(function (r) {
    const t = teamOf(r.team_id);
    if (!t) return;
    if (t.eclats !== r.eclats || t.rank !== r.rank || t.solved !== r.solved) changed = true;
    t.eclats = r.eclats;
    t.rank = r.rank;
    t.solved = r.solved;
  });
  if (changed) c.drawSession();
}

export function onPresenceEvent(p) {
  if (!p || !c.state.detail) return;
  if (!c.state.online) c.state.online = {};
  if (p.online) c.state.online[p.player_id] = true;
  else delete c.state.online[p.player_id];
  const known = c.state.detail.players.some(function (x) { return x.id === p.player_id; });
  if (!known) c.scheduleRefresh(); // somebody just joined
  updatePresenceCells();
}

export function onSubmissionEvent(sub) {
  if (!sub || !c.state.detail || !teamOf(sub.team_id)) return;
  if (sub.status && sub.status !== 'pending') { c.scheduleRefresh(); return; }
  if (c.state.pending.some(function (x) { return x.id === sub.id; })) return;
  c.state.pending = c.state.pending.concat([sub]);
  c.drawTodo();
  const card = c.state.reviewNodes[sub.id];
  if (card) {
    card.classList.add('is-new');
    setTimeout(function () { card.classList.remove('is-new'); }, 15000);
  }
  c.announce('Nouvelle réponse à valider : ' + sub.team_name + ', « ' + sub.quest_title + ' ».');
  c.scheduleRefresh();
}
