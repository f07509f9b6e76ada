// The appointment mission: pick a slot with a counsellor, say in your own words what
// you want to talk about (helped by the offers discovered in the game), get it in your
// calendar; the team sees how many have booked.
import { h, clear, formatZonedDateTime, saveBlob } from '/static/shared/dom.js';

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return 'r' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}

/**
 * mountAppointment(q, ctx, done) → {el, refresh()}
 * done(): the booking changed (the quest screen reloads the mission)
 */
export function mountAppointment(q, ctx, done) {
  const el = h('div', { class: 'appointment', testid: 'appointment-block' });
  const out = h('p', { class: 'place-status', 'aria-live': 'polite', testid: 'appointment-status' });
  let busy = false;
  let generation = 0; // a newer refresh wins over one still waiting for the network
  refresh();

  // live: a teammate's event; what the player is choosing or typing is not wiped out,
  // only the team's count is brought up to date
  async function refresh(live) {
    if (live && typing()) {
      try {
        const mine = await ctx.api.get('/api/me/appointment');
        const line = el.querySelector('[data-testid="team-booked"]');
        if (line) line.textContent = mine.team_booked + '/' + mine.team_size + ' de ton équipe ont pris rendez-vous.';
      } catch (e) { /* the next refresh will say */ }
      return;
    }
    const mineGen = ++generation;
    let mine;
    try { mine = await ctx.api.get('/api/me/appointment'); } catch (e) { say(e.message, 'ko'); return; }
    if (mineGen !== generation) return;
    let choice = null;
    if (!mine.booked) {
      try {
        const res = await Promise.all([ctx.api.get('/api/me/appointment/slots'), ctx.api.get('/api/me/offers')]);
        choice = { slots: res[0], offers: res[1].offers.filter(function (o) { return o.unlocked; }) };
      } catch (e) { say(e.message, 'ko'); return; }
      if (mineGen !== generation) return;
    }
    // a teammate's event started this while the form was empty: what the player began to
    // choose or type in the meantime stays (only the team's count changes)
    if (live && !mine.booked && typing()) {
      const line = el.querySelector('[data-testid="team-booked"]');
      if (line) line.textContent = mine.team_booked + '/' + mine.team_size + ' de ton équipe ont pris rendez-vous.';
      return;
    }
    clear(el);
    el.appendChild(h('p', { class: 'question', testid: 'quest-question' }, q.question));
    el.appendChild(h('p', { class: 'place-together', testid: 'team-booked' },
      mine.team_booked + '/' + mine.team_size + ' de ton équipe ont pris rendez-vous.'));
    if (mine.booked) drawBooked(mine); else drawChoice(choice.slots, choice.offers);
    el.appendChild(out);
  }

  // the player has begun to choose a slot or to type their note
  function typing() {
    const form = el.querySelector('[data-testid="appointment-form"]');
    return !!(form && (form.querySelector('input:checked') || el.querySelector('#appointment-note').value));
  }

  function say(text, kind) {
    out.textContent = text;
    out.className = 'place-status ' + (kind ? 'place-' + kind : '');
  }

  function drawBooked(mine) {
    const s = mine.slot;
    el.appendChild(h('div', { class: 'panel panel-ok', testid: 'my-appointment' },
      h('p', { class: 'panel-title' }, 'Ton rendez-vous'),
      h('p', { testid: 'my-appointment-when' }, formatZonedDateTime(s.starts_at, s.time_zone) + ' · ' + s.duration_minutes + ' min · ' + s.mode_label),
      h('p', null, 'Avec ' + s.counsellor + (s.place ? ' — ' + s.place : '')),
      h('p', null, 'Tu veux parler de : « ' + mine.note + ' »'),
      mine.offers.length ? h('p', null, 'Offres qui t\u2019intéressent : ' + mine.offers.map(function (o) { return o.title; }).join(', ')) : null,
      h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'appointment-ics', onclick: downloadIcs }, 'Ajouter à mon agenda'),
      h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'appointment-cancel', onclick: cancel }, 'Annuler ce rendez-vous')));
  }

  function drawChoice(slots, offers) {
    if (!slots.length) {
      el.appendChild(h('p', { class: 'msg msg-info', testid: 'no-slots' }, 'Pas encore de créneau libre. Demande à ton animateur ou ton animatrice : les conseillères et les conseillers vont en ajouter.'));
      return;
    }
    const form = h('form', { class: 'stack', novalidate: true, testid: 'appointment-form' });
    form.appendChild(h('fieldset', null, h('legend', null, 'Choisis un créneau'),
      slots.map(function (s) {
        return h('label', { class: 'choice-line' },
          h('input', { type: 'radio', name: 'slot', value: String(s.id), testid: 'slot-' + s.id }),
          ' ' + formatZonedDateTime(s.starts_at, s.time_zone) + ' · ' + s.mode_label + ' · ' + s.counsellor + (s.place ? ' (' + s.place + ')' : ''));
      })));
    const note = h('textarea', { id: 'appointment-note', rows: '3', maxlength: '500', testid: 'appointment-note', required: true });
    form.appendChild(h('label', { for: 'appointment-note' }, 'De quoi veux-tu parler avec ton conseiller ?'));
    form.appendChild(h('p', { class: 'field-help' }, 'Avec tes mots : un métier, une formation, un logement, ta santé, de l\u2019argent, le permis…'));
    form.appendChild(note);
    if (offers.length) {
      form.appendChild(h('fieldset', null, h('legend', null, 'Les offres découvertes qui t\u2019intéressent (5 au plus)'),
        offers.map(function (o) {
          return h('label', { class: 'choice-line' }, h('input', { type: 'checkbox', name: 'offer', value: o.id, testid: 'offer-pick-' + o.id }), ' ' + o.title);
        })));
    }
    form.appendChild(h('button', { type: 'submit', class: 'btn btn-block btn-big', testid: 'appointment-submit' }, 'Prendre ce rendez-vous'));
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (busy) return;
      const chosen = form.querySelector('input[name="slot"]:checked');
      if (!chosen) { say('Choisis d\u2019abord un créneau.', 'ko'); return; }
      if (!note.value.trim()) { say('Dis en quelques mots ce dont tu veux parler.', 'ko'); note.focus(); return; }
      const picked = Array.prototype.map.call(form.querySelectorAll('input[name="offer"]:checked'), function (i) { return i.value; });
      if (picked.length > 5) { say('5 offres au plus.', 'ko'); return; }
      busy = true;
      try {
        await ctx.api.post('/api/me/appointment', { slot_id: Number(chosen.value), note: note.value, offers: picked, client_id: newId() });
        busy = false;
        ctx.announce('Rendez-vous pris !');
        await refresh();
        say('Rendez-vous pris ! Ton conseiller le voit dans son agenda.', 'ok');
        done();
      } catch (e) {
        busy = false;
        say(e.message, 'ko');
        if (e.status === 409) refresh();
      }
    });
    el.appendChild(form);
  }

  async function cancel() {
    try {
      await ctx.api.del('/api/me/appointment');
      await refresh();
      say('Rendez-vous annulé : le créneau est libre pour quelqu\u2019un d\u2019autre.', 'ok');
      done();
    } catch (e) { say(e.message, 'ko'); }
  }

  async function downloadIcs() {
    try { saveBlob(await ctx.api.blob('/api/me/appointment.ics'), 'rendez-vous.ics'); } catch (e) { say(e.message, 'ko'); }
  }

  return { el: el, refresh: refresh };
}
