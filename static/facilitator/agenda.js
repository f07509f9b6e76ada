// Console: the counsellors' appointments for this session. Publish slots, see the agenda
// with each young person's note and the offers they are interested in (live), add a
// counsellor account. A counsellor's own screen (mountCounsellor): the sessions, and in
// each their own slots and bookings.
import { h, clear, formatDate, formatZonedDateTime } from '/static/shared/dom.js';

/**
 * mountAgenda(el, ctx) → {refresh(), refreshSoon()}
 * ctx: api, sessionId, announce(text)
 */
export function mountAgenda(el, ctx) {
  const table = h('div', { testid: 'agenda' });
  const form = publishForm();
  el.appendChild(h('h2', { id: 'agenda-title' }, 'Rendez-vous avec les conseillers'));
  // a counsellor publishes for themselves and does not make accounts
  el.appendChild(h('div', { class: 'grid-2' }, table, h('div', null, form, ctx.counsellor ? null : counsellorForm())));
  refresh();

  async function refresh() {
    let lines;
    try { lines = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/agenda'); } catch (e) { return; }
    clear(table);
    const booked = lines.filter(function (l) { return l.booked; }).length;
    table.appendChild(h('p', { testid: 'agenda-count' }, booked + ' rendez-vous pris sur ' + lines.length + ' créneau' + (lines.length > 1 ? 'x' : '') + '.'));
    if (!lines.length) { table.appendChild(h('p', { class: 'muted' }, 'Aucun créneau publié pour cette session.')); return; }
    table.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Quand'), h('th', { scope: 'col' }, 'Conseiller'), h('th', { scope: 'col' }, 'Jeune'), h('th', { scope: 'col' }, 'Ce dont il veut parler'))),
      h('tbody', null, lines.map(function (l) {
        return h('tr', { testid: 'agenda-slot-' + l.id, 'data-booked': l.booked ? 'true' : 'false', 'data-starts-at': l.starts_at },
          h('td', { testid: 'agenda-when-' + l.id }, formatZonedDateTime(l.starts_at, l.time_zone) + ' · ' + l.duration_minutes + ' min · ' + l.mode_label + (l.place ? ' · ' + l.place : '')),
          h('td', null, l.counsellor),
          h('td', { testid: 'agenda-who-' + l.id }, l.booked ? l.nickname : 'Libre'),
          h('td', null, l.booked ? [l.note, l.offers.length ? h('br') : null, l.offers.length ? h('span', { class: 'muted' }, 'Offres : ' + l.offers.join(', ')) : null] : '—'));
      })))));
  }

  function publishForm() {
    // the Mission Locale's wall-clock time, whatever zone this laptop is set to: the
    // server reads it in the installation's zone and refuses an hour the clocks skip or repeat
    const when = h('input', { id: 'slot-start', type: 'datetime-local', testid: 'slot-start', required: true });
    const startLabel = h('label', { for: 'slot-start', testid: 'slot-start-label' }, 'Début du premier créneau');
    ctx.api.get('/api/auth/me').then(function (me) {
      if (me && me.time_zone) startLabel.textContent = 'Début du premier créneau (heure de ' + me.time_zone.split('/').pop().replace(/_/g, ' ') + ')';
    }, function () { /* the label stays general */ });
    const duration = h('input', { id: 'slot-duration', type: 'number', min: '10', max: '180', value: '30', testid: 'slot-duration' });
    const mode = h('select', { id: 'slot-mode', testid: 'slot-mode' },
      h('option', { value: 'in_person' }, 'Sur place'), h('option', { value: 'phone' }, 'Téléphone'), h('option', { value: 'video' }, 'Visio'));
    const place = h('input', { id: 'slot-place', type: 'text', maxlength: '200', testid: 'slot-place' });
    const count = h('input', { id: 'slot-count', type: 'number', min: '1', max: '30', value: '4', testid: 'slot-count' });
    const msg = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'slot-msg' });
    const f = h('form', { class: 'stack', novalidate: true },
      h('h3', null, 'Publier des créneaux'),
      startLabel, when,
      h('label', { for: 'slot-duration' }, 'Durée (minutes)'), duration,
      h('label', { for: 'slot-mode' }, 'Mode'), mode,
      h('label', { for: 'slot-place' }, 'Lieu (adresse, bureau)'), place,
      h('label', { for: 'slot-count' }, 'Nombre de créneaux à la suite'), count,
      h('button', { type: 'submit', class: 'btn', testid: 'slot-submit' }, 'Publier'), msg);
    f.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (!when.value) { msg.textContent = 'Indiquez la date et l\u2019heure.'; when.focus(); return; }
      try {
        const made = await ctx.api.post('/api/sessions/' + ctx.sessionId + '/slots', {
          local_start: when.value,
          duration_minutes: Number(duration.value), mode: mode.value, place: place.value, count: Number(count.value),
        });
        msg.textContent = made.length + ' créneau' + (made.length > 1 ? 'x publiés.' : ' publié.');
        refresh();
      } catch (e) { msg.textContent = e.message; }
    });
    return f;
  }

  function counsellorForm() {
    const user = h('input', { id: 'coun-user', type: 'text', testid: 'coun-user', autocomplete: 'off' });
    const name = h('input', { id: 'coun-name', type: 'text', testid: 'coun-name' });
    const pass = h('input', { id: 'coun-pass', type: 'password', testid: 'coun-pass', autocomplete: 'new-password' });
    const msg = h('p', { class: 'form-msg', 'aria-live': 'polite' });
    const f = h('form', { class: 'stack', novalidate: true },
      h('h3', null, 'Ajouter un conseiller'),
      h('label', { for: 'coun-user' }, 'Identifiant'), user,
      h('label', { for: 'coun-name' }, 'Nom affiché'), name,
      h('label', { for: 'coun-pass' }, 'Mot de passe (8 caractères au moins)'), pass,
      h('button', { type: 'submit', class: 'btn btn-secondary' }, 'Créer le compte'), msg);
    f.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      try {
        await ctx.api.post('/api/counsellors', { username: user.value, display_name: name.value, password: pass.value });
        msg.textContent = 'Compte créé : il peut se connecter à la console et publier ses créneaux.';
        pass.value = '';
      } catch (e) { msg.textContent = e.message; }
    });
    return f;
  }

  let timer = null;
  return {
    refresh: refresh,
    // several team events in a burst: one request
    refreshSoon: function () {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () { timer = null; refresh(); }, 300);
    },
  };
}

/**
 * mountCounsellor(el, ctx) → {refresh()}
 * ctx: api, sessionId (null: the list of sessions)
 */
export function mountCounsellor(el, ctx) {
  const back = ctx.sessionId ? h('p', null, h('a', { href: '#/sessions', class: 'back-link', testid: 'back-sessions' }, '← Toutes les sessions')) : null;
  const title = h('h1', { tabindex: '-1' }, 'Mes rendez-vous');
  const body = h('div', { class: 'panel', testid: 'counsellor-view' }, h('p', { class: 'muted' }, 'Chargement…'));
  el.appendChild(h('div', null, back, title, body));
  let agenda = null;
  draw();

  async function draw() {
    let sessions;
    try { sessions = await ctx.api.get('/api/sessions'); } catch (e) { clear(body).appendChild(h('p', { class: 'msg msg-error', role: 'alert' }, e.message)); return; }
    clear(body);
    const current = sessions.find(function (s) { return s.id === ctx.sessionId; });
    if (!current) {
      body.appendChild(h('p', null, 'Choisissez le groupe pour lequel vous publiez vos créneaux.'));
      if (!sessions.length) { body.appendChild(h('p', { class: 'muted', testid: 'sessions-empty' }, 'Aucune session pour l\u2019instant.')); return; }
      body.appendChild(h('ul', { class: 'stack', testid: 'counsellor-sessions' }, sessions.map(function (s) {
        return h('li', null, h('a', { href: '#/agenda/' + s.id, testid: 'counsellor-session-' + s.id }, s.name), ' — début le ' + formatDate(s.start_date));
      })));
      return;
    }
    title.textContent = 'Mes rendez-vous · ' + current.name;
    const holder = h('section', { 'aria-labelledby': 'agenda-title', testid: 'agenda-panel' });
    body.appendChild(holder);
    agenda = mountAgenda(holder, { api: ctx.api, sessionId: current.id, counsellor: true });
  }

  return { refresh: function () { if (agenda) agenda.refresh(); } };
}
