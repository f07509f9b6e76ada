// The projector's live round (projector.js decides when it shows): the situation, the
// offers to choose from, the countdown and the live number of answers; at the reveal, the
// distribution as bars, the right offer with its explanation, and the teams' points.
// Pack texts always go in as text (h() never writes HTML).
import { h } from '/static/shared/dom.js';

const LETTERS = ['A', 'B', 'C', 'D'];

/** The words of the round's countdown; `left` is the whole seconds left (null: none). */
export function timerText(round, left) {
  if (round.untimed) return 'Sans limite de temps';
  return left ? left + ' s' : 'Temps écoulé';
}

export function countText(round) {
  return round.answers + ' réponse' + (round.answers > 1 ? 's' : '') + ' sur ' + round.players;
}

/** Draws the round into `screen` (emptied by the caller); `left` as for timerText. */
export function drawRound(screen, round, left) {
  const closed = round.status === 'closed';
  screen.classList.toggle('is-closed', closed);
  const result = closed ? round.result : null;
  const total = result ? result.distribution.reduce(function (a, b) { return a + b; }, 0) : 0;
  screen.appendChild(h('div', { class: 'pj-top' },
    h('p', { class: 'pj-eyebrow' }, 'Manche en direct · Jour ' + round.day),
    closed ? h('p', { class: 'pj-timer' }, 'Réponse') : h('p', { class: 'pj-timer', role: 'timer', testid: 'pj-timer' }, timerText(round, left))));
  screen.appendChild(h('p', { class: 'pj-question' }, 'Quelle offre peut l\u2019aider\u00a0?'));
  screen.appendChild(h('h1', { class: 'pj-situation', testid: 'pj-situation' }, round.situation));
  screen.appendChild(h('ol', { class: 'pj-choices', testid: 'pj-choices' }, round.choices.map(function (c, i) {
    const right = result && result.answer === c.index;
    const n = result ? result.distribution[c.index] : null;
    const share = result && total ? Math.round((100 * n) / total) : 0;
    return h('li', { class: 'pj-choice' + (right ? ' is-right' : ''), testid: 'pj-choice' },
      result ? h('span', { class: 'pj-bar', style: 'width: ' + share + '%', 'aria-hidden': 'true' }) : null,
      h('span', { class: 'pj-choice-line' },
        h('span', null, h('span', { class: 'pj-letter', 'aria-hidden': 'true' }, LETTERS[i] || ''), c.title,
          right ? h('span', { class: 'pj-right-tag', testid: 'pj-right' }, ' ✔ bonne réponse') : null),
        result ? h('span', { class: 'pj-votes', testid: 'pj-votes' }, n + (n > 1 ? ' réponses' : ' réponse')) : null));
  })));
  if (!closed) {
    screen.appendChild(h('p', { class: 'pj-count', testid: 'pj-count' }, countText(round)));
    return;
  }
  screen.appendChild(h('p', { class: 'pj-explanation', testid: 'pj-explanation' }, result.explanation));
  const winners = result.teams.filter(function (t) { return t.points > 0; });
  screen.appendChild(h('h2', null, winners.length ? 'Éclats gagnés' : 'Aucune équipe n\u2019a trouvé cette fois.'));
  if (winners.length) {
    screen.appendChild(h('ul', { class: 'pj-teams', testid: 'pj-teams' }, winners.map(function (t) {
      return h('li', null, t.name + ' ', h('strong', null, '+' + t.points + ' éclats'));
    })));
  }
}
