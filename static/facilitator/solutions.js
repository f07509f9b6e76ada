// Console: the answer sheet of this session. Each group plays its own variant of the
// locks and riddles (drawn from the session's secret), so the pack's file does not say
// what is right here: this does. Closed until you open it, and never on the projector
// page, so that nobody reads it over your shoulder on the big screen.
import { h, clear } from '/static/shared/dom.js';

const NOTHING = {
  free_text: 'Réponse libre : vous la validez.',
  photo: 'Photo : vous la validez.',
  place: 'Se gagne sur place (GPS ou QR code).',
  appointment: 'Se gagne en réservant un rendez-vous.',
};

/**
 * mountSolutions(el, ctx) → {destroy()}
 * ctx: api, sessionId
 */
export function mountSolutions(el, ctx) {
  const body = h('div', { testid: 'solutions', 'aria-live': 'polite' });
  const box = h('details', { testid: 'solutions-box' },
    h('summary', null, 'Voir les solutions de cette session (à ne pas projeter)'),
    h('p', { class: 'muted' }, 'Chaque groupe a ses propres codes et réponses : ceux-ci ne valent que pour cette session.'),
    body);
  el.appendChild(h('h2', { id: 'solutions-title' }, 'Solutions'));
  el.appendChild(box);
  let gone = false;
  let loaded = false;
  box.addEventListener('toggle', function () {
    if (box.open && !loaded) load();
  });

  async function load() {
    clear(body).appendChild(h('p', { class: 'muted' }, 'Chargement…'));
    let rows;
    try { rows = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/solutions'); } catch (e) {
      if (!gone) clear(body).appendChild(h('p', { class: 'msg msg-error' }, e.message));
      return;
    }
    if (gone) return;
    loaded = true;
    clear(body);
    const days = [];
    rows.forEach(function (r) {
      if (!days.length || days[days.length - 1].day !== r.day) days.push({ day: r.day, rows: [] });
      days[days.length - 1].rows.push(r);
    });
    days.forEach(function (d) {
      body.appendChild(h('h3', null, 'Jour ' + d.day));
      body.appendChild(h('ul', { class: 'visits' }, d.rows.map(function (r) {
        const said = r.answers.length ? r.answers.join(' · ') : (NOTHING[r.kind] || '');
        return h('li', { testid: 'solution-' + r.quest_id },
          h('strong', null, r.kind === 'finale' ? 'Finale, ' + r.title : r.title), ' : ', said);
      })));
    });
  }

  return { destroy: function () { gone = true; } };
}
