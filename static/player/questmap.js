// The phone's home: the quest map (README « The quest map »). A « Prochaine mission »
// bar always on screen, the day's story folded once read, today's quests, then the
// earlier days folded with their progress, the days to catch up first.
// Drawn again from state on every live update (softRender in app.js): what is open or
// folded is kept here, per player and day, so a redraw never closes what was opened.
import { h } from '/static/shared/dom.js';
import { shardIcon, icon } from '/static/player/icons.js';
import { explained } from '/static/player/glossary.js';
import { speakButton } from '/static/player/speak.js'; // « Lire à voix haute » (A11Y, issue 15 point 8)
import { nextQuest, catchUpDays, pastDays, dayProgress, progressText } from '/static/player/nextquest.js';

const STORY_KEY = 'eclats.story.'; // + player id + '.' + day: this phone has shown that day's story

const storyOpen = {}; // story key → {open} for this page's life (kept by a live redraw)
const dayOpen = {}; // player id + '.' + day → true when the player opened that past day

function plural(n, one, many) { return n + ' ' + (n > 1 ? many : one); }
function eclatsText(n) { return plural(n, 'éclat', 'éclats'); }

function seen(key) {
  try { return localStorage.getItem(key) === '1'; } catch (e) { return false; }
}
function markSeen(key) {
  try { localStorage.setItem(key, '1'); } catch (e) { /* private mode: shown open again next time */ }
}

export function avatar(character) {
  const name = (character && character.name) || '?';
  const id = (character && character.id) || name;
  let hash = 0;
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) >>> 0;
  return h('span', { class: 'avatar avatar-' + (hash % 6), 'aria-hidden': 'true' }, name.charAt(0).toUpperCase());
}

function questCard(q, kindLabel) {
  const locked = q.status === 'locked';
  const stateLine = {
    solved: h('p', { class: 'qcard-state is-solved' }, h('span', { class: 'state-mark' }, icon('check')), ' Réussie', q.success ? ' — ' + q.success : ''),
    locked: h('p', { class: 'qcard-state is-locked' }, icon('lock'), ' ', q.locked_reason || 'Pas encore disponible'),
    failed: h('p', { class: 'qcard-state is-failed' }, 'Plus d\u2019essais : mission close'),
    pending_review: h('p', { class: 'qcard-state is-pending' }, 'Réponse envoyée, en attente de validation'),
    available: h('p', { class: 'qcard-state is-available' }, 'À jouer'),
  }[q.status] || null;
  const inner = [
    h('span', { class: 'qcard-top' },
      h('span', { class: 'chip' }, kindLabel(q.kind)),
      h('span', { class: 'qcard-reward', 'aria-label': (q.reward ? eclatsText(q.reward) + ' à gagner' : 'pas d\u2019éclat') }, shardIcon(), ' ', String(q.reward))),
    h('h3', { class: 'qcard-title' }, q.title),
    q.character ? h('p', { class: 'qcard-char' }, avatar(q.character), ' avec ', q.character.name) : null,
    stateLine,
  ];
  const attrs = { class: 'qcard status-' + q.status, testid: 'quest-card-' + q.id, 'data-status': q.status };
  if (locked) return h('li', null, h('div', Object.assign(attrs, { 'aria-disabled': 'true' }), inner));
  return h('li', null, h('a', Object.assign(attrs, { href: '#/quete/' + encodeURIComponent(q.id) }), inner));
}

// The bar at the bottom, above the tab bar: in reach of the thumb on any scroll position.
function nextBar(quests, cur) {
  const next = nextQuest(quests, cur);
  if (!next) {
    const waiting = quests.some(function (q) { return q.status === 'pending_review'; });
    return h('div', { class: 'next-bar is-done', testid: 'next-mission-done' },
      h('p', { class: 'next-done' }, h('strong', null, 'Tout est fait pour aujourd\u2019hui'),
        waiting ? ' Une réponse attend la validation de l\u2019équipe d\u2019animation.' : ' Bravo\u00a0!'),
      h('a', { href: '#/bilan', class: 'next-done-link', testid: 'next-to-recap' }, 'Voir mon bilan'));
  }
  const q = next.quest;
  // its name is its text (« Prochaine mission : Jour 1 à rattraper · … »): the title, clamped
  // to two lines on screen, is read whole
  return h('div', { class: 'next-bar' + (next.catchUp ? ' is-catch-up' : '') },
    h('a', { class: 'btn btn-block btn-big next-btn', href: '#/quete/' + encodeURIComponent(q.id), testid: 'next-mission', 'data-quest': q.id },
    h('span', { class: 'next-label' }, 'Prochaine mission', h('span', { class: 'visually-hidden' }, ' : ')),
    h('span', { class: 'next-title' }, next.catchUp ? h('span', { class: 'next-why' }, 'Jour ' + next.day + ' à rattraper · ') : null, q.title)));
}

// The day's story: open the first time this phone shows that day, then one line.
function storyCard(me, arrived) {
  const s = me.session;
  const key = STORY_KEY + me.player.id + '.' + s.day.number;
  let st = storyOpen[key];
  if (!st) {
    st = storyOpen[key] = { open: !seen(key) };
    markSeen(key);
  } else if (arrived) {
    st.open = false; // back on the home screen after the first read: folded
  }
  const bodyId = 'story-body';
  const body = h('div', { id: bodyId, class: 'briefing-body', hidden: !st.open },
    h('p', { class: 'briefing-kicker' }, 'Transmission · ' + (s.company || 'Entreprise') + ' · Jour ' + s.day.number),
    h('h2', null, s.day.title),
    h('p', { testid: 'story-text' }, explained(s.day.intro)),
    speakButton(function () { return s.day.title + '. ' + s.day.intro; }, { testid: 'speak-story' }),
    s.day.autonomous ? h('p', { class: 'briefing-auto' }, 'Jour en autonomie : vous jouez en équipe, sans animateur ni animatrice.') : null);
  const more = h('span', { class: 'briefing-more' }, st.open ? 'Replier' : 'Afficher');
  const card = h('article', { class: 'briefing' + (st.open ? '' : ' is-folded'), testid: 'briefing', 'aria-labelledby': 'story-toggle-label' });
  const toggle = h('button', {
    type: 'button', class: 'briefing-toggle', testid: 'story-toggle', 'aria-expanded': String(st.open), 'aria-controls': bodyId,
    onclick: function () {
      st.open = !st.open;
      body.hidden = !st.open;
      card.classList.toggle('is-folded', !st.open);
      toggle.setAttribute('aria-expanded', String(st.open));
      more.textContent = st.open ? 'Replier' : 'Afficher';
    },
  }, h('span', { class: 'briefing-label', id: 'story-toggle-label' }, 'L\u2019histoire du jour ' + s.day.number), more);
  card.appendChild(toggle);
  card.appendChild(body);
  return card;
}

function pastDay(me, d, list, late, kindLabel) {
  const key = me.player.id + '.' + d;
  const p = dayProgress(list);
  const details = h('details', { class: 'day-group day-past' + (late ? ' is-late' : ''), testid: 'day-group-' + d, open: !!dayOpen[key] },
    h('summary', { class: 'day-summary', testid: 'day-toggle-' + d },
      h('span', { class: 'day-name' }, 'Jour ' + d),
      late ? h('span', { class: 'tag-late', testid: 'catch-up-' + d }, 'À rattraper') : null,
      h('span', { class: 'day-progress', testid: 'day-progress-' + d },
        progressText(p))),
    h('ul', { class: 'qlist' }, list.map(function (q) { return questCard(q, kindLabel); })));
  details.addEventListener('toggle', function () { dayOpen[key] = details.open; });
  return details;
}

/**
 * ctx: {me, quests, kindLabel, title (the screen's h1), top (nodes shown above the
 * story: message, finale, end), arrived (the player came to this screen, not a redraw)}.
 */
export function renderQuestMap(main, ctx) {
  const me = ctx.me;
  const s = me.session;
  const cur = s.current_day;
  const quests = ctx.quests || [];
  document.title = 'Missions · Éclats';
  const byDay = {};
  quests.forEach(function (q) { (byDay[q.day] = byDay[q.day] || []).push(q); });
  const late = catchUpDays(quests, cur);
  const past = pastDays(quests, cur);
  const playing = s.status !== 'finished'; // at the end, the top banner leads to the ending
  const section = h('section', { class: 'screen missions' + (playing ? ' has-next' : '') }, ctx.title, ctx.top || null);
  if (playing) section.appendChild(nextBar(quests, cur));
  if (s.day) section.appendChild(storyCard(me, !!ctx.arrived));
  if (!quests.length) section.appendChild(h('p', { class: 'msg msg-info' }, 'Aucune mission pour le moment.'));
  if (byDay[cur]) {
    const today = byDay[cur];
    const p = dayProgress(today);
    section.appendChild(h('section', { class: 'day-group', 'aria-labelledby': 'day-' + cur + '-title', testid: 'day-group-' + cur },
      h('h2', { id: 'day-' + cur + '-title', class: 'day-title' }, 'Aujourd\u2019hui', h('span', { class: 'day-count' }, p.solved + '/' + p.total)),
      h('ul', { class: 'qlist' }, today.map(function (q) { return questCard(q, ctx.kindLabel); }))));
  }
  if (past.length) {
    section.appendChild(h('section', { class: 'past-days', 'aria-labelledby': 'past-days-title', testid: 'past-days' },
      h('h2', { id: 'past-days-title', class: 'day-title' }, 'Jours passés',
        late.length ? h('span', { class: 'day-count' }, plural(late.length, 'jour à rattraper', 'jours à rattraper')) : null),
      past.map(function (d) { return pastDay(me, d, byDay[d], late.indexOf(d) >= 0, ctx.kindLabel); })));
  }
  main.appendChild(section);
}
