// The appointment mission: pick a slot with a counsellor, say in your own words what
// you want to talk about (helped by the offers discovered in the game), get it in your
// calendar; the team sees how many have booked.
import { h, clear, formatZonedDateTime, saveBlob, frenchSpacing } from '/static/shared/dom.js';

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return 'r' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}

// quest id and player → {slot, note, offers}: the form's state for this visit, whatever redraws it
const drafts = {};

/**
 * mountAppointment(q, ctx, done) → {el, refresh()}
 * done(): the booking changed (the quest screen reloads the mission)
 */
export function mountAppointment(q, ctx, done) {
  const el = h('div', { class: 'appointment', testid: 'appointment-block' });
  const out = h('p', { class: 'place-status', 'aria-live': 'polite', testid: 'appointment-status' });
  let busy = false;
  let generation = 0; // a newer refresh wins over one still waiting for the network
  // what the young person chose or typed: kept across every redraw (a teammate's event,
  // slots published or taken live, the quest screen drawn again), never wiped by one
  // (per player: on a phone passed on to someone else, nobody sees another's note)
  const key = q.id + ' ' + (ctx.api.token ? ctx.api.token() : '');
  const draft = drafts[key] || (drafts[key] = { slot: null, note: '', offers: [] });
  refresh();
  // the session's free slots changed (static/player/app.js, onSlots): fetch them again
  function onSlots() {
    if (!el.isConnected) { window.removeEventListener('eclats:slots', onSlots); return; }
    refresh(true);
  }
  window.addEventListener('eclats:slots', onSlots);

  // live: a teammate's or the session's event (the form is updated in place, the note kept)
  async function refresh(live) {
    const mineGen = ++generation;
    let mine;
    try { mine = await ctx.api.get('/api/me/appointment'); } catch (e) { if (!live) say(e.message, 'ko'); return; }
    if (mineGen !== generation) return;
    let choice = null;
    if (!mine.booked) {
      try {
        const res = await Promise.all([ctx.api.get('/api/me/appointment/slots'), ctx.api.get('/api/me/offers')]);
        choice = { slots: res[0], offers: res[1].offers.filter(function (o) { return o.unlocked; }) };
      } catch (e) { if (!live) say(e.message, 'ko'); return; }
      if (mineGen !== generation) return;
    }
    if (live && busy) return; // a booking on its way: its own refresh follows
    const count = mine.team_booked + '/' + mine.team_size + ' de ton équipe ont pris rendez-vous.';
    const form = el.querySelector('[data-testid="appointment-form"]');
    if (live && form && !mine.booked && choice.slots.length) {
      // the form stays (the textarea keeps its text, focus and keyboard): only the lists change
      const line = el.querySelector('[data-testid="team-booked"]');
      if (line) line.textContent = frenchSpacing(count);
      redrawLists(form, choice.slots, choice.offers);
      return;
    }
    clear(el);
    el.appendChild(h('p', { class: 'question', testid: 'quest-question' }, q.question));
    el.appendChild(h('p', { class: 'place-together', testid: 'team-booked' }, count));
    if (mine.booked) drawBooked(mine); else drawChoice(choice.slots, choice.offers);
    el.appendChild(out);
  }

  // The chosen slot may have gone (taken by someone else, removed): say so, next to the list.
  function checkChosen(slots) {
    if (draft.slot == null) return;
    const still = slots.some(function (s) { return String(s.id) === draft.slot; });
    if (!still) {
      draft.slot = null;
      say('Le créneau que tu avais choisi n\u2019est plus libre. Choisis-en un autre.', 'ko');
    }
  }

  function slotList(slots) {
    checkChosen(slots);
    return h('fieldset', { class: 'appt-group', testid: 'appointment-slots' }, h('legend', null, 'Choisis un créneau'),
      slots.map(function (s) {
        return h('label', { class: 'choice-line' },
          h('input', { type: 'radio', name: 'slot', value: String(s.id), testid: 'slot-' + s.id, checked: draft.slot === String(s.id),
            onchange: function (ev) { draft.slot = ev.target.value; } }),
          h('span', null, h('strong', null, formatZonedDateTime(s.starts_at, s.time_zone)), ' · ' + s.mode_label + ' · ' + s.counsellor + (s.place ? ' (' + s.place + ')' : '')));
      }));
  }

  function offerList(offers) {
    if (!offers.length) return null;
    return h('fieldset', { class: 'appt-group', testid: 'appointment-offers' }, h('legend', null, 'Les offres découvertes qui t\u2019intéressent (5 au plus)'),
      offers.map(function (o) {
        return h('label', { class: 'choice-line' }, h('input', { type: 'checkbox', name: 'offer', value: o.id, testid: 'offer-pick-' + o.id,
          checked: draft.offers.indexOf(o.id) >= 0,
          onchange: function (ev) {
            draft.offers = draft.offers.filter(function (x) { return x !== o.id; });
            if (ev.target.checked) draft.offers.push(o.id);
          } }), h('span', null, o.title));
      }));
  }

  function redrawLists(form, slots, offers) {
    const focused = document.activeElement;
    const key = focused && form.contains(focused) && focused.name !== 'note' ? focused.getAttribute('data-testid') : null;
    const oldSlots = form.querySelector('[data-testid="appointment-slots"]');
    if (oldSlots) form.replaceChild(slotList(slots), oldSlots);
    const oldOffers = form.querySelector('[data-testid="appointment-offers"]');
    const freshOffers = offerList(offers);
    if (oldOffers && freshOffers) form.replaceChild(freshOffers, oldOffers);
    else if (oldOffers) form.removeChild(oldOffers);
    else if (freshOffers) form.insertBefore(freshOffers, form.querySelector('[data-testid="appointment-submit"]'));
    const again = key && form.querySelector('[data-testid="' + key + '"]');
    if (again) again.focus({ preventScroll: true });
  }

  function say(text, kind) {
    out.textContent = frenchSpacing(text);
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
    form.appendChild(slotList(slots));
    const note = h('textarea', { id: 'appointment-note', name: 'note', rows: '3', maxlength: '500', testid: 'appointment-note', required: true, value: draft.note, 'aria-describedby': 'appointment-note-help',
      oninput: function () { draft.note = note.value; } });
    form.appendChild(h('div', { class: 'appt-group appt-note' },
      h('label', { for: 'appointment-note' }, 'De quoi veux-tu parler avec ton conseiller ou ta conseillère ?'),
      h('p', { class: 'field-help', id: 'appointment-note-help' }, 'Avec tes mots : un métier, une formation, un logement, ta santé, de l\u2019argent, le permis…'),
      note));
    const offered = offerList(offers);
    if (offered) form.appendChild(offered);
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
        draft.slot = null; draft.note = ''; draft.offers = []; // booked: a later choice starts afresh
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
