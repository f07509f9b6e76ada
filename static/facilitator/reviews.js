// Console, « Réponses » view: the answers and photos waiting for validation. Cards are
// kept across refreshes (what the facilitator typed in them survives a live redraw).
import { h, clear, formatDateTime } from '/static/shared/dom.js';
import { flagForm } from '/static/facilitator/safety.js';
import { c } from '/static/facilitator/ctx.js';

export function removeReviewCard(sid) {
  const node = c.state.reviewNodes[sid];
  if (node && node.parentNode) node.parentNode.removeChild(node);
  delete c.state.reviewNodes[sid];
  if (c.state.photoUrls[sid]) { URL.revokeObjectURL(c.state.photoUrls[sid]); delete c.state.photoUrls[sid]; }
}

export function reviewCard(s) {
  const cid = 'review-comment-' + s.id;
  const bid = 'review-bonus-' + s.id;
  const comment = h('textarea', { id: cid, testid: cid, rows: '2', placeholder: 'Un mot pour l\u2019équipe (facultatif)' });
  const bonus = h('input', { type: 'number', id: bid, testid: bid, min: '0', step: '1', value: '0', inputmode: 'numeric' });
  const error = h('div', { class: 'msg msg-error', role: 'alert' });
  const content = s.kind === 'photo'
    ? h('div', { class: 'review-photo', testid: 'review-photo-' + s.id }, h('p', { class: 'muted' }, 'Chargement de la photo…'))
    : h('blockquote', { class: 'review-text', testid: 'review-text-' + s.id }, s.text || '');
  async function send(verdict) {
    error.textContent = '';
    const n = parseInt(bonus.value, 10);
    if (isNaN(n) || n < 0) { error.textContent = 'Le bonus doit être un nombre positif ou nul.'; bonus.focus(); return; }
    buttons.forEach(function (b) { b.disabled = true; });
    try {
      await c.api.post('/api/submissions/' + s.id + '/review', { verdict: verdict, comment: comment.value.trim(), bonus: n });
      c.announce((verdict === 'approved' ? 'Réponse validée' : 'Réponse refusée') + ' pour ' + s.team_name + '.');
      const next = card.nextElementSibling || card.previousElementSibling;
      removeReviewCard(s.id);
      c.state.pending = c.state.pending.filter(function (x) { return x.id !== s.id; });
      const focusTarget = next && next.querySelector('textarea');
      if (focusTarget) focusTarget.focus();
      else {
        const title = document.getElementById('todo-title');
        title.setAttribute('tabindex', '-1');
        title.focus();
      }
      c.refreshSession();
    } catch (e) {
      error.textContent = e.message;
      buttons.forEach(function (b) { b.disabled = false; });
    }
  }
  const buttons = [
    h('button', { type: 'button', class: 'btn btn-ok', testid: 'review-approve-' + s.id, onclick: function () { send('approved'); } }, 'Valider'),
    h('button', { type: 'button', class: 'btn btn-danger', testid: 'review-reject-' + s.id, onclick: function () { send('rejected'); } }, 'Refuser'),
  ];
  const card = h('article', { class: 'review', testid: 'review-' + s.id, 'aria-labelledby': 'review-title-' + s.id },
    h('h3', { id: 'review-title-' + s.id }, s.quest_title),
    h('p', { class: 'review-meta' }, h('strong', null, s.team_name), ' · ', s.player_nickname, ' · ', formatDateTime(s.created_at)),
    content,
    h('div', { class: 'review-fields' },
      h('div', { class: 'field' }, h('label', { for: cid }, 'Commentaire'), comment),
      h('div', { class: 'field field-bonus' }, h('label', { for: bid }, 'Bonus d\u2019éclats'), bonus)),
    error,
    h('div', { class: 'btn-row' }, buttons),
    flagForm(s, { api: c.api, announce: c.announce }));
  if (s.kind === 'photo' && s.has_photo !== false) loadPhoto(s, content);
  return card;
}

export async function loadPhoto(s, holder) {
  try {
    const blob = await c.api.blob('/api/submissions/' + s.id + '/photo');
    if (!c.state.reviewNodes[s.id]) return; // reviewed meanwhile
    const url = URL.createObjectURL(blob);
    c.state.photoUrls[s.id] = url;
    clear(holder).appendChild(h('a', { href: url, target: '_blank', rel: 'noopener', title: 'Ouvrir la photo en grand' },
      h('img', { src: url, alt: 'Photo envoyée par ' + s.player_nickname + ' (' + s.team_name + ') pour « ' + s.quest_title + ' »' })));
  } catch (e) {
    clear(holder).appendChild(h('p', { class: 'msg msg-error' }, 'Photo indisponible : ' + e.message));
  }
}

export function releasePhotos() {
  Object.keys(c.state.photoUrls).forEach(function (k) { URL.revokeObjectURL(c.state.photoUrls[k]); });
  c.state.photoUrls = {};
}

// The cards of the answers waiting: new ones added, reviewed ones removed, the others
// left as they are (with what was typed in them).
export function drawReviews() {
  const pending = c.state.pending || [];
  const count = document.getElementById('todo-count');
  if (count) {
    count.textContent = String(pending.length);
    count.className = 'count' + (pending.length ? '' : ' is-zero');
    count.setAttribute('aria-label', pending.length + (pending.length > 1 ? ' réponses à valider' : ' réponse à valider'));
  }
  const box = document.getElementById('sec-reviews');
  if (!box) return;
  const ids = {};
  pending.forEach(function (s) { ids[s.id] = true; });
  Object.keys(c.state.reviewNodes).forEach(function (sid) {
    if (!ids[sid]) removeReviewCard(sid);
  });
  pending.forEach(function (s) {
    if (!c.state.reviewNodes[s.id]) {
      const card = reviewCard(s);
      c.state.reviewNodes[s.id] = card;
      box.appendChild(card);
    }
  });
  const none = box.querySelector('.reviews-empty');
  if (!pending.length && !none) box.appendChild(h('p', { class: 'reviews-empty muted', testid: 'reviews-empty' }, 'Aucune réponse à valider pour l\u2019instant.'));
  if (pending.length && none) none.remove();
}
