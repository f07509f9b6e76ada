// Live « situation → offre » rounds in the console (issue 14, point 5): choose a round of
// an open day, a time (30 s, 60 s, 90 s or none), launch it; while it runs, add 30 s,
// lift the time limit, or close it and reveal the answer on the projector. The live count
// of answers comes from the staff socket (« round_count »), never who answered what.
import { h, clear } from '/static/shared/dom.js';

const TIMES = [
  { value: '30', label: '30 secondes' },
  { value: '60', label: '60 secondes' },
  { value: '90', label: '90 secondes' },
  { value: '', label: 'Sans limite de temps' },
];

/**
 * mountRounds(el, ctx) — ctx: api, sessionId, currentDay(), announce.
 * Returns { take(roundEvent), count(countEvent), refresh(), dayChanged(), destroy() }.
 */
export function mountRounds(el, ctx) {
  let rounds = null; // the pack's rounds (with their answers: for the facilitator only)
  let current = null; // the session's latest live round
  let chosen = null;
  let time = '60';
  let busy = false;
  let error = '';
  let ticker = null;
  let endsAt = null;
  let day = ctx.currentDay(); // the day the rounds were fetched for

  refresh();

  // The console learned the day changed, however it learned it (its own « Ouvrir le
  // jour » answer, the socket's day_opened, a resync after the socket came back): that
  // day's rounds become playable. Waiting for the socket event alone lost the day when
  // the socket joined the session after the day was opened.
  function dayChanged() {
    if (ctx.currentDay() === day) return;
    day = ctx.currentDay();
    refresh();
  }

  async function refresh() {
    try {
      const data = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/rounds');
      rounds = data.rounds;
      take(data.current, true);
    } catch (e) {
      error = e.message;
      draw();
    }
  }

  function take(ev, quiet) {
    if (ev && ev.session_id != null && ev.session_id !== ctx.sessionId) return;
    const before = current;
    current = ev || null;
    clearInterval(ticker);
    ticker = null;
    endsAt = null;
    if (current && current.status !== 'closed' && !current.untimed && current.seconds_left != null) {
      endsAt = Date.now() + current.seconds_left * 1000;
      ticker = setInterval(tick, 1000);
    }
    if (!quiet && current && current.status === 'closed' && (!before || before.status !== 'closed')) {
      ctx.announce('Manche terminée : ' + current.answers + ' réponse(s). La réponse est au tableau.');
    }
    if (rounds && current) {
      const line = rounds.find(function (r) { return r.id === current.round_id; });
      if (line && !before) line.played = Math.max(line.played, 1);
    }
    draw();
  }

  function count(ev) {
    if (!current || !ev || ev.live_id !== current.live_id) return;
    current = Object.assign({}, current, { answers: ev.answers, players: ev.players });
    const c = el.querySelector('[data-testid="round-count"]');
    if (c) c.textContent = countText();
  }

  function countText() {
    return current.answers + ' réponse' + (current.answers > 1 ? 's' : '') + ' sur ' + current.players + ' jeune' + (current.players > 1 ? 's' : '');
  }

  function left() {
    return endsAt == null ? null : Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
  }

  function tick() {
    const t = el.querySelector('[data-testid="round-left"]');
    if (t) t.textContent = leftText();
    if (left() === 0) { clearInterval(ticker); ticker = null; }
  }

  function leftText() {
    if (!current || current.untimed) return 'Sans limite de temps';
    const n = left();
    return n ? 'Encore ' + n + ' s' : 'Temps écoulé : fermez la manche pour montrer la réponse';
  }

  async function act(method, path, body, done) {
    if (busy) return;
    busy = true;
    error = '';
    draw();
    try {
      const data = await ctx.api[method]('/api/sessions/' + ctx.sessionId + '/rounds' + path, body);
      take(data, true);
      ctx.announce(done);
    } catch (e) {
      error = e.message;
      ctx.announce(e.message);
    }
    busy = false;
    draw();
  }

  function launch() {
    if (!chosen) { error = 'Choisissez une manche.'; draw(); return; }
    act('post', '', { round_id: chosen, seconds: time ? Number(time) : null }, 'Manche lancée : elle est sur tous les téléphones.');
  }

  function open() {
    return current && current.status !== 'closed';
  }

  function draw() {
    clear(el);
    el.appendChild(h('h2', { id: 'rounds-title' }, 'Manche en direct « situation → offre »'));
    el.appendChild(h('p', { class: 'muted' },
      'Projetez une situation au tableau : chaque jeune répond sur son téléphone. Les bonnes réponses rapportent des éclats à l\u2019équipe.'));
    el.appendChild(h('p', null, h('a', { class: 'btn btn-secondary', href: '/projecteur?session=' + ctx.sessionId, target: '_blank', rel: 'noopener', testid: 'open-projector' },
      'Ouvrir l\u2019écran du projecteur')));
    if (error) el.appendChild(h('p', { class: 'msg msg-error', role: 'alert', testid: 'rounds-error' }, error));
    if (rounds == null) { el.appendChild(h('p', { class: 'muted', role: 'status' }, 'Chargement…')); return; }
    if (!rounds.length) { el.appendChild(h('p', null, 'Le pack de cette session n\u2019a pas de manche en direct.')); return; }
    if (open()) el.appendChild(running());
    else el.appendChild(chooser());
    if (current && current.status === 'closed') el.appendChild(lastResult());
  }

  function chooser() {
    const day = ctx.currentDay();
    const playable = rounds.filter(function (r) { return r.day <= day; });
    if (!playable.length) return h('p', null, 'Les manches s\u2019ouvrent avec le jour 1.');
    if (!chosen || !playable.some(function (r) { return r.id === chosen; })) {
      const today = playable.filter(function (r) { return r.day === day; });
      const fresh = today.find(function (r) { return !r.played; }) || today[0] || playable[playable.length - 1];
      chosen = fresh.id;
    }
    const pick = h('select', { id: 'round-pick', testid: 'round-pick', onchange: function (e) { chosen = e.target.value; draw(); } },
      playable.slice().reverse().map(function (r) {
        return h('option', { value: r.id, selected: r.id === chosen },
          'Jour ' + r.day + ' · ' + r.situation.slice(0, 70) + (r.situation.length > 70 ? '…' : '') + (r.played ? ' (déjà jouée)' : ''));
      }));
    const line = rounds.find(function (r) { return r.id === chosen; });
    const timePick = h('fieldset', { class: 'round-times' }, h('legend', null, 'Temps pour répondre'),
      TIMES.map(function (t) {
        const id = 'round-time-' + (t.value || 'none');
        return h('span', { class: 'round-time' },
          h('input', { type: 'radio', name: 'round-time', id: id, value: t.value, checked: t.value === time, testid: id,
            onchange: function () { time = t.value; } }),
          h('label', { for: id }, t.label));
      }));
    return h('form', { class: 'round-form', onsubmit: function (e) { e.preventDefault(); launch(); } },
      h('label', { for: 'round-pick' }, 'Manche'), pick,
      line ? h('div', { class: 'round-preview' },
        h('p', null, line.situation),
        h('p', { class: 'muted' }, 'Réponse attendue (vous seul la voyez ici) : ' + line.choices[line.answer].title + '.')) : null,
      timePick,
      h('button', { type: 'submit', class: 'btn', disabled: busy, testid: 'round-launch' }, 'Lancer la manche'));
  }

  function running() {
    return h('div', { class: 'round-running', testid: 'round-running' },
      h('p', null, h('strong', null, 'En cours : '), current.situation),
      h('p', { 'aria-live': 'off', testid: 'round-left' }, leftText()),
      h('p', { testid: 'round-count' }, countText()),
      h('div', { class: 'btn-row' },
        current.untimed ? null : h('button', { type: 'button', class: 'btn btn-secondary', disabled: busy, testid: 'round-more',
          onclick: function () { act('patch', '/current', { add_seconds: 30 }, '30 secondes de plus.'); } }, '+30 s'),
        current.untimed ? null : h('button', { type: 'button', class: 'btn btn-secondary', disabled: busy, testid: 'round-untimed',
          onclick: function () { act('patch', '/current', { untimed: true }, 'La manche est maintenant sans limite de temps.'); } }, 'Sans limite de temps'),
        h('button', { type: 'button', class: 'btn', disabled: busy, testid: 'round-close',
          onclick: function () { act('post', '/current/close', undefined, 'Manche fermée : la réponse est au tableau.'); } },
          'Fermer et montrer la réponse')));
  }

  function lastResult() {
    const r = current.result;
    const total = r.distribution.reduce(function (a, b) { return a + b; }, 0);
    return h('div', { class: 'round-last', testid: 'round-last' },
      h('h3', null, 'Dernière manche'),
      h('p', null, current.situation),
      h('ul', null, current.choices.map(function (c) {
        return h('li', null, c.title + ' : ' + r.distribution[c.index] + (c.index === r.answer ? ' (bonne réponse)' : ''));
      })),
      h('p', null, total + ' réponse(s). ' + r.teams.filter(function (t) { return t.points; }).map(function (t) {
        return t.name + ' +' + t.points + ' éclats';
      }).join(', ')));
  }

  return {
    take: function (ev) { take(ev, false); },
    count: count,
    refresh: refresh,
    dayChanged: dayChanged,
    destroy: function () { clearInterval(ticker); },
  };
}
