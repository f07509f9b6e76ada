// Console, « Live » view: the 10 days (open, pause, finish), the announcement to all
// phones and the day's recap by e-mail (moved out of console.js).
import { h, formatDate } from '/static/shared/dom.js';
import { c, MAX_DAY } from '/static/facilitator/ctx.js';

// The day's recap by e-mail, for the young people who asked for it (also: eclats recaps send).
export function recapsForm(sessionId) {
  const out = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'recaps-msg' });
  return h('div', null,
    h('h2', { id: 'recaps-title' }, 'Bilan du jour par e-mail'),
    h('p', { class: 'muted' }, 'Envoyé seulement aux jeunes qui l\u2019ont demandé dans l\u2019appli. Tous ont leur bilan dans l\u2019appli.'),
    h('button', { type: 'button', class: 'btn btn-secondary', testid: 'recaps-send', onclick: async function () {
      out.textContent = 'Envoi…';
      try {
        const r = await c.api.post('/api/sessions/' + sessionId + '/recaps/send', {});
        out.textContent = r.sent + ' bilan' + (r.sent > 1 ? 's envoyés' : ' envoyé') + (r.failed.length ? ' ; échec pour : ' + r.failed.join(', ') : '') + '.';
      } catch (e) { out.textContent = e.message; }
    } }, 'Envoyer le bilan du jour'),
    out);
}

export function announceForm() {
  const text = h('textarea', { id: 'announce-text', testid: 'announce-text', rows: '2', maxlength: '500', required: true, 'aria-describedby': 'announce-help' });
  const status = h('p', { class: 'announce-status', role: 'status', testid: 'announce-status' });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'announce-error' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'announce-submit' }, 'Envoyer l\u2019annonce');
  const form = h('form', { class: 'announce', novalidate: true },
    h('h2', { id: 'announce-title' }, 'Annonce à tous'),
    h('div', { class: 'field' },
      h('label', { for: 'announce-text' }, 'Votre message'),
      text,
      h('p', { class: 'field-help', id: 'announce-help' }, 'Il s\u2019affiche tout de suite sur tous les téléphones de la session (500 caractères au plus).')),
    error,
    h('div', { class: 'btn-row' }, submit, status));
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    status.textContent = '';
    const value = text.value.trim();
    if (!value) { error.textContent = 'Écrivez l\u2019annonce avant de l\u2019envoyer.'; text.focus(); return; }
    submit.disabled = true;
    try {
      await c.sendLive('announce', { session_id: c.state.detail.id, text: value });
      text.value = '';
      status.textContent = 'Annonce envoyée ✓';
      setTimeout(function () { status.textContent = ''; }, 5000);
    } catch (e) {
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- days

export function drawDays(el) {
  const d = c.state.detail;
  const next = d.current_day + 1;
  const nextDay = d.days.filter(function (x) { return x.number === next; })[0];
  const controls = h('div', { class: 'day-controls btn-row' });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'day-error' });
  async function act(path, body, okText) {
    error.textContent = '';
    const btns = controls.querySelectorAll('button');
    for (let i = 0; i < btns.length; i++) btns[i].disabled = true;
    try {
      const res = await c.api.post('/api/sessions/' + d.id + path, body);
      c.announce(okText);
      c.applyDetail(res);
    } catch (e) {
      error.textContent = e.message;
      for (let i = 0; i < btns.length; i++) btns[i].disabled = false;
    }
  }
  if (d.status !== 'finished' && next <= MAX_DAY) {
    controls.appendChild(h('button', { type: 'button', class: 'btn', testid: 'open-day', 'data-day': String(next), onclick: function () {
      if (!window.confirm('Ouvrir le jour ' + next + ' ? Ses missions deviennent jouables pour tout le groupe. Un jour ouvert ne peut pas être refermé.')) return;
      act('/days', { day: next }, 'Jour ' + next + ' ouvert.');
    } }, 'Ouvrir le jour ' + next));
  }
  if (d.status !== 'finished' && d.current_day >= MAX_DAY) {
    controls.appendChild(h('button', { type: 'button', class: 'btn btn-warn', testid: 'finish-session', onclick: function () {
      if (!window.confirm('Terminer la session ? Chaque téléphone affiche l\u2019écran de fin : l\u2019histoire, le podium, les offres trouvées. Plus personne ne pourra jouer. Cela ne peut pas être annulé.')) return;
      act('/finish', undefined, 'Session terminée : les téléphones affichent l\u2019écran de fin.');
    } }, 'Terminer la session'));
  }
  if (d.status === 'running' && d.current_day) {
    controls.appendChild(h('button', { type: 'button', class: 'btn btn-secondary', testid: 'pause', onclick: function () { act('/pause', undefined, 'Session mise en pause.'); } }, 'Mettre en pause'));
  }
  if (d.status === 'paused') {
    controls.appendChild(h('button', { type: 'button', class: 'btn btn-warn', testid: 'resume', onclick: function () { act('/resume', undefined, 'La session reprend.'); } }, 'Reprendre'));
  }
  el.appendChild(h('div', { class: 'days-head' },
    h('h2', { id: 'days-title' }, 'Les 10 jours'),
    controls));
  if (nextDay && d.status !== 'finished') {
    el.appendChild(h('p', { class: 'muted days-next' }, 'Prochain : jour ' + next + ' « ' + nextDay.title + ' »' + (nextDay.autonomous ? ', en autonomie (les jeunes jouent sans vous)' : '') + '.'));
  }
  if (d.status !== 'finished' && next <= MAX_DAY) {
    el.appendChild(h('p', { class: 'muted days-undo', testid: 'open-day-undo' }, 'Ouvrir un jour ne s\u2019annule pas : ses missions deviennent jouables pour tout le groupe, et un jour ouvert ne se referme pas.'));
  }
  if (d.status === 'finished') {
    el.appendChild(h('p', { class: 'msg msg-info', testid: 'session-finished' }, 'Session terminée. Les téléphones affichent l\u2019écran de fin. Plus personne ne peut jouer.'));
  }
  el.appendChild(error);
  el.appendChild(h('ol', { class: 'day-strip', testid: 'day-strip' }, d.days.map(function (day) {
    const opened = !!day.opened_at;
    const current = day.number === d.current_day;
    return h('li', {
      class: 'day' + (opened ? ' is-open' : '') + (current ? ' is-current' : '') + (day.autonomous ? ' is-auto' : ''),
      testid: 'day-' + day.number, 'data-opened': opened ? 'true' : 'false', 'data-autonomous': day.autonomous ? 'true' : 'false',
      'aria-current': current ? 'step' : null,
    },
      h('span', { class: 'day-n' }, 'J' + day.number),
      h('span', { class: 'day-title' }, day.title),
      h('span', { class: 'day-date' }, formatDate(day.date)),
      h('span', { class: 'day-tags' },
        opened ? h('span', { class: 'tag tag-open' }, current ? 'En cours' : 'Ouvert') : h('span', { class: 'tag' }, 'À venir'),
        day.autonomous ? h('span', { class: 'tag tag-auto' }, 'Autonome') : null));
  })));
}

// « Live »: what the facilitator should look at now (no day open, a pause, teams stuck or empty).
export function drawWatch() {
  const d = c.state.detail;
  const alerts = [];
  if (!d.current_day) alerts.push(h('p', { class: 'msg msg-info' }, 'Aucun jour n\u2019est ouvert. Quand le groupe est prêt, cliquez sur « Ouvrir le jour 1 ».'));
  if (d.status === 'paused') alerts.push(h('p', { class: 'msg msg-warn' }, 'La session est en pause : les jeunes ne peuvent pas jouer. Pensez à la reprendre.'));
  if (d.status === 'running' && d.current_day) {
    // the server decides which teams are stuck (game/rules/quests.py, stuck_teams)
    const stuck = d.teams.filter(function (t) { return t.stuck; });
    if (stuck.length) {
      alerts.push(h('p', { class: 'msg msg-warn', testid: 'stuck-teams' }, 'Encore aucune mission réussie aujourd\u2019hui : ', stuck.map(function (t) { return t.name; }).join(', '), '. Un coup de pouce ? ',
        h('a', { href: '#/session/' + d.id + '/equipes', testid: 'stuck-teams-link' }, 'Envoyer un indice')));
    }
    const empty = d.teams.filter(function (t) { return t.members.length === 0; });
    if (empty.length) alerts.push(h('p', { class: 'msg msg-info' }, 'Équipe sans membre : ', empty.map(function (t) { return t.name; }).join(', '), '.'));
  }
  const alertsEl = document.getElementById('sec-alerts');
  if (alertsEl) c.updateSection(alertsEl, JSON.stringify(alerts.map(function (a) { return a.textContent; })), function (el) {
    alerts.forEach(function (a) { el.appendChild(a); });
  });
}
