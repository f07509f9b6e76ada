// Console: who contributed what. Per team, each member's own doing, as the skills
// evidence records it (game/services/contributions.py): the missions they solved by
// typing the answer, the pieces and documents they brought, their check-ins, their
// right answers in live rounds, their answers you approved. Being there is not listed.
import { h, clear, formatDateTime } from '/static/shared/dom.js';

const KIND = { solved: 'mission réussie', piece: 'morceau ou document apporté', place: 'arrivée sur un lieu', approved: 'réponse validée', round: 'manche en direct' };

/**
 * mountContributions(el, ctx) → {refresh(), refreshSoon(), destroy()}
 * ctx: api, sessionId
 */
export function mountContributions(el, ctx) {
  const body = h('div', { testid: 'contributions' });
  const button = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'contributions-refresh' }, 'Mettre à jour');
  el.appendChild(h('h2', { id: 'contributions-title' }, 'Qui a fait quoi'));
  el.appendChild(h('p', { class: 'muted' }, 'Pour chaque équipe, ce que chaque jeune a fait lui-même. Un jeune sans ligne n\u2019a encore rien apporté : allez le voir.'));
  el.appendChild(button);
  el.appendChild(body);
  let gone = false;
  let timer = null;
  button.addEventListener('click', function () { refresh(); });

  async function refresh() {
    let teams;
    try { teams = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/contributions'); } catch (e) {
      if (!gone) clear(body).appendChild(h('p', { class: 'msg msg-error' }, e.message));
      return;
    }
    if (gone) return;
    clear(body);
    if (!teams.length) { body.appendChild(h('p', { class: 'muted' }, 'Pas encore d\u2019équipe.')); return; }
    teams.forEach(function (t) {
      const titleId = 'contrib-team-' + t.team_id;
      body.appendChild(h('section', { class: 'contrib-team', 'aria-labelledby': titleId, testid: 'contrib-team-' + t.team_id },
        h('h3', { id: titleId }, t.name),
        t.members.length ? h('ul', { class: 'visits' }, t.members.map(function (m) {
          return h('li', { testid: 'contrib-member-' + m.player_id },
            h('strong', null, m.nickname), ' : ',
            m.items.length ? plural(m.items.length) : 'rien encore',
            m.items.length ? h('ul', null, m.items.map(function (i) {
              return h('li', null, (KIND[i.kind] || i.kind) + ' — ' + i.label + ' (' + formatDateTime(i.at) + ')');
            })) : null);
        })) : h('p', { class: 'muted' }, 'Personne dans cette équipe.')));
    });
  }

  function plural(n) { return n + (n > 1 ? ' contributions' : ' contribution'); }

  refresh();
  return {
    refresh: refresh,
    refreshSoon: function () { // a burst of live events makes one request
      if (timer) return;
      timer = setTimeout(function () { timer = null; if (!gone) refresh(); }, 2000);
    },
    destroy: function () { gone = true; if (timer) clearTimeout(timer); },
  };
}
