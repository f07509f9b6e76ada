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
  const overview = h('div', { class: 'skills-summary', testid: 'skills-summary', 'data-ready': '0' });
  el.appendChild(overview);
  el.appendChild(h('h3', { class: 'skills-one' }, 'Un jeune en détail'));
  el.appendChild(picker);
  el.appendChild(detail);
  el.appendChild(bulk);
  let current = null;
  drawPicker();
  drawBulk();
  const summary = mountSummary(overview, ctx);

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
        summary.load();
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
      summary.load();
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
      summary.load();
    },
    summary: function () { summary.load(); }, // the view was opened: the group's state again
  };
}

// Where a young person stands on one skill, in words (the summary's stages).
function stageOf(s, consented) {
  if (s.awarded) return { key: 'awarded', text: 'badge délivré' };
  if (s.is_badge && s.suggested) return { key: 'ready', text: consented ? 'prêt pour le badge' : 'prêt pour le badge, sans accord du jeune' };
  if (s.items.length) return { key: 'started', text: 'en chemin (' + s.items.length + ' élément' + (s.items.length > 1 ? 's' : '') + ')' };
  return { key: 'none', text: 'pas encore d\u2019élément' };
}

const STAGES = [['awarded', 'Badge délivré'], ['ready', 'Prêt pour le badge'], ['started', 'En chemin'], ['none', 'Rien encore']];

// The group at a glance: per skill, how many young people reached each stage, and who,
// folded. data-ready: badges ready to issue (enough evidence, consent given), the count on
// the « Compétences » tab.
function mountSummary(el, ctx) {
  let seq = 0;
  async function load() {
    const mine = ++seq;
    const players = ctx.players();
    let all;
    try {
      all = await Promise.all(players.map(function (p) { return ctx.api.get('/api/sessions/' + ctx.sessionId + '/players/' + p.id + '/evidence'); }));
    } catch (e) {
      if (mine === seq) clear(el).appendChild(h('p', { class: 'msg msg-error' }, e.message));
      return;
    }
    if (mine !== seq) return; // a newer load is on its way
    draw(all);
  }
  function draw(all) {
    clear(el);
    el.appendChild(h('h3', null, 'Où en est le groupe'));
    if (!all.length) { el.appendChild(h('p', { class: 'muted' }, 'Pas encore de jeunes dans cette session.')); el.setAttribute('data-ready', '0'); return; }
    const skills = all[0].skills.map(function (s) { return { id: s.skill_id, name: s.name, level: s.level_name, is_badge: s.is_badge, rows: [] }; });
    let ready = 0;
    all.forEach(function (e) {
      e.skills.forEach(function (s) {
        const k = skills.find(function (x) { return x.id === s.skill_id; });
        if (!k) return;
        const st = stageOf(s, e.consent.consented);
        if (st.key === 'ready' && e.consent.consented) ready += 1;
        k.rows.push({ who: e.nickname, stage: st });
      });
    });
    el.setAttribute('data-ready', String(ready));
    el.appendChild(h('p', { class: 'muted', testid: 'skills-ready' }, ready
      ? ready + (ready > 1 ? ' badges prêts à délivrer' : ' badge prêt à délivrer') + ' (assez d\u2019éléments et accord du jeune).'
      : 'Aucun badge prêt à délivrer pour l\u2019instant.'));
    el.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table skills-overview', testid: 'skills-overview' },
      h('caption', { class: 'visually-hidden' }, 'Nombre de jeunes à chaque étape, par compétence'),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Compétence'),
        STAGES.map(function (st) { return h('th', { scope: 'col', class: 'num' }, st[1]); }),
        h('th', { scope: 'col' }, 'Qui'))),
      h('tbody', null, skills.map(function (k) {
        return h('tr', { testid: 'skill-summary-' + k.id },
          h('th', { scope: 'row' }, k.name, k.level ? h('span', { class: 'muted' }, ' · ' + k.level) : null),
          STAGES.map(function (st) {
            const n = k.rows.filter(function (r) { return r.stage.key === st[0]; }).length;
            return h('td', { class: 'num' + (n ? '' : ' muted'), testid: 'skill-stage-' + k.id + '-' + st[0] }, String(n));
          }),
          h('td', null, h('details', null, h('summary', null, 'Détail par jeune'),
            h('ul', { class: 'visits' }, k.rows.map(function (r) { return h('li', null, r.who + ' : ' + r.stage.text); })))));
      })))));
  }
  load();
  return { load: load };
}
