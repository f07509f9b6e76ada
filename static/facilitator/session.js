// Console: one session, in views (views.js). Which panel lives in which view, and what
// « needs action » in each view (the count on its tab, README « The console in views »).
import { h } from '/static/shared/dom.js';
import { c } from '/static/facilitator/ctx.js';
import { mountViews, viewInHash } from '/static/facilitator/views.js';
import { mountPlaces } from '/static/facilitator/places.js';
import { mountLocal } from '/static/facilitator/local.js';
import { mountSkills } from '/static/facilitator/skills.js';
import { mountAgenda } from '/static/facilitator/agenda.js';
import { mountReport } from '/static/facilitator/report.js';
import { mountAlerts } from '/static/facilitator/safety.js';
import { mountRounds } from '/static/facilitator/rounds.js';
import { mountContributions } from '/static/facilitator/contributions.js';
import { mountSolutions } from '/static/facilitator/solutions.js';
import { mountWeekend } from '/static/facilitator/weekend.js';
import { announceForm, recapsForm } from '/static/facilitator/controls.js';
import { addTeamForm } from '/static/facilitator/teams.js';

// A booked appointment still to come today (the counsellor or the young person may need a reminder).
function bookedLaterToday(row) {
  const at = new Date(row.getAttribute('data-starts-at'));
  const now = new Date();
  return at.toDateString() === now.toDateString() && at > now;
}

function numberIn(selector, attr) {
  const el = document.querySelector(selector);
  if (!el) return 0;
  return parseInt(attr ? el.getAttribute(attr) : el.textContent, 10) || 0;
}

const COUNTS = {
  // help requests of the safety net not yet handled (open or only seen)
  live: function () { return numberIn('#sec-safety [data-testid="alerts-count"]'); },
  // answers and photos waiting for validation
  reponses: function () { return (c.state.pending || []).length; },
  // teams stuck today (the server's rule: day open, session running, nothing solved yet)
  equipes: function () {
    const d = c.state.detail;
    if (!d || d.status !== 'running' || !d.current_day) return 0;
    return d.teams.filter(function (t) { return t.stuck; }).length;
  },
  // check-ins worth a look (a position that jumped, a copied fix, another team's code)
  lieux: function () { return document.querySelectorAll('#sec-places .checkin-flags li').length; },
  rdv: function () {
    return Array.prototype.filter.call(document.querySelectorAll('#sec-agenda tr[data-booked="true"][data-starts-at]'), bookedLaterToday).length;
  },
  // badges ready to issue: enough evidence, consent given, not yet issued
  competences: function () { return numberIn('#sec-skills [data-testid="skills-summary"]', 'data-ready'); },
};

function panel(id, testid, title, cls) {
  return h('section', { class: 'panel' + (cls ? ' ' + cls : ''), 'aria-labelledby': title, id: id, testid: testid || null });
}

/** Lay out the open session (state.detail) in views and mount every panel. */
export function buildSession(app) {
  const s = c.state;
  const d = s.detail;
  ['safety', 'rounds', 'places', 'weekend', 'contributions', 'solutions', 'report', 'views'].forEach(function (k) {
    if (s[k] && s[k].destroy) s[k].destroy();
    s[k] = null;
  });
  app.appendChild(h('div', { id: 'sec-head', class: 'session-head' }));
  const views = mountViews(app, {
    sessionId: d.id,
    start: viewInHash() || 'live',
    counts: COUNTS,
    onShow: function (key) {
      if (key === 'lieux' && s.places && s.places.resize) s.places.resize(); // the map was drawn hidden
      if (key === 'competences' && s.skills && s.skills.summary) s.skills.summary();
    },
  });
  const ctx = { api: c.api, sessionId: d.id, announce: c.announce };

  // Live: the safety net first (a young person who needs help is never buried), the days (the main action
  // stays above the fold at 1366×768 and 1024×768), what to watch, the rounds
  const safetyEl = panel('sec-safety', 'alerts-panel', 'safety-title');
  const roundsEl = panel('sec-rounds', 'rounds-panel', 'rounds-title');
  views.panel('live').appendChild(h('div', { class: 'grid-main' },
    h('div', { class: 'main-col' }, safetyEl, panel('sec-days', null, 'days-title'), h('div', { id: 'sec-alerts', class: 'live-alerts' }), roundsEl),
    h('div', { class: 'side-col' },
      panel('sec-join', 'join-panel', 'join-title', 'panel-join'),
      h('section', { class: 'panel panel-announce', 'aria-labelledby': 'announce-title' }, announceForm()))));
  s.safety = mountAlerts(safetyEl, ctx);
  s.rounds = mountRounds(roundsEl, Object.assign({}, ctx, {
    currentDay: function () { return s.detail && s.detail.id === d.id ? s.detail.current_day : d.current_day; },
  }));

  // Réponses: the answers to validate, and the expected answers beside them
  const solutionsEl = panel('sec-solutions', 'solutions-panel', 'solutions-title');
  views.panel('reponses').appendChild(h('div', { class: 'grid-main' },
    h('section', { class: 'panel panel-todo', 'aria-labelledby': 'todo-title', testid: 'todo' },
      h('h2', { id: 'todo-title' }, 'Réponses à valider ', h('span', { class: 'count', id: 'todo-count', testid: 'pending-count' })),
      h('div', { id: 'sec-reviews', class: 'reviews', testid: 'reviews' })),
    h('div', { class: 'side-col' }, solutionsEl)));
  s.solutions = mountSolutions(solutionsEl, ctx);

  // Équipes: progress and hints, the young people, a new team, who contributed what
  const contribEl = panel('sec-contributions', 'contributions-panel', 'contributions-title');
  views.panel('equipes').appendChild(panel('sec-teams', null, 'teams-title'));
  views.panel('equipes').appendChild(h('div', { class: 'grid-2 grid-players' },
    panel('sec-players', null, 'players-title'),
    h('div', { class: 'side-col' }, h('section', { class: 'panel', 'aria-labelledby': 'add-team-title' }, addTeamForm()), contribEl)));
  s.contributions = mountContributions(contribEl, ctx);

  // Lieux: the urban games, the weekend's finale, the Mission Locale block of the pack
  const placesEl = panel('sec-places', 'places-panel', 'places-title');
  const weekendEl = panel('sec-weekend', 'weekend-panel', 'weekend-title');
  const localEl = panel('sec-local', 'local-panel', 'local-title');
  views.panel('lieux').appendChild(placesEl);
  views.panel('lieux').appendChild(h('div', { class: 'grid-2' }, weekendEl, localEl));
  s.places = mountPlaces(placesEl, ctx);
  s.weekend = mountWeekend(weekendEl, ctx);
  mountLocal(localEl, { api: c.api, pack: d.pack, announce: c.announce });

  const agendaEl = panel('sec-agenda', 'agenda-panel', 'agenda-title');
  views.panel('rdv').appendChild(agendaEl);
  s.agenda = mountAgenda(agendaEl, ctx);

  const skillsEl = panel('sec-skills', 'skills-panel', 'skills-title');
  views.panel('competences').appendChild(skillsEl);
  s.skills = mountSkills(skillsEl, Object.assign({}, ctx, {
    players: function () { return (s.detail ? s.detail.players : []).filter(function (p) { return !p.revoked; }); },
  }));

  const reportEl = panel('sec-report', 'report-panel', 'report-title');
  views.panel('rapport').appendChild(h('div', { class: 'grid-main' }, reportEl,
    h('div', { class: 'side-col' }, h('section', { class: 'panel', 'aria-labelledby': 'recaps-title' }, recapsForm(d.id)))));
  s.report = mountReport(reportEl, ctx);
  s.views = views;
  return views;
}
