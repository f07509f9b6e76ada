// The group finale (#/coeur), « Le Cœur d'Avenir »: the fragments every team brought,
// pooled for the whole group (which team brought which; « ? » for a fragment no team
// earned), and one answer anyone types for everybody. A right answer wins it for every
// team at once: each phone hears it live (team message "finale") and redraws.
// Pack texts are always put in as text (never as HTML).
import { h, clear } from '/static/shared/dom.js';

function points(n) { return n + (n > 1 ? ' éclats' : ' éclat'); }

/** The pooled fragments as a list a screen reader reads in day order. */
export function fragmentList(finale, testid) {
  return h('ol', { class: 'coeur-fragments', testid: testid || 'coeur-fragments', 'aria-label': 'Les morceaux du Cœur, du jour 1 au jour ' + finale.day },
    finale.fragments.map(function (f) {
      const who = f.found
        ? 'apporté par ' + f.teams.join(', ')
        : 'aucune équipe ne l\u2019a gagné (il fallait ' + points(f.needed) + (f.places ? ' et ' + f.places + (f.places > 1 ? ' lieux' : ' lieu') : '') + ' ce jour-là)';
      return h('li', { class: 'coeur-fragment' + (f.found ? ' is-found' : ' is-missing') + (f.mine ? ' is-mine' : ''), testid: 'coeur-fragment-' + f.day },
        h('span', { class: 'coeur-day' }, 'Jour ' + f.day + ' : '),
        h('strong', { class: 'coeur-text', 'aria-label': f.found ? f.text : 'morceau manquant' }, f.text),
        h('span', { class: 'coeur-who' }, ' · ' + who + (f.mine ? ' (ton équipe)' : '')));
    }));
}

/**
 * renderFinale(container, ctx) — ctx: api, announce, backLink, onWon(reward)
 * Returns { refresh } so that a live message redraws it.
 */
export function renderFinale(container, ctx) {
  const section = h('section', { class: 'screen coeur', testid: 'finale', 'aria-labelledby': 'coeur-title' },
    h('h1', { tabindex: '-1', class: 'screen-title', id: 'coeur-title' }, 'Le Cœur d\u2019Avenir'));
  const body = h('div');
  const result = h('div', { class: 'coeur-result', testid: 'finale-result', 'aria-live': 'polite' });
  section.appendChild(body);
  section.appendChild(result);
  section.appendChild(ctx.backLink('#/missions', 'Missions'));
  container.appendChild(section);
  let gone = false;

  async function refresh() {
    let f;
    try {
      f = await ctx.api.get('/api/me/finale');
    } catch (err) {
      clear(body).appendChild(h('p', { class: 'msg msg-error', role: 'alert' }, err.message));
      return;
    }
    if (gone) return;
    if (f === null) { // 204: this adventure has no finale
      clear(body).appendChild(h('p', { class: 'msg' }, 'Cette aventure n\u2019a pas de Cœur d\u2019Avenir à rallumer.'));
      return;
    }
    draw(f);
  }

  function draw(f) {
    clear(body);
    body.appendChild(h('p', { class: 'coeur-story' }, f.story));
    const found = f.fragments.filter(function (x) { return x.found; }).length;
    body.appendChild(h('h2', null, 'Les morceaux du groupe (' + found + '/' + f.fragments.length + ')'));
    body.appendChild(fragmentList(f));
    if (f.solved) {
      clear(result).appendChild(h('div', { class: 'msg msg-ok', testid: 'finale-won' },
        h('strong', null, 'Le Cœur est rallumé !'),
        h('p', null, (f.solved_by ? f.solved_by + ' a trouvé le mot pour tout le groupe. ' : '') + 'Chaque équipe gagne ' + points(f.reward) + '.'),
        h('p', null, f.success)));
      return;
    }
    if (!f.playable) {
      body.appendChild(h('p', { class: 'msg msg-info', testid: 'finale-locked' }, 'Le Cœur se rallume le jour ' + f.day + ', avec tout le groupe. Gagne des éclats chaque jour pour rapporter ton morceau.'));
      return;
    }
    body.appendChild(h('p', { class: 'question', testid: 'finale-question' }, f.question));
    const input = h('input', { id: 'coeur-answer', type: 'text', name: 'answer', autocomplete: 'off', maxlength: '100', testid: 'finale-input' });
    const send = h('button', { type: 'submit', class: 'btn btn-primary btn-block', testid: 'finale-submit' }, 'Rallumer le Cœur');
    const form = h('form', { class: 'coeur-form', onsubmit: async function (e) {
      e.preventDefault();
      const answer = input.value.trim();
      if (!answer) { clear(result).appendChild(h('p', { class: 'msg msg-error' }, 'Écris un mot avant de valider.')); return; }
      send.disabled = true;
      try {
        const r = await ctx.api.post('/api/me/finale/answer', { answer: answer });
        if (r.correct) { draw(r.finale); if (ctx.onWon) ctx.onWon(r.finale.reward); }
        else clear(result).appendChild(h('p', { class: 'msg msg-warn', testid: 'finale-wrong' }, r.message));
      } catch (err) {
        clear(result).appendChild(h('p', { class: 'msg msg-error', role: 'alert' }, err.message));
        refresh();
      } finally {
        send.disabled = false;
      }
    } },
    h('label', { for: 'coeur-answer' }, 'Le mot qui rallume le Cœur (pour tout le groupe)'),
    input, send);
    body.appendChild(form);
    if (f.hints.length) {
      body.appendChild(h('details', { class: 'coeur-hints', testid: 'finale-hints' },
        h('summary', null, 'Besoin d\u2019un indice ? (gratuit)'),
        h('ol', null, f.hints.map(function (t) { return h('li', null, t); }))));
    }
  }

  refresh();
  return {
    refresh: refresh,
    destroy: function () { gone = true; },
  };
}

// Whether the pack has a Cœur, asked once per page: the missions screen then shows the
// way to it on the last day (a pack without finale.yaml shows nothing).
let hasFinale = null;

/** A link to the Cœur for the missions screen, from the last day on (null otherwise). */
export function finaleBanner(api, session) {
  if (!session || session.current_day < 10 || hasFinale === false) return null;
  const box = h('div', { class: 'msg msg-ok coeur-banner', testid: 'finale-banner' });
  const link = h('a', { href: '#/coeur', testid: 'to-finale' }, 'Le Cœur d\u2019Avenir : rallumez-le avec tout le groupe');
  if (hasFinale) { box.appendChild(link); return box; }
  box.hidden = true;
  api.get('/api/me/finale').then(function (f) {
    hasFinale = f !== null; // 204: a pack without a finale
    if (!hasFinale) return;
    box.appendChild(link);
    box.hidden = false;
  }, function () { /* offline or refused: try again on the next draw */ });
  return box;
}
