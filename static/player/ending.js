// The end screen (#/fin): once the facilitator has finished the session, every phone
// tells the group's story back, shows the team podium, the offers the team found,
// the player's badges and what comes next at the Mission Locale. Pack texts are
// always put in as text (never as HTML).
import { h, formatZonedDateTime } from '/static/shared/dom.js';
import { fragmentList } from '/static/player/finale.js';

const PLACES = ['1re place', '2e place', '3e place'];

function points(n) { return n + (n > 1 ? ' éclats' : ' éclat'); }

/**
 * renderEnding(container, ctx) — ctx: api, backLink
 */
export async function renderEnding(container, ctx) {
  const section = h('section', { class: 'screen ending', testid: 'ending', 'aria-labelledby': 'ending-title' },
    h('h1', { tabindex: '-1', class: 'screen-title', id: 'ending-title' }, 'Fin de la mission'));
  container.appendChild(section);
  let e;
  try {
    e = await ctx.api.get('/api/me/ending');
  } catch (err) {
    section.appendChild(h('p', { class: 'msg msg-error', role: 'alert' }, err.message));
    return;
  }
  if (!e.finished) {
    section.appendChild(h('p', { class: 'msg msg-info' }, 'La mission n\u2019est pas encore finie. Cet écran s\u2019ouvrira à la fin du jour 10.'));
    section.appendChild(ctx.backLink('#/missions', 'Missions'));
    return;
  }
  section.appendChild(h('div', { class: 'ending-story', testid: 'ending-story' },
    h('h2', null, 'Ton histoire'),
    h('p', null, 'Bravo ! Tu as joué les 10 jours de « ' + e.title + ' ».'),
    e.story.map(function (line) { return h('p', null, line); })));

  if (e.finale) { // the group's Cœur d'Avenir, assembled from every team's fragments
    const f = e.finale;
    section.appendChild(h('div', { class: 'ending-coeur', testid: 'ending-coeur' },
      h('h2', null, f.title),
      fragmentList(f, 'ending-coeur-fragments'),
      h('p', null, f.solved
        ? 'Le groupe a rallumé le Cœur' + (f.solved_by ? ' grâce au mot trouvé par ' + f.solved_by : '') + '. ' + f.success
        : 'Le Cœur n\u2019a pas été rallumé cette fois. Chaque morceau gagné reste une victoire de ton équipe.')));
  }

  section.appendChild(h('div', { class: 'ending-podium' },
    h('h2', { id: 'podium-title' }, 'Le podium'),
    h('ol', { class: 'podium', testid: 'ending-podium', 'aria-labelledby': 'podium-title' }, e.podium.map(function (t) {
      return h('li', { class: 'podium-step' + (t.mine ? ' is-mine' : ''), 'data-rank': String(t.rank) },
        h('strong', null, PLACES[t.rank - 1] || (t.rank + 'e place')), ' : ' + t.name + ' · ' + points(t.eclats),
        t.mine ? h('span', { class: 'tag' }, ' Ton équipe') : null);
    })),
    e.mine && e.mine.rank > 3 ? h('p', { testid: 'ending-my-rank' }, 'Ton équipe « ' + e.mine.name + ' » finit à la ' + e.mine.rank + 'e place, avec ' + points(e.mine.eclats) + '.') : null));

  section.appendChild(h('div', { class: 'ending-offers' },
    h('h2', null, 'Les offres que tu as trouvées'),
    e.offers.length
      ? h('ul', { testid: 'ending-offers' }, e.offers.map(function (o) {
        return h('li', null, h('strong', null, o.title), ' : ' + o.brings, o.contact ? h('br') : null, o.contact ? 'Qui contacter : ' + o.contact : null);
      }))
      : h('p', { testid: 'ending-offers' }, 'Ton équipe n\u2019a pas trouvé d\u2019offre. Demande à ton conseiller ou ta conseillère : il y en a sûrement une pour toi.')));

  if (e.badges.length) {
    section.appendChild(h('div', { class: 'ending-badges' },
      h('h2', null, 'Tes badges'),
      h('ul', { testid: 'ending-badges' }, e.badges.map(function (b) { return h('li', null, b); })),
      h('p', null, h('a', { href: '#/competences' }, 'Voir et partager tes badges'))));
  }

  const next = h('div', { class: 'ending-next', testid: 'ending-next' }, h('h2', null, 'Et maintenant ?'));
  if (e.appointment) {
    const a = e.appointment;
    next.appendChild(h('p', { testid: 'ending-appointment' }, 'Ton rendez-vous : ' + formatZonedDateTime(a.starts_at, a.time_zone) + ' · ' + a.mode_label + ' · avec ' + a.counsellor + (a.place ? ' · ' + a.place : '') + '.'));
  } else {
    next.appendChild(h('p', null, 'Prends rendez-vous avec ton conseiller ou ta conseillère pour parler de ton projet.'));
  }
  const ml = e.mission_locale;
  if (ml) {
    next.appendChild(h('p', null, ml.name + (ml.town ? ' (' + ml.town + ')' : '') + '.'));
    if (ml.welcome) next.appendChild(h('p', null, ml.welcome));
    const ways = h('ul', { class: 'ending-contact' });
    if (ml.phone) ways.appendChild(h('li', null, 'Téléphone : ', h('a', { href: 'tel:' + ml.phone.replace(/[^0-9+]/g, '') }, ml.phone)));
    if (ml.email) ways.appendChild(h('li', null, 'E-mail : ', h('a', { href: 'mailto:' + ml.email }, ml.email)));
    if (ml.website && /^https:\/\//.test(ml.website)) ways.appendChild(h('li', null, 'Site : ', h('a', { href: ml.website, rel: 'noopener' }, ml.website)));
    (ml.addresses || []).forEach(function (ad) {
      ways.appendChild(h('li', null, ad.label + ' : ' + ad.street + (ad.hours ? ' · ' + ad.hours : '')));
    });
    if (ways.childNodes.length) next.appendChild(ways);
  } else {
    next.appendChild(h('p', null, 'Ta Mission Locale reste là pour toi après le jeu. Demande ses coordonnées à ton conseiller ou ta conseillère.'));
  }
  section.appendChild(next);
  section.appendChild(h('p', null, h('a', { href: '#/bilan', class: 'btn btn-secondary btn-block' }, 'Revoir ton bilan')));
}
