// Console, « Équipes » view: the teams' progress and presence, a hint to one team,
// the young people (change of team, disconnect) and a new team (moved out of console.js).
import { h, formatDateTime } from '/static/shared/dom.js';
import { c } from '/static/facilitator/ctx.js';

export function onlineIn(t) {
  if (!c.state.online) return null;
  return t.members.filter(function (m) { return c.state.online[m.id]; }).length;
}

export function onlineText(t) {
  const n = onlineIn(t);
  return n == null ? '–' : n + '/' + t.members.length + ' en ligne';
}

export function updatePresenceCells() {
  const d = c.state.detail;
  if (!d) return;
  d.teams.forEach(function (t) {
    const cell = document.querySelector('[data-testid="team-online-' + t.id + '"]');
    if (!cell) return;
    const n = onlineIn(t);
    cell.textContent = onlineText(t);
    cell.setAttribute('data-online', n == null ? '' : String(n));
    cell.className = 'online-cell' + (n ? ' is-on' : '');
  });
}

// ---- teams

export function drawTeams(el) {
  const d = c.state.detail;
  const teams = d.teams.slice().sort(function (a, b) { return a.rank - b.rank; });
  el.appendChild(h('h2', { id: 'teams-title' }, 'Équipes'));
  if (!teams.length) { el.appendChild(h('p', { class: 'muted' }, 'Aucune équipe.')); return; }
  el.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table', testid: 'teams-table' },
    h('caption', { class: 'visually-hidden' }, 'Progression des équipes'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col' }, 'Rang'), h('th', { scope: 'col' }, 'Équipe'), h('th', { scope: 'col', class: 'num' }, 'Éclats'),
      h('th', { scope: 'col' }, 'Aujourd\u2019hui'), h('th', { scope: 'col', class: 'num' }, 'Réussies'),
      h('th', { scope: 'col' }, 'Offres'), h('th', { scope: 'col' }, 'Membres'), h('th', { scope: 'col' }, 'En ligne'),
      h('th', { scope: 'col' }, 'Envoyer un indice / message'))),
    h('tbody', null, teams.map(function (t) {
      const pct = t.quests_today ? Math.round(100 * t.solved_today / t.quests_today) : 0;
      const opct = t.offers_total ? Math.round(100 * t.offers_unlocked / t.offers_total) : 0;
      return h('tr', { testid: 'team-row-' + t.id },
        h('td', { class: 'num rank' }, String(t.rank)),
        h('th', { scope: 'row' }, t.name),
        h('td', { class: 'num', testid: 'team-eclats-' + t.id }, '◆ ' + t.eclats),
        h('td', null, h('span', { class: 'mini' }, h('span', { class: 'mini-bar' }, h('span', { style: 'width:' + pct + '%' })), t.solved_today + '/' + t.quests_today)),
        h('td', { class: 'num' }, String(t.solved)),
        h('td', null, h('span', { class: 'mini' }, h('span', { class: 'mini-bar' }, h('span', { style: 'width:' + opct + '%' })), t.offers_unlocked + '/' + t.offers_total)),
        h('td', { class: 'members-cell' }, t.members.length ? t.members.map(function (m) { return m.nickname; }).join(', ') : h('span', { class: 'muted' }, 'personne')),
        h('td', { class: 'online-cell' + (onlineIn(t) ? ' is-on' : ''), testid: 'team-online-' + t.id, 'data-online': onlineIn(t) == null ? '' : String(onlineIn(t)) }, onlineText(t)),
        h('td', { class: 'message-cell' }, teamMessageForm(t)));
    })))));
  updatePresenceCells();
}

export function teamMessageForm(t) {
  const id = 'team-message-' + t.id;
  const input = h('input', { type: 'text', id: id, testid: id, maxlength: '500', value: c.state.drafts[t.id] || '', 'aria-label': 'Indice ou message pour ' + t.name, placeholder: 'Un indice, un mot…' });
  const submit = h('button', { type: 'submit', class: 'btn btn-secondary btn-small', testid: 'team-message-submit-' + t.id }, 'Envoyer');
  const status = h('span', { class: 'team-message-status', role: 'status', testid: 'team-message-status-' + t.id });
  input.addEventListener('input', function () { c.state.drafts[t.id] = input.value; });
  const form = h('form', { class: 'team-message', novalidate: true }, input, submit, status);
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    status.textContent = '';
    status.className = 'team-message-status';
    const value = input.value.trim();
    if (!value) { status.textContent = 'Écrivez le message.'; status.className += ' is-error'; input.focus(); return; }
    submit.disabled = true;
    try {
      await c.sendLive('team_message', { team_id: t.id, text: value });
      input.value = '';
      delete c.state.drafts[t.id];
      status.textContent = 'Envoyé ✓';
    } catch (e) {
      status.textContent = e.message;
      status.className += ' is-error';
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

// ---- players

export function drawPlayers(el) {
  const d = c.state.detail;
  el.appendChild(h('h2', { id: 'players-title' }, 'Jeunes (' + d.players.filter(function (p) { return !p.revoked; }).length + ')'));
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'players-error' });
  el.appendChild(error);
  if (!d.players.length) {
    el.appendChild(h('p', { class: 'muted' }, 'Personne n\u2019a encore rejoint. Affichez le code ou le QR code au groupe.'));
    return;
  }
  el.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table', testid: 'players-table' },
    h('caption', { class: 'visually-hidden' }, 'Jeunes de la session'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Pseudo'), h('th', { scope: 'col' }, 'Équipe'), h('th', { scope: 'col' }, 'Arrivée'), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
    h('tbody', null, d.players.map(function (p) {
      const sid = 'player-team-' + p.id;
      const select = h('select', { id: sid, testid: sid, 'aria-label': 'Équipe de ' + p.nickname, disabled: p.revoked },
        d.teams.map(function (t) { return h('option', { value: String(t.id), selected: t.id === p.team_id }, t.name); }));
      select.addEventListener('change', async function () {
        error.textContent = '';
        select.disabled = true;
        try {
          await c.api.patch('/api/sessions/' + d.id + '/players/' + p.id, { team_id: parseInt(select.value, 10) });
          c.announce(p.nickname + ' change d\u2019équipe.');
          select.disabled = false;
          select.blur();
          c.refreshSession();
        } catch (e) {
          error.textContent = e.message;
          select.value = String(p.team_id);
          select.disabled = false;
        }
      });
      let action;
      if (p.revoked) action = h('span', { class: 'muted', testid: 'player-revoked-' + p.id }, 'Hors de la partie');
      else if (c.state.confirmRevoke === p.id) {
        action = h('span', { class: 'confirm' },
          h('span', { class: 'confirm-q' }, 'Déconnecter ' + p.nickname + ' ?'), ' ',
          h('button', { type: 'button', class: 'btn btn-danger btn-small', testid: 'revoke-confirm-' + p.id, onclick: async function () {
            try {
              await c.api.post('/api/sessions/' + d.id + '/players/' + p.id + '/revoke');
              c.announce(p.nickname + ' n\u2019est plus dans la partie.');
              c.state.confirmRevoke = null;
              await c.refreshSession();
            } catch (e) { error.textContent = e.message; }
          } }, 'Oui, déconnecter'), ' ',
          h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'revoke-cancel-' + p.id, onclick: function () {
            c.state.confirmRevoke = null;
            c.drawSession();
            const b = document.querySelector('[data-testid="revoke-' + p.id + '"]');
            if (b) b.focus();
          } }, 'Annuler'));
      } else {
        action = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'revoke-' + p.id, onclick: function () {
          c.state.confirmRevoke = p.id;
          c.drawSession();
          const b = document.querySelector('[data-testid="revoke-confirm-' + p.id + '"]');
          if (b) b.focus();
        } }, 'Déconnecter');
      }
      return h('tr', { testid: 'player-row-' + p.id, class: p.revoked ? 'is-revoked' : null },
        h('th', { scope: 'row' }, p.nickname),
        h('td', null, select),
        h('td', null, formatDateTime(p.joined_at)),
        h('td', { class: 'actions' }, action));
    })))));
}

export function addTeamForm() {
  const name = h('input', { type: 'text', id: 'add-team-name', testid: 'add-team-name', required: true, maxlength: '40' });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'add-team-error' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: 'add-team-submit' }, 'Ajouter l\u2019équipe');
  const form = h('form', { novalidate: true, class: 'add-team' },
    h('h2', { id: 'add-team-title' }, 'Ajouter une équipe'),
    h('div', { class: 'field' }, h('label', { for: 'add-team-name' }, 'Nom de l\u2019équipe'), name),
    error,
    submit);
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    const n = name.value.trim();
    if (!n) { error.textContent = 'Donnez un nom à l\u2019équipe.'; name.focus(); return; }
    submit.disabled = true;
    try {
      const t = await c.api.post('/api/sessions/' + c.state.detail.id + '/teams', { name: n });
      name.value = '';
      c.announce('Équipe « ' + t.name + ' » ajoutée.');
      await c.refreshSession();
    } catch (e) {
      error.textContent = e.message;
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}
