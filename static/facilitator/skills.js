// Console: the skills incubator. Per young person, what the game and you observed,
// their own words, their agreement; then issue a badge (to one or several) or revoke it.
import { h, clear, formatDateTime } from '/static/shared/dom.js';

const KIND = { solved: 'mission', piece: 'cadenas', place: 'lieu', approved: 'réponse validée', observed: 'observation', reflection: 'ses mots', round: 'manche en direct' };

// « 3 éléments, 2 comptent pour le badge » : a badge counts only the kinds its skill lists
function evidenceSummary(s) {
  const total = s.items.length + ' élément' + (s.items.length > 1 ? 's' : '');
  if (!s.is_badge) return total;
  return total + ', ' + s.counted + ' compte' + (s.counted > 1 ? 'nt' : '') + ' pour le badge (il en faut ' + s.min_evidence + ')';
}

/**
 * mountSkills(el, ctx) → {playersChanged()}
 * ctx: api, sessionId, players() → [{id, nickname}], announce(text)
 */
export function mountSkills(el, ctx) {
  const picker = h('div', { class: 'skills-picker' });
  const detail = h('div', { testid: 'evidence' });
  const bulk = h('div', { class: 'skills-bulk' });
  el.appendChild(h('h2', { id: 'skills-title' }, 'Compétences et badges'));
  el.appendChild(h('p', { class: 'muted' }, 'Les badges (Open Badges 3.0, signés) ne vont qu\u2019aux jeunes qui ont donné leur accord dans l\u2019appli. Un recruteur peut les vérifier sur la page « Vérifier un badge » (/verifier).'));
  el.appendChild(picker);
  el.appendChild(detail);
  el.appendChild(bulk);
  let current = null;
  drawPicker();
  drawBulk();

  function drawPicker() {
    clear(picker);
    const players = ctx.players();
    if (!players.length) { picker.appendChild(h('p', { class: 'muted' }, 'Pas encore de jeunes dans cette session.')); return; }
    const select = h('select', { id: 'skills-player', testid: 'skills-player' },
      h('option', { value: '' }, 'Choisir un jeune…'),
      players.map(function (p) { return h('option', { value: String(p.id), selected: current === p.id }, p.nickname); }));
    select.addEventListener('change', function () { current = select.value ? Number(select.value) : null; show(); });
    picker.appendChild(h('label', { for: 'skills-player' }, 'Voir les compétences de'));
    picker.appendChild(select);
  }

  async function show() {
    clear(detail);
    if (!current) return;
    let e;
    try { e = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/players/' + current + '/evidence'); } catch (err) {
      detail.appendChild(h('p', { class: 'msg msg-error' }, err.message)); return;
    }
    detail.appendChild(h('p', { testid: 'evidence-consent' }, e.consent.consented
      ? 'A accepté de recevoir des badges' + (e.consent.with_email ? ' (avec une adresse e-mail).' : ' (sans e-mail).')
      : 'N\u2019a pas encore accepté de recevoir des badges : rien ne peut lui être délivré.'));
    if (e.reflections.some(function (r) { return r.answer; })) {
      detail.appendChild(h('h3', null, 'Ses mots'));
      detail.appendChild(h('ul', { class: 'visits' }, e.reflections.filter(function (r) { return r.answer; }).map(function (r) {
        return h('li', null, 'Jour ' + r.day + ' — ' + r.question + ' « ' + r.answer + ' »');
      })));
    }
    const rows = e.skills.map(function (s) {
      const items = s.items.length ? h('details', null, h('summary', { testid: 'evidence-summary-' + s.skill_id }, evidenceSummary(s)),
        h('ul', { class: 'visits' }, s.items.map(function (i) {
          const aside = s.is_badge && !i.counts ? ' (ne compte pas pour ce badge)' : '';
          return h('li', { class: aside ? 'muted' : null }, formatDateTime(i.at) + ' · ' + (KIND[i.kind] || i.kind) + ' · ' + i.label + aside);
        }))) : '—';
      let action = null;
      if (s.awarded) {
        action = revokeForm(s.awarded);
      } else if (s.is_badge) {
        action = h('button', { type: 'button', class: 'btn btn-small' + (s.suggested ? '' : ' btn-secondary'), testid: 'issue-' + s.skill_id,
          disabled: !e.consent.consented, onclick: function () { issue(s.skill_id, [e.player_id]); } }, 'Délivrer le badge');
      }
      return h('tr', { testid: 'skill-row-' + s.skill_id },
        h('th', { scope: 'row' }, s.name, h('br'), h('span', { class: 'muted' }, s.category + (s.suggested && !s.awarded ? ' · suggéré' : '')),
          s.level_name ? [h('br'), h('span', { class: 'muted', testid: 'skill-level-' + s.skill_id }, s.level_name)] : null),
        h('td', null, items),
        h('td', null, s.awarded ? h('a', { href: '/badges/' + s.awarded, target: '_blank', rel: 'noopener' }, 'Badge délivré') : (s.is_badge ? 'Pas encore' : 'Pas de badge')),
        h('td', null, action));
    });
    detail.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table', testid: 'skills-table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Compétence'), h('th', { scope: 'col' }, 'Preuves'), h('th', { scope: 'col' }, 'Badge'), h('th', { scope: 'col' }, 'Action'))),
      h('tbody', null, rows))));
    detail.appendChild(observeForm(e));
  }

  function revokeForm(publicId) {
    const reason = h('input', { type: 'text', maxlength: '300', 'aria-label': 'Raison du retrait', placeholder: 'Raison du retrait', testid: 'revoke-reason-' + publicId });
    const form = h('form', { class: 'btn-row', novalidate: true }, reason,
      h('button', { type: 'submit', class: 'btn btn-small btn-warn', testid: 'revoke-badge-' + publicId }, 'Retirer'));
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (!reason.value.trim()) { ctx.announce('Indiquez pourquoi ce badge est retiré.'); reason.focus(); return; }
      try {
        await ctx.api.post('/api/badges/' + encodeURIComponent(publicId) + '/revoke', { reason: reason.value });
        ctx.announce('Badge retiré. Les vérifications le montreront retiré.');
        show();
      } catch (e) { ctx.announce(e.message); }
    });
    return form;
  }

  function observeForm(e) {
    const skill = h('select', { id: 'observe-skill', testid: 'observe-skill' }, e.skills.map(function (s) { return h('option', { value: s.skill_id }, s.name); }));
    const text = h('input', { id: 'observe-text', type: 'text', maxlength: '1000', testid: 'observe-text' });
    const form = h('form', { class: 'stack', novalidate: true },
      h('h3', null, 'Ajouter une observation'),
      h('label', { for: 'observe-skill' }, 'Compétence'), skill,
      h('label', { for: 'observe-text' }, 'Ce que vous avez vu'), text,
      h('button', { type: 'submit', class: 'btn btn-secondary', testid: 'observe-submit' }, 'Ajouter'));
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (!text.value.trim()) { text.focus(); return; }
      try {
        await ctx.api.post('/api/sessions/' + ctx.sessionId + '/players/' + e.player_id + '/observations', { skill_id: skill.value, text: text.value });
        show();
      } catch (err) { ctx.announce(err.message); }
    });
    return form;
  }

  async function issue(skillId, playerIds) {
    try {
      const r = await ctx.api.post('/api/sessions/' + ctx.sessionId + '/badges', { skill_id: skillId, player_ids: playerIds });
      const said = [];
      if (r.issued.length) said.push(r.issued.length + ' badge' + (r.issued.length > 1 ? 's délivrés' : ' délivré'));
      r.skipped.forEach(function (s) { said.push(s.nickname + ' : ' + s.reason); });
      ctx.announce(said.join(' · '));
      const out = document.getElementById('skills-bulk-msg');
      if (out) out.textContent = said.join(' · ');
      show();
    } catch (e) { ctx.announce(e.message); }
  }

  async function drawBulk() {
    clear(bulk);
    const players = ctx.players();
    if (!players.length) return;
    let skills = [];
    try { skills = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/badge-skills'); } catch (e) { return; }
    const skill = h('select', { id: 'bulk-skill', testid: 'bulk-skill' },
      skills.map(function (s) { return h('option', { value: s.skill_id }, s.name + ' (' + s.category + (s.level ? ', niveau ' + s.level : '') + ')'); }));
    const boxes = players.map(function (p) {
      return h('label', { class: 'check' }, h('input', { type: 'checkbox', value: String(p.id), testid: 'bulk-player-' + p.id }), ' ' + p.nickname);
    });
    const form = h('form', { class: 'stack', novalidate: true },
      h('h3', null, 'Délivrer un badge à plusieurs jeunes'),
      h('label', { for: 'bulk-skill' }, 'Badge'), skill,
      h('fieldset', null, h('legend', null, 'Jeunes'), boxes),
      h('button', { type: 'submit', class: 'btn', testid: 'bulk-submit' }, 'Délivrer'),
      h('p', { id: 'skills-bulk-msg', class: 'form-msg', 'aria-live': 'polite', testid: 'bulk-msg' }));
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      const ids = boxes.map(function (b) { return b.querySelector('input'); }).filter(function (i) { return i.checked; }).map(function (i) { return Number(i.value); });
      if (!ids.length) { document.getElementById('skills-bulk-msg').textContent = 'Choisissez au moins un jeune.'; return; }
      issue(skill.value, ids);
    });
    bulk.appendChild(form);
  }

  let seen = ctx.players().map(function (p) { return p.id; }).join(',');
  return {
    // new players joined (or left): redraw the lists, not what is being read
    playersChanged: function () {
      const now = ctx.players().map(function (p) { return p.id; }).join(',');
      if (now === seen) return;
      seen = now;
      drawPicker();
      drawBulk();
    },
  };
}
