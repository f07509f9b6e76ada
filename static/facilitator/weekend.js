// Console: the weekend's in-town alternative, per team (minors without parental
// consent, mobility, weather). Switched on, the team's phones show the alternative's
// place and clue for each weekend place mission that has one, and only that place
// counts for its check-ins. And the group finale, « Le Cœur d'Avenir »: the fragments
// every team brought, and whether the group has rallumé it.
import { h, clear } from '/static/shared/dom.js';

/**
 * mountWeekend(el, ctx) → {refresh(), destroy()}
 * ctx: api, sessionId, announce(text)
 */
export function mountWeekend(el, ctx) {
  const body = h('div', { testid: 'weekend' });
  const coeur = h('div', { testid: 'console-finale', 'aria-live': 'polite' });
  el.appendChild(h('h2', { id: 'weekend-title' }, 'Week-end et Cœur d\u2019Avenir'));
  el.appendChild(body);
  el.appendChild(coeur);
  let gone = false;

  async function refresh() {
    await Promise.all([drawWeekend(), drawFinale()]);
  }

  async function drawWeekend() {
    let w;
    try { w = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/weekend'); } catch (e) {
      if (!gone) clear(body).appendChild(h('p', { class: 'msg msg-error' }, e.message));
      return;
    }
    if (gone) return;
    clear(body);
    body.appendChild(h('h3', null, 'La mission en ville'));
    if (!w.quests.length) { body.appendChild(h('p', { class: 'muted' }, 'Ce scénario n\u2019a pas de mission en ville pour le week-end.')); return; }
    body.appendChild(h('p', { class: 'muted' },
      'Pour une équipe qui ne peut pas aller en ville le week-end (mineurs sans accord des parents, mobilité, météo). ' +
      'Ses lieux deviennent : ' + w.quests.map(function (q) { return '« ' + q.title + ' » → ' + q.alternative; }).join(' ; ') + '. Les offres restent à gagner.'));
    body.appendChild(h('ul', { class: 'visits' }, w.teams.map(function (t) {
      const id = 'weekend-team-' + t.team_id;
      const box = h('input', { type: 'checkbox', id: id, testid: id, checked: t.in_town });
      box.addEventListener('change', async function () {
        box.disabled = true;
        try {
          const r = await ctx.api.put('/api/sessions/' + ctx.sessionId + '/teams/' + t.team_id + '/weekend', { in_town: box.checked });
          ctx.announce(r.name + (r.in_town ? ' joue la mission en ville.' : ' joue le week-end en ville d\u2019origine.'));
        } catch (e) {
          box.checked = !box.checked;
          ctx.announce(e.message);
        } finally {
          box.disabled = false;
        }
      });
      return h('li', null, box, ' ', h('label', { for: id }, t.name + ' : mission en ville'));
    })));
  }

  async function drawFinale() {
    let f;
    try { f = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/finale'); } catch (e) {
      if (!gone) clear(coeur);
      return;
    }
    if (gone) return;
    clear(coeur);
    if (!f) return; // 204: a pack without finale.yaml, nothing to show
    coeur.appendChild(h('h3', null, f.title));
    coeur.appendChild(h('p', { testid: 'console-finale-state' }, f.solved
      ? 'Rallumé' + (f.solved_by ? ' par ' + f.solved_by : '') + ' : chaque équipe a reçu ' + f.reward + ' éclats.'
      : (f.playable ? 'À jouer maintenant, par tout le groupe.' : 'Se joue le jour ' + f.day + ', par tout le groupe.')));
    coeur.appendChild(h('ol', { class: 'visits' }, f.fragments.map(function (x) {
      return h('li', null, 'Jour ' + x.day + ' : ' + x.text + (x.found ? ' (' + x.teams.join(', ') + ')' : ' (aucune équipe, il fallait ' + x.needed + ' éclats' + (x.places ? ' et ' + x.places + ' lieu(x)' : '') + ')'));
    })));
  }

  refresh();
  return { refresh: refresh, destroy: function () { gone = true; } };
}
