// A live « situation → offre » round on the phone (issue 14, point 5). When the facilitator
// launches one, it comes on top of the screen: the situation, the offers as big buttons,
// the time left (none for an untimed round). The young person answers once; at the reveal,
// the right offer, why, and whether they had it. The server never sends the answer before.
import { h, clear } from '/static/shared/dom.js';

// the same letters as on the projector, so that « c'est la B » means the same thing
const LETTERS = ['A', 'B', 'C', 'D'];
// the phone warns this many seconds before the end (WCAG 2.2.1 asks for at least 20)
const WARN_S = 20;

let styled = false;
function style() {
  if (styled) return;
  styled = true;
  document.head.appendChild(h('link', { rel: 'stylesheet', href: '/static/player/round.css' }));
}

/**
 * createRound(api, { teamId(), announce(text) }) → { onEvent(ev), check() }
 * onEvent: a `round` socket message; check(): read the current round over REST (at start
 * and after reconnecting), and show it if it is still open.
 */
export function createRound(api, opts) {
  // opts.onPoints(): the team won éclats at a reveal (the phone re-reads its counter)
  let round = null; // the latest payload (RoundOut without the live count)
  let mine = null; // the index this phone answered
  let sending = false;
  let error = '';
  let endsAt = null; // local time the countdown reaches 0
  let ticker = null;
  let box = null;
  let dismissed = null; // live_id the player closed after the reveal
  let asked = null; // live_id this phone asked more time for (RGAA 13.1: once per young person)
  let warned = null; // live_id whose « 20 s left » warning was said
  const parts = {}; // the round's elements, made once per showing

  function onEvent(ev) {
    if (!ev || typeof ev.live_id !== 'number') return;
    if (!round || round.live_id !== ev.live_id) { mine = null; error = ''; dismissed = null; asked = null; warned = null; }
    const wasClosed = round && round.live_id === ev.live_id && round.status === 'closed';
    round = ev;
    timer();
    if (ev.status === 'closed' && !wasClosed) {
      const r = ev.result;
      if (opts.onPoints && r.teams.some(function (t) { return t.team_id === opts.teamId() && t.points; })) opts.onPoints();
      // with the round on screen, its own live region reads the result
      if (!box) opts.announce(mine == null ? 'Manche terminée. La bonne réponse : ' + title(r.answer) + '.'
        : (mine === r.answer ? 'Bravo, tu avais la bonne réponse : ' : 'Ce n\u2019était pas ça. La bonne réponse : ') + title(r.answer) + '.');
    } else if (ev.status !== 'closed' && !box) {
      opts.announce('Nouvelle manche en direct : ' + ev.situation);
    }
    show(false); // (the focus moves to the round only when it comes on top)
  }

  async function check() {
    let data;
    try { data = await api.get('/api/me/round'); } catch (e) { return; }
    if (!data || !data.round) return;
    if (data.round.status === 'closed' && (!round || round.live_id !== data.round.live_id)) return; // an old round
    round = data.round;
    mine = data.mine;
    timer();
    show(false);
  }

  function title(index) {
    const c = round && round.choices[index];
    return c ? c.title : '';
  }

  function timer() {
    clearInterval(ticker);
    ticker = null;
    endsAt = null;
    if (!round || round.untimed || round.status === 'closed' || round.seconds_left == null) return;
    endsAt = Date.now() + round.seconds_left * 1000;
    if (round.seconds_left > WARN_S) warned = null; // more time came: warn again near the new end
    ticker = setInterval(tick, 1000);
  }

  function left() {
    return endsAt == null ? null : Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
  }

  function tick() {
    const el = box && parts.timer;
    const n = left();
    if (el) el.textContent = timeText(n);
    // WCAG 2.2.1: warned at least 20 s before the end, with a way to get more time
    if (n != null && n > 0 && n <= WARN_S && mine == null && round && warned !== round.live_id) {
      warned = round.live_id;
      if (parts.notice && box) parts.notice.textContent = canAskMore()
        ? 'Plus que ' + n + ' secondes. Besoin de temps\u00a0? Appuie sur «\u00a0Plus de temps\u00a0».'
        : 'Plus que ' + n + ' secondes.';
    }
    if (n === 0) {
      clearInterval(ticker);
      ticker = null;
      if (round && round.status === 'open') { round = Object.assign({}, round, { status: 'time_up' }); draw(); }
      if (mine == null) opts.announce('Le temps est écoulé.');
    }
  }

  function timeText(n) {
    if (n == null) return 'Sans limite de temps';
    if (n === 0) return 'Temps écoulé';
    return 'Encore ' + n + ' s';
  }

  // « Plus de temps (+30 s) »: shown while the round is open and timed, until this phone
  // answered or asked, or the round was made longer its 10 times
  function canAskMore() {
    return !!round && round.status === 'open' && !round.untimed && left() !== 0 && mine == null
      && asked !== round.live_id && (round.extensions || 0) < (round.extensions_max || 0);
  }

  async function askMore() {
    if (sending || !canAskMore()) return;
    sending = true;
    error = '';
    try {
      const data = await api.post('/api/me/round/more-time', {});
      asked = data.round.live_id;
      round = data.round;
      timer();
      parts.notice.textContent = 'C\u2019est noté\u00a0: ' + (round.more_seconds || 30) + ' secondes de plus pour tout le monde.';
    } catch (e) {
      if (round) asked = round.live_id;
      error = e.message || 'Ta demande n\u2019est pas partie.';
    }
    sending = false;
    draw();
    // the button goes once used: the focus goes to the round's first choice, not to the page
    const target = parts.more.hidden ? parts.choices.querySelector('button') : parts.more;
    if (box && target) target.focus();
  }

  async function send(choice) {
    if (sending || mine != null) return;
    sending = true;
    error = '';
    draw();
    try {
      const data = await api.post('/api/me/round/answer', { choice: choice });
      mine = data.mine;
    } catch (e) {
      error = e.message || 'Ta réponse n\u2019est pas partie.';
    }
    sending = false;
    draw();
  }

  function show(moveFocus) {
    if (!round || dismissed === round.live_id) return;
    style();
    if (!box) {
      // built once: the status region stays the same element, so screen readers read its changes
      parts.situation = h('p', { class: 'round-situation', testid: 'round-situation' });
      parts.timer = h('p', { class: 'round-timer', role: 'timer', testid: 'round-timer' });
      parts.more = h('button', { type: 'button', class: 'btn round-more', testid: 'round-more', onclick: askMore },
        'Plus de temps (+30\u00a0s)');
      parts.notice = h('p', { class: 'round-notice', 'aria-live': 'polite', testid: 'round-notice' });
      parts.choices = h('ul', { class: 'round-choices' });
      parts.status = h('div', { class: 'round-status', 'aria-live': 'polite', testid: 'round-status' });
      parts.footer = h('div');
      box = h('section', { class: 'round-layer', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'round-title', testid: 'round' },
        h('div', { class: 'round-card' },
          h('p', { class: 'eyebrow' }, 'Manche en direct'),
          h('h2', { id: 'round-title', tabindex: '-1', class: 'round-title' }, 'Quelle offre peut l\u2019aider\u00a0?'),
          parts.situation, parts.timer, parts.more, parts.notice, parts.choices, parts.status, parts.footer));
      document.body.appendChild(box);
      moveFocus = true;
    }
    draw();
    if (moveFocus) box.querySelector('#round-title').focus();
  }

  function hide() {
    if (round) dismissed = round.live_id;
    if (box) box.remove();
    box = null;
    const main = document.getElementById('main');
    if (main) main.focus();
  }

  function draw() {
    if (!box || !round) return;
    const closed = round.status === 'closed';
    const open = round.status === 'open' && left() !== 0;
    const result = closed ? round.result : null;
    const myTeam = result ? result.teams.find(function (t) { return t.team_id === opts.teamId(); }) : null;
    const focused = document.activeElement && document.activeElement.getAttribute('data-index');
    parts.situation.textContent = round.situation;
    parts.timer.hidden = closed;
    parts.timer.textContent = timeText(round.untimed ? null : left());
    parts.more.hidden = !canAskMore();
    parts.more.textContent = 'Plus de temps (+' + (round.more_seconds || 30) + '\u00a0s)';
    if (closed) parts.notice.textContent = '';
    clear(parts.choices);
    round.choices.forEach(function (c, i) {
      const chosen = mine === c.index;
      const right = result && result.answer === c.index;
      const locked = !open || mine != null || sending;
      // aria-disabled rather than disabled: the button keeps the focus once tapped
      parts.choices.appendChild(h('li', null,
        h('button', {
          type: 'button',
          class: 'btn btn-block round-choice' + (chosen ? ' is-mine' : '') + (right ? ' is-right' : '') + (locked ? ' is-locked' : ''),
          'aria-disabled': locked ? 'true' : 'false',
          'aria-pressed': chosen ? 'true' : 'false',
          'data-index': String(c.index),
          testid: 'round-choice',
          onclick: function () { if (!locked) send(c.index); },
        }, h('span', { class: 'round-letter' }, (LETTERS[i] || '') + ' '), c.title),
        chosen && !closed ? h('span', { class: 'round-sent', testid: 'round-sent' }, 'Réponse envoyée') : null,
        right ? h('span', { class: 'round-right' }, 'Bonne réponse') : null));
    });
    if (focused != null) {
      const again = parts.choices.querySelector('[data-index="' + focused + '"]');
      if (again) again.focus();
    }
    clear(parts.status);
    if (error) parts.status.appendChild(h('p', { class: 'msg msg-warn' }, error));
    if (!closed && !open && mine == null) parts.status.appendChild(h('p', null, 'Le temps est écoulé : attends la réponse au tableau.'));
    if (!closed && mine != null) parts.status.appendChild(h('p', null, 'Réponse envoyée : ' + title(mine) + '. Attends la réponse au tableau.'));
    if (result) {
      parts.status.appendChild(h('div', { class: 'round-result', testid: 'round-result' },
        h('p', { class: 'round-verdict' }, mine == null ? 'Tu n\u2019as pas répondu à cette manche.'
          : mine === result.answer ? 'Bravo, tu avais la bonne réponse !' : 'Ce n\u2019était pas ça.'),
        h('p', null, h('strong', null, 'La bonne réponse : ' + title(result.answer) + '. '), result.explanation),
        myTeam && myTeam.points ? h('p', null, 'Ton équipe gagne ' + myTeam.points + ' éclats.') : null));
    }
    clear(parts.footer);
    if (closed) parts.footer.appendChild(h('button', { type: 'button', class: 'btn btn-block', onclick: hide }, 'Revenir au jeu'));
  }

  return { onEvent: onEvent, check: check };
}
