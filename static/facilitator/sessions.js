// Console: the list of sessions and the « Nouvelle session » form (moved out of console.js).
import { h, clear, formatDate } from '/static/shared/dom.js';
import { c, MAX_DAY } from '/static/facilitator/ctx.js';

export const STATUS = { draft: 'Pas commencée', running: 'En cours', paused: 'En pause', finished: 'Terminée' };

// Default start: the next Monday (today if Monday), so that the pack's weekend days
// (6 and 7, autonomous urban games) fall on Saturday and Sunday.
export function nextMonday() {
  const d = new Date();
  d.setDate(d.getDate() + (8 - d.getDay()) % 7);
  const pad = function (n) { return (n < 10 ? '0' : '') + n; };
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

export function errorBox(err, testid) {
  return h('div', { class: 'msg msg-error', role: 'alert', testid: testid || null }, err.message || String(err));
}

export function statusPill(status) {
  return h('span', { class: 'pill pill-' + status, testid: 'session-status', 'data-status': status }, STATUS[status] || status);
}

export async function refreshSessions() {
  const list = document.getElementById('sessions-list');
  if (!list) return;
  try {
    c.state.sessions = await c.api.get('/api/sessions');
  } catch (e) {
    if (e.status !== 401) { clear(list).appendChild(errorBox(e)); c.state.sectionKeys[list.id] = null; }
    return;
  }
  c.updateSection(list, JSON.stringify(c.state.sessions), function (el) {
    if (!c.state.sessions.length) {
      el.appendChild(h('p', { testid: 'sessions-empty' }, 'Aucune session pour l\u2019instant. Créez la première avec le formulaire « Nouvelle session ».'));
      return;
    }
    el.appendChild(h('table', { class: 'table', testid: 'sessions-table' },
      h('caption', { class: 'visually-hidden' }, 'Vos sessions'),
      h('thead', null, h('tr', null, ['Groupe', 'Scénario', 'Début', 'Code', 'Statut', 'Jour', 'Jeunes'].map(function (t) { return h('th', { scope: 'col' }, t); }))),
      h('tbody', null, c.state.sessions.map(function (s) {
        return h('tr', { testid: 'session-row-' + s.id },
          h('th', { scope: 'row' }, h('a', { href: '#/session/' + s.id, testid: 'session-link-' + s.id }, s.name)),
          h('td', null, s.pack_title || s.pack),
          h('td', null, formatDate(s.start_date)),
          h('td', { class: 'mono' }, s.join_code),
          h('td', null, statusPill(s.status)),
          h('td', null, s.current_day ? s.current_day + '/' + MAX_DAY : '–'),
          h('td', { class: 'num' }, String(s.players_count)));
      }))));
  });
}

export function newSessionForm() {
  const name = h('input', { type: 'text', id: 'new-session-name', testid: 'new-session-name', required: true, maxlength: '80', placeholder: 'Ex. : Garantie jeunes – groupe de mars' });
  const pack = h('select', { id: 'new-session-pack', testid: 'new-session-pack', required: true }, h('option', { value: '' }, 'Chargement…'));
  const start = h('input', { type: 'date', id: 'new-session-start', testid: 'new-session-start', required: true, value: nextMonday() });
  const teams = h('textarea', { id: 'new-session-teams', testid: 'new-session-teams', rows: '4', 'aria-describedby': 'new-session-teams-help' });
  teams.value = 'Équipe Aurore\nÉquipe Zénith';
  const choose = h('input', { type: 'checkbox', id: 'new-session-choose', testid: 'new-session-choose' });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'new-session-error' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'new-session-submit' }, 'Créer la session');
  const fieldErrors = {};
  function fieldError(key) { fieldErrors[key] = h('p', { class: 'field-error', hidden: true, id: 'new-session-' + key + '-error' }); return fieldErrors[key]; }

  const form = h('form', { class: 'new-session', novalidate: true, testid: 'new-session-form' },
    h('h2', { id: 'new-session-title' }, 'Nouvelle session'),
    h('div', { class: 'field' }, h('label', { for: 'new-session-name' }, 'Nom du groupe'), name, fieldError('name')),
    h('div', { class: 'field' }, h('label', { for: 'new-session-pack' }, 'Scénario'), pack, fieldError('pack')),
    h('div', { class: 'field' }, h('label', { for: 'new-session-start' }, 'Date du jour 1'), start, fieldError('start_date')),
    h('div', { class: 'field' }, h('label', { for: 'new-session-teams' }, 'Équipes (un nom par ligne)'), teams,
      h('p', { class: 'field-help', id: 'new-session-teams-help' }, 'De 1 à 6 équipes. Laissez vide pour deux équipes par défaut.'), fieldError('teams')),
    h('div', { class: 'field field-check' }, choose, h('label', { for: 'new-session-choose' }, 'Les jeunes choisissent leur équipe')),
    error,
    submit);

  c.api.get('/api/packs').then(function (packs) {
    c.state.packs = packs;
    clear(pack);
    if (!packs.length) pack.appendChild(h('option', { value: '' }, 'Aucun scénario installé'));
    packs.forEach(function (p) {
      pack.appendChild(h('option', { value: p.name }, p.title + ' — ' + p.organisation + (p.town ? ' (' + p.town + ')' : '')));
    });
  }).catch(function (e) { if (e.status !== 401) { clear(pack).appendChild(h('option', { value: '' }, 'Scénarios indisponibles')); error.textContent = e.message; } });

  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    Object.keys(fieldErrors).forEach(function (k) { fieldErrors[k].hidden = true; });
    const names = teams.value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
    const body = { name: name.value.trim(), pack: pack.value, start_date: start.value, players_choose_team: choose.checked };
    if (names.length) body.teams = names;
    let bad = false;
    if (!body.name) { showErr('name', 'Donnez un nom au groupe.'); bad = true; }
    if (!body.pack) { showErr('pack', 'Choisissez un scénario.'); bad = true; }
    if (!body.start_date) { showErr('start_date', 'Choisissez la date du jour 1.'); bad = true; }
    if (names.length > 6) { showErr('teams', 'Six équipes au maximum.'); bad = true; }
    if (bad) { const first = form.querySelector('.field-error:not([hidden])'); if (first) first.parentNode.querySelector('input,select,textarea').focus(); return; }
    submit.disabled = true;
    try {
      const s = await c.api.post('/api/sessions', body);
      c.announce('Session « ' + s.name + ' » créée.');
      location.hash = '#/session/' + s.id;
    } catch (e) {
      const f = e.fields || {};
      Object.keys(f).forEach(function (k) { if (fieldErrors[k]) showErr(k, [].concat(f[k]).join(' ')); });
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  function showErr(key, msg) { fieldErrors[key].textContent = msg; fieldErrors[key].hidden = false; }
  return form;
}
