// The safety net in the console (README, « The safety net »): the session's private
// alerts at the top of the page, live (the « alerts » message of the staff socket, to
// staff only) and on load; « Je l'ai vue » and « Pris en charge » with who and when;
// and, on an answer to review, « Signaler une urgence ».
import { h, clear, formatDateTime, pollWhileVisible } from '/static/shared/dom.js';

/**
 * mountAlerts(el, ctx) — ctx: api, sessionId, announce, poll (ms, for a console without
 * the live link: counsellors). Returns { take(event), refresh(), destroy() }.
 */
export function mountAlerts(el, ctx) {
  let alerts = null; // null until loaded
  let known = {}; // alert ids already shown, to announce only new ones
  let stopPoll = null;

  el.classList.add('panel-alerts');
  draw();
  refresh();
  if (ctx.poll) stopPoll = pollWhileVisible(refresh, ctx.poll);

  async function refresh() {
    try {
      take({ session_id: ctx.sessionId, alerts: await ctx.api.get('/api/sessions/' + ctx.sessionId + '/alerts') });
    } catch (e) {
      if (e.status === 404 && ctx.poll) { // a counsellor with no slot in this group: not theirs to see
        el.hidden = true;
        if (stopPoll) stopPoll();
        return;
      }
      if (alerts == null) { clear(el).appendChild(h('p', { class: 'msg msg-error', role: 'alert' }, e.message)); }
    }
  }

  function take(ev) {
    if (!ev || ev.session_id !== ctx.sessionId || !Array.isArray(ev.alerts)) return;
    const first = alerts == null;
    const fresh = ev.alerts.filter(function (a) { return a.state === 'open' && !known[a.id]; });
    alerts = ev.alerts;
    alerts.forEach(function (a) { known[a.id] = true; });
    draw();
    if (!first && fresh.length) {
      ctx.announce('Alerte : ' + fresh.map(function (a) { return a.nickname; }).join(', ') + ' a besoin d\u2019aide. Voir en haut de la page.');
    }
  }

  function draw() {
    clear(el);
    const list = alerts || [];
    const open = list.filter(function (a) { return a.state !== 'handled'; });
    const done = list.filter(function (a) { return a.state === 'handled'; });
    el.classList.toggle('has-open', open.length > 0);
    el.appendChild(h('h2', { id: 'safety-title' }, 'Alertes : jeunes à contacter aujourd\u2019hui ',
      h('span', { class: 'count' + (open.length ? '' : ' is-zero'), testid: 'alerts-count' }, String(open.length))));
    if (alerts == null) { el.appendChild(h('p', { class: 'muted', role: 'status' }, 'Chargement…')); return; }
    el.appendChild(h('p', { class: 'muted' }, 'Visibles seulement par l\u2019équipe (animation et conseil). Le ou la jeune a vu les numéros d\u2019aide et sait que son conseiller ou sa conseillère est prévenu.'));
    if (!open.length) el.appendChild(h('p', { testid: 'alerts-none' }, 'Aucune alerte à traiter.'));
    open.forEach(function (a) { el.appendChild(card(a)); });
    if (done.length) {
      el.appendChild(h('details', { class: 'alerts-done' },
        h('summary', null, 'Alertes prises en charge (' + done.length + ')'),
        done.map(card)));
    }
  }

  function card(a) {
    const error = h('div', { class: 'msg msg-error', role: 'alert' });
    const where = a.source === 'diagnosis'
      ? 'Diagnostic du jour ' + a.round
      : 'Réponse signalée' + (a.flagged_by ? ' par ' + a.flagged_by : '');
    async function mark(stateName, btn) {
      error.textContent = '';
      btn.disabled = true;
      try {
        await ctx.api.post('/api/sessions/' + ctx.sessionId + '/alerts/' + a.id, { state: stateName });
        ctx.announce(stateName === 'handled' ? 'Alerte marquée prise en charge.' : 'Alerte marquée vue.');
        refresh();
      } catch (e) { error.textContent = e.message; btn.disabled = false; }
    }
    const buttons = [];
    if (a.state === 'open') {
      const seen = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'alert-seen-' + a.id, onclick: function () { mark('seen', seen); } }, 'Je l\u2019ai vue');
      buttons.push(seen);
    }
    if (a.state !== 'handled') {
      const handled = h('button', { type: 'button', class: 'btn btn-ok', testid: 'alert-handle-' + a.id, onclick: function () { mark('handled', handled); } }, 'Pris en charge');
      buttons.push(handled);
    }
    return h('article', { class: 'alert-card alert-' + a.state, testid: 'alert-' + a.id, 'data-state': a.state, 'aria-labelledby': 'alert-title-' + a.id },
      h('h3', { id: 'alert-title-' + a.id }, a.nickname, a.team ? h('span', { class: 'muted' }, ' · ' + a.team) : null),
      h('p', { class: 'review-meta' }, where, ' · ', formatDateTime(a.created_at)),
      h('blockquote', { class: 'review-text alert-answer', testid: 'alert-answer-' + a.id }, a.answer),
      a.note ? h('p', null, h('strong', null, 'Note : '), a.note) : null,
      h('p', { class: 'muted' }, 'Numéros montrés : ' + a.helplines.map(function (x) { return x.name; }).join(', ') + '.'),
      h('p', { testid: 'alert-state-' + a.id }, stateText(a)),
      error,
      buttons.length ? h('div', { class: 'btn-row' }, buttons) : null);
  }

  function stateText(a) {
    if (a.state === 'handled') return 'Pris en charge par ' + (a.handled_by || 'un compte supprimé') + ', le ' + formatDateTime(a.handled_at) + '.';
    if (a.state === 'seen') return 'Vue par ' + (a.seen_by || 'un compte supprimé') + ', le ' + formatDateTime(a.seen_at) + ' : pas encore prise en charge.';
    return 'Pas encore vue.';
  }

  return {
    take: take,
    refresh: refresh,
    destroy: function () { if (stopPoll) stopPoll(); },
  };
}

/**
 * flagForm(sub, ctx) — « Signaler une urgence » on an answer to review. ctx: api, announce.
 */
export function flagForm(sub, ctx) {
  const id = 'flag-note-' + sub.id;
  const note = h('textarea', { id: id, testid: id, rows: '2', maxlength: '500', placeholder: 'Ce qui vous inquiète, en quelques mots' });
  const out = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'flag-msg-' + sub.id });
  const button = h('button', { type: 'button', class: 'btn btn-danger', testid: 'flag-' + sub.id, onclick: async function () {
    button.disabled = true;
    out.textContent = 'Envoi…';
    try {
      await ctx.api.post('/api/submissions/' + sub.id + '/alert', { note: note.value.trim() });
      out.textContent = 'Alerte enregistrée. Le ou la jeune a reçu les numéros d\u2019aide en message privé.';
      ctx.announce('Alerte enregistrée pour ' + sub.player_nickname + '.');
    } catch (e) { out.textContent = e.message; button.disabled = false; }
  } }, 'Signaler une urgence');
  return h('details', { class: 'flag-form' },
    h('summary', null, 'Cette réponse vous inquiète ?'),
    h('p', { class: 'muted' }, 'L\u2019équipe est alertée ici. Le ou la jeune reçoit en privé les numéros d\u2019aide, avec des mots doux. Personne d\u2019autre ne le voit.'),
    h('div', { class: 'field' }, h('label', { for: id }, 'Note pour l\u2019équipe (facultatif)'), note),
    button, out);
}
