// The projector's screens between rounds (projector.js decides which one shows):
// - the lobby: how to join (the code big, the QR code, the address), how many players have
//   joined, and the teams' leaderboard (team names, éclats, fragments of the Cœur);
// - the finale, « Le Cœur d'Avenir », from the last day on: the fragments the group
//   gathered, the question, and once won who found the word and the pack's success text.
// Only what the phones already show the whole group: team names, never a player's data;
// the nickname of who found the word is the one every phone of the group shows.
import { h } from '/static/shared/dom.js';

function plural(n, one, many) { return n + ' ' + (n > 1 ? many : one); }

export function playersText(n) {
  if (!n) return 'Personne n\u2019a encore rejoint la session.';
  return n > 1 ? n + ' joueurs ont rejoint la session.' : '1 joueur a rejoint la session.';
}

/** Per team name, how many fragments of the Cœur it brought (empty without a finale). */
function fragmentsOf(finale) {
  const count = {};
  if (!finale) return count;
  finale.fragments.forEach(function (f) {
    if (f.found) f.teams.forEach(function (name) { count[name] = (count[name] || 0) + 1; });
  });
  return count;
}

function ranked(detail) {
  return detail.teams.slice().sort(function (a, b) { return a.rank - b.rank || b.eclats - a.eclats || a.name.localeCompare(b.name); });
}

/** The leaderboard as a table: rank, team, éclats, and fragments (or missions without a Cœur). */
export function leaderboard(detail, finale, caption) {
  const fragments = fragmentsOf(finale);
  const teams = ranked(detail);
  if (!teams.length) return h('p', { class: 'pj-empty', testid: 'pj-leaderboard' }, 'Aucune équipe pour l\u2019instant.');
  return h('table', { class: 'pj-board' + (teams.length > 4 ? ' is-many' : ''), testid: 'pj-leaderboard' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Rang'),
      h('th', { scope: 'col' }, 'Équipe'),
      h('th', { scope: 'col', class: 'pj-num' }, 'Éclats'),
      h('th', { scope: 'col', class: 'pj-num' }, finale ? 'Morceaux du Cœur' : 'Missions réussies'))),
    h('tbody', null, teams.map(function (t) {
      return h('tr', { testid: 'pj-team-' + t.id, class: t.rank === 1 && t.eclats > 0 ? 'is-first' : null },
        h('td', { class: 'pj-rank' }, t.rank + (t.rank === 1 ? 'er' : 'e')),
        h('th', { scope: 'row', class: 'pj-team-name' }, t.name),
        h('td', { class: 'pj-num', testid: 'pj-eclats' }, String(t.eclats)),
        h('td', { class: 'pj-num', testid: 'pj-shards' }, String(finale ? fragments[t.name] || 0 : t.solved)));
    })));
}

/** Before and between rounds: how to join, who is here, the leaderboard. */
export function drawLobby(screen, detail, finale) {
  const finished = detail.status === 'finished';
  const open = detail.joining_open && !finished;
  const base = detail.join_url.replace(/\/j\/[^/]*$/, '');
  const title = finished ? 'Classement final' : 'Classement';
  const join = open
    ? h('section', { class: 'pj-join', testid: 'pj-join', 'aria-labelledby': 'pj-join-title' },
      h('h1', { id: 'pj-join-title', class: 'pj-join-title' }, 'Rejoignez la mission !'),
      h('img', { class: 'pj-qr', testid: 'pj-qr', src: '/api/join/' + encodeURIComponent(detail.join_code) + '/qr.svg', alt: 'QR code du lien pour rejoindre la session', width: '320', height: '320' }),
      h('p', { class: 'pj-step' }, 'Scannez le QR code, ou allez sur'),
      h('p', { class: 'pj-url', testid: 'pj-join-url' }, base),
      h('p', { class: 'pj-step' }, 'et tapez le code :'),
      h('p', { class: 'pj-code', testid: 'pj-join-code' }, detail.join_code))
    : null;
  screen.appendChild(h('div', { class: 'pj-lobby' + (open ? '' : ' is-closed-join'), testid: 'pj-lobby' },
    join,
    h('section', { class: 'pj-side', 'aria-labelledby': 'pj-board-title' },
      h('p', { class: 'pj-players', testid: 'pj-players' }, playersText(detail.players_count)),
      open ? h('h2', { id: 'pj-board-title', class: 'pj-board-title' }, title) : h('h1', { id: 'pj-board-title', class: 'pj-board-title' }, title),
      detail.status === 'paused' ? h('p', { class: 'pj-note pj-paused', testid: 'pj-paused' }, 'Le jeu est en pause.') : null,
      open || finished ? null : h('p', { class: 'pj-note' }, 'La session est fermée aux nouveaux joueurs.'),
      leaderboard(detail, finale, title))));
}

/** The Cœur d'Avenir: the group's fragments, the question, the win. */
export function drawFinale(screen, detail, finale) {
  const found = finale.fragments.filter(function (f) { return f.found; }).length;
  screen.appendChild(h('section', { class: 'pj-finale', testid: 'pj-finale', 'aria-labelledby': 'pj-finale-title' },
    h('div', { class: 'pj-top' },
      h('h1', { id: 'pj-finale-title', class: 'pj-finale-title' }, finale.title),
      h('p', { class: 'pj-eyebrow', testid: 'pj-fragments-count' }, (found > 1 ? found + ' morceaux sur ' + finale.fragments.length + ' rassemblés' : found + ' morceau sur ' + finale.fragments.length + ' rassemblé'))),
    h('ol', { class: 'pj-fragments', testid: 'pj-fragments', 'aria-label': 'Les morceaux du Cœur, du jour 1 au jour ' + finale.day },
      finale.fragments.map(function (f) {
        return h('li', { class: 'pj-fragment' + (f.found ? ' is-found' : ' is-missing'), testid: 'pj-fragment-' + f.day },
          h('span', { class: 'pj-fragment-day' }, 'Jour ' + f.day),
          h('strong', { class: 'pj-fragment-text', 'aria-label': f.found ? f.text : 'morceau manquant' }, f.text),
          h('span', { class: 'pj-fragment-who' }, f.found ? f.teams.join(', ') : 'manquant'));
      })),
    finaleState(finale),
    h('h2', { class: 'visually-hidden' }, 'Classement'),
    miniBoard(detail)));
}

function finaleState(finale) {
  if (finale.solved) {
    return h('div', { class: 'pj-finale-won', testid: 'pj-finale-won' },
      h('p', { class: 'pj-won-title' }, 'Le Cœur est rallumé !'),
      h('p', null, (finale.solved_by ? finale.solved_by + ' a trouvé le mot pour tout le groupe. ' : '') + 'Chaque équipe gagne ' + plural(finale.reward, 'éclat', 'éclats') + '.'),
      h('p', { class: 'pj-success' }, finale.success));
  }
  if (finale.playable) {
    return h('div', { class: 'pj-finale-ask', testid: 'pj-finale-question' },
      h('p', { class: 'pj-finale-question' }, finale.question),
      h('p', { class: 'pj-step' }, 'Cherchez ensemble. Le mot se tape sur un téléphone, pour tout le groupe.'));
  }
  return h('p', { class: 'pj-finale-ask', testid: 'pj-finale-locked' }, 'Le Cœur se rallume le jour ' + finale.day + ', avec tout le groupe.');
}

function miniBoard(detail) {
  return h('ol', { class: 'pj-mini-board', testid: 'pj-mini-board' }, ranked(detail).map(function (t) {
    return h('li', { testid: 'pj-team-' + t.id }, t.name + ' ', h('strong', { testid: 'pj-eclats' }, plural(t.eclats, 'éclat', 'éclats')));
  }));
}
