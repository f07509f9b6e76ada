// One quest screen: the scene, the kind-specific answer form, hints and the result.
import { h, clear, prefersReducedMotion } from '/static/shared/dom.js';
import { shardIcon, icon } from '/static/player/icons.js';
import { flipCards } from '/static/player/fx.js';
import { mountPlace } from '/static/player/place.js';
import { mountAppointment } from '/static/player/appointment.js';
import { explained } from '/static/player/glossary.js';
import { documentCards } from '/static/player/documents.js';
import { resultSlot, resetOthers, reveal, rehome, keepDraft, restoreDraft, markQuiz } from '/static/player/results.js';
import { speakButton } from '/static/player/speak.js';

const MAX_PHOTO_SIDE = 1600;

// What each quest kind is called: static/player/kinds.js (the mission list needs it
// without this module). The kind's screen itself is its entry in `screens` below.
import { kindLabel } from '/static/player/kinds.js';
export { KIND_LABELS, kindLabel } from '/static/player/kinds.js';

/**
 * mountQuest(container, quest, ctx) → {id, update(quest), lock(entered, total), queuedResult(item, reply, error),
 *                                      queueChanged(count), destroy()}
 * ctx: api, act(event, payload, meta) → reply | {queued, count} (socket, or the offline queue),
 *      queuedFor(questId, event) → queued actions, lockState(questId) → {entered, total}|null,
 *      company, avatar, backLink, announce, eclatsText,
 *      onEclats(total, fromEl), reload() → Promise<quest|null>, onPaused()
 */
export function mountQuest(container, quest, ctx) {
  let q = quest;
  let busy = false;
  let photoUrl = null;
  let lastResult = null; // AnswerResult shown right now, to avoid repeating its text
  let place = null; // the place block of a place mission (map, check-in)
  let appointment = null; // the booking block of the appointment mission

  const body = h('div', { class: 'quest-body', id: 'quest-body' });
  // an action's result shows under its control (results.js); `home`, under the form,
  // holds the result once the form is gone (the mission is won or closed)
  const home = h('div', { class: 'result', id: 'result', testid: 'result', 'aria-live': 'polite', 'data-base': 'result' });
  let result = home;
  const hintOut = resultSlot('hint'); // kept across redraws of the hints block
  const footer = h('div', { class: 'quest-footer' });
  const hints = h('div', { class: 'hints-holder' });

  // The screen of each quest kind, one entry each: `form` draws what the team plays while
  // the mission is open; `won` (optional) what stays on the screen once it is won.
  // A kind missing here is shown as "ask your facilitator".
  const screens = {
    riddle: { form: function () { return textForm(false); } },
    code_lock: { form: function () { return textForm(true); } },
    clue_lock: { form: clueForm },
    quiz: { form: quizForm },
    dialogue: { form: dialogueBlock },
    free_text: { form: freeTextForm },
    photo: { form: photoForm },
    place: { form: placeBlock },
    appointment: { form: appointmentBlock, won: appointmentBlock }, // the booking can still be moved
  };
  function screen() { return screens[q.kind] || { form: soonBlock }; }

  container.appendChild(ctx.backLink('#/missions', 'Missions'));
  container.appendChild(h('p', { class: 'quest-meta' },
    h('span', { class: 'chip' }, kindLabel(q.kind)),
    h('span', { class: 'quest-day' }, 'Jour ' + q.day),
    h('span', { class: 'qcard-reward' }, shardIcon(), ' ', q.reward ? '+' + q.reward : '0', h('span', { class: 'visually-hidden' }, ' éclats à gagner'))));
  container.appendChild(h('h1', { tabindex: '-1', class: 'screen-title', testid: 'quest-title' }, q.title));
  container.appendChild(scene(q, ctx));
  container.appendChild(body);
  container.appendChild(home);
  container.appendChild(footer);
  container.appendChild(hints);
  draw();
  restoreDraft(q.id, container); // the same screen drawn again: what was typed is back
  const waiting = q.status === 'available' ? ctx.queuedFor(q.id) : [];
  if (waiting.length) {
    at(slotFor(waiting[waiting.length - 1].event));
    showQueued(waiting.length);
  }

  // where the result of a queued action goes: under the control that sent it
  function slotFor(event) {
    if (event === 'hint') return hintOut;
    return body.querySelector(event === 'piece' ? '#piece-result' : '#answer-result');
  }

  // the next result shows in `slot` (under the control used), and only there
  function at(slot) {
    result = slot && slot.isConnected ? slot : home;
    resetOthers(container, result);
    return result;
  }

  function draw() {
    if (place) { place.destroy(); place = null; }
    appointment = null;
    clear(body);
    clear(footer);
    clear(hints);
    const kind = screen();
    if (q.status === 'available') body.appendChild(kind.form());
    else if (lastResult && lastResult.status === q.status && (q.status === 'solved' || q.status === 'failed')) {
      // the result card above says it all: just offer the way back
      footer.appendChild(h('a', { href: '#/missions', class: 'btn btn-block btn-big', testid: 'quest-continue' }, 'Retour aux missions'));
      if (kind.won) body.appendChild(kind.won());
    } else body.appendChild(statusPanel());
    if (kind.won && q.status === 'solved') body.appendChild(kind.won());
    const hb = hintsBlock();
    if (hb) hints.appendChild(hb);
    result = rehome(result, home); // a result shown under a form that is gone
  }

  // -------------------------------------------------- status panels

  function statusPanel() {
    if (q.status === 'solved') {
      return h('div', { class: 'panel panel-ok', testid: 'quest-solved' },
        h('p', { class: 'panel-title' }, h('span', { class: 'state-mark' }, icon('check')), ' Mission réussie'),
        q.success ? h('p', null, explained(q.success)) : null,
        offersLine(),
        h('a', { href: '#/missions', class: 'btn btn-block', testid: 'quest-continue' }, 'Retour aux missions'));
    }
    if (q.status === 'failed') {
      return h('div', { class: 'panel panel-ko', testid: 'quest-failed' },
        h('p', { class: 'panel-title' }, 'Plus d\u2019essais pour cette mission'),
        h('p', null, 'Pas grave : la suite de l\u2019aventure continue.'),
        offersLine(),
        h('a', { href: '#/missions', class: 'btn btn-block', testid: 'quest-continue' }, 'Retour aux missions'));
    }
    if (q.status === 'pending_review') {
      return h('div', { class: 'panel panel-wait', testid: 'quest-pending' },
        h('p', { class: 'panel-title' }, 'Réponse envoyée'),
        h('p', null, 'L\u2019équipe d\u2019animation va la regarder. Tu verras le résultat ici.'),
        h('a', { href: '#/missions', class: 'btn btn-secondary btn-block' }, 'Retour aux missions'));
    }
    return h('p', { class: 'msg msg-info' }, icon('lock'), ' ', q.locked_reason || 'Cette mission n\u2019est pas encore disponible.');
  }

  function offersLine() {
    if (!q.offers || !q.offers.length) return null;
    return h('p', null, h('strong', null, q.offers.length > 1 ? 'Offres découvertes : ' : 'Offre découverte : '), q.offers.join(', '), ' ', h('a', { href: '#/offres' }, 'Voir les offres'));
  }

  // -------------------------------------------------- forms per kind (see `screens`)

  function attemptsLine() {
    if (q.attempts_left == null) return null;
    return h('p', { class: 'attempts', testid: 'attempts-left' }, 'Essais restants : ', h('strong', null, String(q.attempts_left)));
  }

  function submitButton(label) {
    return h('button', { type: 'submit', class: 'btn btn-block btn-big', testid: 'answer-submit' }, label);
  }

  function questionText() {
    return q.question ? h('p', { class: 'question', testid: 'quest-question' }, explained(q.question)) : null;
  }

  function textForm(isCode) {
    // code_pieces (all the pieces this phone holds) when the server sends it, else code_piece
    const pieces = Array.isArray(q.code_pieces) && q.code_pieces.length ? q.code_pieces
      : (!q.code_piece ? [] : (Array.isArray(q.code_piece) ? q.code_piece : [q.code_piece]));
    const numeric = pieces.length > 0 && pieces.every(function (p) { return /^\d+$/.test(String(p.text)); });
    const input = h('input', {
      type: 'text', id: 'answer', testid: 'answer-input', autocomplete: 'off', autocapitalize: 'none',
      spellcheck: 'false', inputmode: numeric ? 'numeric' : null, required: true, 'aria-describedby': 'answer-result',
    });
    const out = resultSlot('answer');
    const f = h('form', { class: 'answer-form', novalidate: true },
      isCode ? null : questionText(),
      isCode ? h('h2', { class: 'lock-full-title', id: 'lock-full-title' }, 'Vous avez tout ? Tapez le code complet') : null,
      h('div', { class: 'field' },
        h('label', { for: 'answer' }, isCode ? 'Le code complet' : 'Ta réponse'),
        input),
      attemptsLine(),
      submitButton(isCode ? 'Ouvrir le cadenas' : 'Valider'),
      out);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      at(out);
      const value = input.value.trim();
      if (!value) { showError(isCode ? 'Tape le code complet avant de valider.' : 'Écris ta réponse avant de valider.'); input.focus(); return; }
      answer({ answer: value }, f, input);
    });
    if (!isCode) return f;
    return h('div', { class: 'lock' }, questionText(), codePieceBox(pieces), pieces.length ? pieceForm(pieces) : lockProgress(), f);
  }

  // A clue lock: this phone's documents, then one field for the code any member types.
  function clueForm() {
    const input = h('input', {
      type: 'text', id: 'answer', testid: 'answer-input', autocomplete: 'off', autocapitalize: 'none',
      spellcheck: 'false', required: true, 'aria-describedby': 'answer-result',
    });
    const out = resultSlot('answer');
    const f = h('form', { class: 'answer-form', novalidate: true },
      h('h2', { class: 'lock-full-title' }, 'Vous avez trouvé ? Tapez le code'),
      h('div', { class: 'field' }, h('label', { for: 'answer' }, 'Le code du cadenas'), input),
      attemptsLine(),
      submitButton('Ouvrir le cadenas'),
      out);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      at(out);
      const value = input.value.trim();
      if (!value) { showError('Tape le code avant de valider.'); input.focus(); return; }
      answer({ answer: value }, f, input);
    });
    return h('div', { class: 'lock clue-lock' }, questionText(), documentCards(q.documents), f);
  }

  // Each phone enters the piece it shows; the lock opens when the team's pieces are all in.
  function lockState() {
    const known = ctx.lockState(q.id);
    const pieces = q.code_pieces || [];
    let total = pieces[0] ? pieces[0].total : null;
    let entered = typeof q.lock_entered === 'number' ? q.lock_entered : null;
    if (known) {
      if (total == null) total = known.total;
      entered = Math.max(entered || 0, known.entered || 0); // pieces are never taken back
    }
    return { entered: entered || 0, total: total || 0 };
  }

  function lockProgress() {
    const st = lockState();
    const pct = st.total ? Math.round(100 * st.entered / st.total) : 0;
    return h('div', { class: 'lock-progress', testid: 'lock-progress', id: 'lock-progress', 'data-entered': String(st.entered), 'data-total': String(st.total) },
      h('p', { class: 'lock-progress-text', id: 'lock-progress-text' },
        h('strong', null, st.entered + '/' + st.total), st.entered > 1 ? ' morceaux entrés' : ' morceau entré'),
      h('div', { class: 'bar', role: 'progressbar', 'aria-labelledby': 'lock-progress-text', 'aria-valuemin': '0', 'aria-valuemax': String(st.total), 'aria-valuenow': String(st.entered) },
        h('span', { style: 'width:' + pct + '%' })));
  }

  function pieceForm(pieces) {
    const input = h('input', {
      type: 'text', id: 'piece', testid: 'piece-input', autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false',
      inputmode: pieces.every(function (p) { return /^\d+$/.test(String(p.text)); }) ? 'numeric' : null, required: true,
      'aria-describedby': 'piece-help piece-result',
    });
    const out = resultSlot('piece');
    const f = h('form', { class: 'answer-form piece-form', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: 'piece' }, pieces.length > 1 ? 'Entre un de tes morceaux' : 'Entre ton morceau'),
        input,
        h('p', { class: 'field-help', id: 'piece-help' }, 'Chaque membre de l\u2019équipe entre le morceau affiché sur son téléphone. Quand tous les morceaux sont entrés, le cadenas s\u2019ouvre.')),
      lockProgress(),
      h('button', { type: 'submit', class: 'btn btn-block btn-big', testid: 'piece-submit' }, 'Entrer mon morceau'),
      out);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      at(out);
      const value = input.value.trim();
      if (!value) { showError('Tape le morceau affiché sur ton téléphone.'); input.focus(); return; }
      sendPiece(value, f, input);
    });
    return f;
  }

  async function sendPiece(value, el, input) {
    if (busy) return;
    busy = true;
    setBusy(el, true);
    let r;
    try {
      r = await ctx.act('piece', { quest_id: q.id, value: value }, { title: q.title });
    } catch (e) {
      busy = false;
      setBusy(el, false);
      handleError(e);
      if (input) { shake(input); input.select(); }
      return;
    }
    busy = false;
    setBusy(el, false);
    if (r.queued) { showQueued(r.count); return; }
    if (input) input.value = '';
    await pieceDone(r);
  }

  async function pieceDone(r) {
    if (typeof r.entered === 'number') {
      q = Object.assign({}, q, { lock_entered: r.entered });
      setLock();
    }
    if (r.opened) {
      // the team's last piece: the lock opens like a right answer
      const res = { correct: true, status: 'solved', message: r.message || 'Le cadenas s\u2019ouvre !', reward: q.reward, eclats: r.eclats, offers_unlocked: r.offers_unlocked || [] };
      lastResult = res;
      showResult(res);
      busy = true;
      const fresh = await ctx.reload();
      busy = false;
      q = fresh || Object.assign({}, q, { status: 'solved' });
      draw();
      return;
    }
    clear(result);
    result.className = 'result result-ok';
    result.appendChild(h('p', { class: 'result-message', testid: 'result-message', 'data-correct': 'true' },
      r.message || 'Morceau entré : ' + r.entered + '/' + r.total + '.'));
    reveal(result);
  }

  function setLock() {
    const el = container.querySelector('[data-testid="lock-progress"]');
    if (!el) return;
    const fresh = lockProgress();
    if (el.getAttribute('data-entered') === fresh.getAttribute('data-entered') && el.getAttribute('data-total') === fresh.getAttribute('data-total')) return;
    el.parentNode.replaceChild(fresh, el);
  }

  function codePieceBox(pieces) {
    if (!pieces.length) {
      return h('div', { class: 'code-piece', testid: 'code-piece' },
        h('p', null, 'Tu n\u2019as pas de morceau du code : les autres de ton équipe les ont. Demande-leur !'));
    }
    const total = pieces[0].total;
    const all = pieces.length >= total;
    return h('div', { class: 'code-piece', testid: 'code-piece' },
      pieces.length === 1
        ? h('p', { class: 'code-piece-line' }, 'Ton morceau : ',
          h('strong', { class: 'code-piece-text' }, String(pieces[0].text)),
          ' (n°' + pieces[0].index + ' sur ' + total + ')')
        : [h('p', { class: 'code-piece-line' }, 'Tes morceaux :'),
          h('ul', { class: 'code-piece-list' }, pieces.map(function (p) {
            return h('li', null, h('strong', { class: 'code-piece-text' }, String(p.text)), ' (n°' + p.index + ' sur ' + p.total + ')');
          }))],
      h('p', { class: 'code-piece-help' }, all
        ? 'Tu as tous les morceaux : entre-les un par un, ou tape directement le code complet (n°1, n°2…).'
        : 'Chaque membre de l\u2019équipe a un morceau différent : chacun entre le sien sur son téléphone.'));
  }

  function quizForm() {
    const qs = q.questions || [];
    const f = h('form', { class: 'answer-form quiz', novalidate: true },
      qs.map(function (item, i) {
        return h('fieldset', { class: 'quiz-q', id: 'quiz-q' + i, testid: 'quiz-q' + i },
          h('legend', null, h('span', { class: 'quiz-n' }, 'Question ' + (i + 1) + '/' + qs.length), ' ', explained(item.question)),
          item.choices.map(function (c, j) { // shown in this player's order, answered by the pack's index
            const pick = item.ids ? item.ids[j] : j;
            const id = 'q' + i + 'c' + pick;
            return h('div', { class: 'choice' },
              h('input', { type: 'radio', name: 'q' + i, id: id, value: String(pick), testid: 'quiz-q' + i + '-c' + pick }),
              h('label', { for: id }, c));
          }));
      }),
      attemptsLine(),
      submitButton('Valider mes réponses'),
      resultSlot('answer'));
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      at(f.querySelector('#answer-result'));
      const choices = [];
      let missing = -1;
      qs.forEach(function (item, i) {
        const checked = f.querySelector('input[name="q' + i + '"]:checked');
        if (!checked && missing < 0) missing = i;
        choices.push(checked ? parseInt(checked.value, 10) : null);
      });
      if (missing >= 0) {
        const left = choices.filter(function (c) { return c === null; }).length;
        markQuiz(f, choices.map(function (c, i) { return c === null ? i + 1 : 0; }).filter(Boolean), 'pas de réponse');
        showError(left > 1 ? 'Réponds à toutes les questions : il en manque ' + left + '.' : 'Réponds à toutes les questions : il en manque une.');
        const first = f.querySelector('input[name="q' + missing + '"]');
        if (first) first.focus();
        return;
      }
      answer({ choices: choices }, f, null);
    });
    return f;
  }

  function dialogueBlock() {
    const chat = h('ol', { class: 'chat', testid: 'dialogue-lines' }, (q.lines || []).map(function (line) {
      return bubble(line.speaker, line.text);
    }));
    const choices = h('div', { class: 'dialogue-choices', role: 'group', 'aria-labelledby': 'dialogue-ask' },
      h('h2', { id: 'dialogue-ask', class: 'dialogue-ask' }, 'Que réponds-tu ?'),
      (q.choices || []).map(function (text, j) { // shown in this player's order, answered by the pack's index
        const i = q.choice_ids ? q.choice_ids[j] : j;
        return h('button', { type: 'button', class: 'choice-btn', testid: 'dialogue-choice-' + i, onclick: function () {
          chat.appendChild(h('li', { class: 'bubble bubble-me' }, h('span', { class: 'bubble-who' }, 'Toi'), h('span', { class: 'bubble-text' }, text)));
          at(out);
          answer({ choice: i }, choices, null);
        } }, text);
      }),
      attemptsLine());
    const out = resultSlot('answer');
    return h('div', { class: 'dialogue' }, chat, choices, out);
  }

  function bubble(speaker, text, testid) {
    return h('li', { class: 'bubble', testid: testid || null },
      ctx.avatar(speaker),
      h('span', { class: 'bubble-body' },
        h('span', { class: 'bubble-who' }, speaker.name),
        h('span', { class: 'bubble-text' }, explained(text))));
  }

  function previousReview() {
    if (!q.submission || q.submission.status !== 'rejected') return null;
    return h('div', { class: 'msg msg-warn', testid: 'submission-rejected' },
      h('strong', null, 'Ta réponse précédente n\u2019a pas été validée.'),
      q.submission.comment ? h('span', null, ' Le mot de l\u2019équipe d\u2019animation : « ' + q.submission.comment + ' »') : null,
      ' Tu peux réessayer.');
  }

  function freeTextForm() {
    const area = h('textarea', { id: 'answer', testid: 'answer-input', rows: '6', required: true });
    const f = h('form', { class: 'answer-form', novalidate: true },
      questionText(),
      previousReview(),
      h('div', { class: 'field' },
        h('label', { for: 'answer' }, 'Ta réponse'),
        area,
        h('p', { class: 'field-help' }, 'Une personne de l\u2019équipe d\u2019animation la lira.')),
      submitButton('Envoyer ma réponse'),
      resultSlot('answer'));
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      at(f.querySelector('#answer-result'));
      const text = area.value.trim();
      if (!text) { showError('Écris ta réponse avant de l\u2019envoyer.'); area.focus(); return; }
      submit(function () { return ctx.api.post('/api/me/quests/' + encodeURIComponent(q.id) + '/submission', { text: text }); }, f);
    });
    return f;
  }

  function photoForm() {
    const input = h('input', { type: 'file', id: 'answer', testid: 'answer-input', accept: 'image/*', capture: 'environment', class: 'file-input' });
    const preview = h('div', { class: 'photo-preview', testid: 'photo-preview' });
    input.addEventListener('change', function () {
      clear(preview);
      if (photoUrl) { URL.revokeObjectURL(photoUrl); photoUrl = null; }
      const file = input.files && input.files[0];
      if (!file) return;
      photoUrl = URL.createObjectURL(file);
      preview.appendChild(h('img', { src: photoUrl, alt: 'Aperçu de ta photo' }));
    });
    const f = h('form', { class: 'answer-form', novalidate: true },
      questionText(),
      previousReview(),
      h('div', { class: 'field' },
        h('label', { for: 'answer', class: 'file-label' }, 'Prendre ou choisir une photo'),
        input,
        h('p', { class: 'field-help' }, 'Une personne de l\u2019équipe d\u2019animation la regardera. Évite de montrer le visage de quelqu\u2019un sans son accord.')),
      preview,
      submitButton('Envoyer la photo'),
      resultSlot('answer'));
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      at(f.querySelector('#answer-result'));
      const file = input.files && input.files[0];
      if (!file) { showError('Choisis d\u2019abord une photo.'); input.focus(); return; }
      submit(async function () {
        const blob = await shrinkPhoto(file);
        const data = new FormData();
        data.append('photo', blob, blob === file ? (file.name || 'photo.jpg') : 'photo.jpg');
        return ctx.api.postForm('/api/me/quests/' + encodeURIComponent(q.id) + '/submission', data);
      }, f);
    });
    return f;
  }

  function placeBlock() {
    place = mountPlace(q, ctx, function (r) {
      if (!r.solved) return; // the place block says what to do next
      at(home); // the place block goes once the place is found
      answered({
        correct: true,
        status: 'solved',
        message: r.message,
        reward: q.reward,
        eclats: r.eclats,
        offers_unlocked: r.offers_unlocked,
        attempts_left: null,
      }, null, null);
    });
    return place.el;
  }

  function appointmentBlock() {
    const block = mountAppointment(q, ctx, async function () {
      const fresh = await ctx.reload();
      if (fresh && fresh.status !== q.status) { q = fresh; draw(); }
    });
    appointment = block;
    return block.el;
  }

  function soonBlock() {
    return h('div', { class: 'panel panel-soon', testid: 'quest-soon' },
      questionText(),
      h('p', { class: 'panel-title' }, 'Bientôt disponible'),
      h('p', null, 'Demande à ton animateur ou ton animatrice.'));
  }

  // -------------------------------------------------- hints

  function hintsBlock() {
    const revealed = q.hints || [];
    const canAsk = q.status === 'available' && q.next_hint_cost != null;
    if (!revealed.length && !(q.status === 'available' && q.hints_total)) return null;
    const actions = h('div', { class: 'hint-actions' });
    function askButton() {
      clear(actions);
      const cost = q.next_hint_cost;
      actions.appendChild(h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'hint-button', onclick: function () {
        if (!cost) { takeHint(); return; }
        clear(actions);
        actions.appendChild(h('p', { class: 'hint-confirm-text', id: 'hint-confirm-text' }, 'Cet indice coûte ', shardIcon(), ' ', ctx.eclatsText(cost), ' à ton équipe. On y va ?'));
        const yes = h('button', { type: 'button', class: 'btn', testid: 'hint-confirm', onclick: takeHint }, 'Oui, voir l\u2019indice');
        actions.appendChild(h('div', { class: 'btn-row' }, yes,
          h('button', { type: 'button', class: 'btn btn-secondary', testid: 'hint-cancel', onclick: askButton }, 'Non merci')));
        yes.focus();
      } }, cost ? ['Voir un indice (', shardIcon(), ' −' + ctx.eclatsText(cost) + ')'] : 'Voir un indice (gratuit)'));
    }
    async function takeHint() {
      if (busy) return;
      busy = true;
      try {
        const res = await ctx.act('hint', { quest_id: q.id }, { title: q.title });
        if (res.queued) {
          busy = false;
          at(hintOut);
          clear(actions);
          actions.appendChild(h('p', { class: 'msg msg-info', role: 'status', testid: 'hint-queued' }, 'Indice demandé : il arrivera dès que le réseau revient.'));
          return;
        }
        await hintDone(res);
      } catch (e) {
        busy = false;
        if (canAsk) askButton();
        at(hintOut);
        handleError(e); // refused (not enough éclats: what to do), under the button
        const again = actions.querySelector('[data-testid="hint-button"]');
        if (again) again.focus({ preventScroll: true });
      }
    }
    if (canAsk) askButton();
    return h('section', { class: 'hints', 'aria-labelledby': 'hints-title', testid: 'hints' },
      h('h2', { id: 'hints-title' }, 'Indices ', h('span', { class: 'muted' }, '(' + revealed.length + '/' + (q.hints_total || revealed.length) + ')')),
      revealed.length ? h('ol', { class: 'hint-list', testid: 'hint-list' }, revealed.map(function (hint) { return h('li', null, explained(hint.text)); })) : null,
      actions,
      hintOut);
  }

  async function hintDone(res) {
    if (result === hintOut) at(null); // an old refusal is out of date
    ctx.onEclats(res.eclats, null);
    ctx.announce('Indice : ' + res.hint.text);
    busy = true;
    const fresh = await ctx.reload();
    busy = false;
    if (fresh) q = fresh;
    else q = Object.assign({}, q, { hints: (q.hints || []).concat([res.hint]) });
    redrawHints();
    const last = hints.querySelector('.hint-list li:last-child');
    if (last) { last.setAttribute('tabindex', '-1'); last.focus(); }
  }

  function redrawHints() {
    // a teammate's hint redraws the block: the focused button keeps the focus
    const active = document.activeElement;
    const was = active && hints.contains(active) ? active.getAttribute('data-testid') : null;
    clear(hints);
    const hb = hintsBlock();
    if (hb) hints.appendChild(hb);
    const again = was && hints.querySelector('[data-testid="' + was + '"]');
    if (again) again.focus({ preventScroll: true });
  }

  // -------------------------------------------------- sending

  function setBusy(el, on) {
    const btns = el ? el.querySelectorAll('button') : [];
    for (let i = 0; i < btns.length; i++) btns[i].disabled = on;
    const sb = el && el.querySelector('[data-testid="answer-submit"]');
    if (sb) {
      if (on) { sb.setAttribute('data-label', sb.textContent); sb.textContent = 'Envoi…'; }
      else if (sb.getAttribute('data-label')) sb.textContent = sb.getAttribute('data-label');
    }
  }

  async function answer(payload, el, input) {
    if (busy) return;
    busy = true;
    setBusy(el, true);
    let r;
    try {
      r = await ctx.act('answer', Object.assign({ quest_id: q.id }, payload), { title: q.title });
    } catch (e) {
      busy = false;
      setBusy(el, false);
      handleError(e);
      return;
    }
    if (r.queued) {
      busy = false;
      setBusy(el, false);
      showQueued(r.count);
      return;
    }
    await answered(r, el, input);
  }

  async function answered(r, el, input) {
    busy = true;
    lastResult = r;
    showResult(r);
    const fresh = await ctx.reload();
    busy = false;
    if (fresh) q = fresh;
    else q = Object.assign({}, q, { status: r.status, attempts_left: r.attempts_left });
    if (q.status === 'available' && el && el.isConnected) {
      setBusy(el, false);
      // keep the form (and what was typed) so a wrong answer can be fixed
      updateAttempts();
      if (el.classList.contains('quiz')) markQuiz(el, r.wrong_questions);
      if (input) { shake(input); input.select(); }
      redrawHints();
    } else {
      draw();
      if (!document.activeElement || document.activeElement === document.body) {
        result.setAttribute('tabindex', '-1');
        result.focus();
      }
    }
  }

  // Offline: the action waits in the queue (docs/REALTIME.md) and the result comes later.
  function showQueued(count) {
    clear(result);
    result.className = 'result result-wait';
    result.appendChild(h('p', { class: 'result-message', testid: 'queued-notice' }, 'Envoyé dès que le réseau revient.'));
    result.appendChild(h('p', { class: 'queued-count', testid: 'queued-count' }, queuedText(count)));
    reveal(result);
    ctx.announce('Pas de réseau : ton action est gardée et partira dès que le réseau revient.');
  }

  function queuedText(n) {
    return n > 1 ? n + ' actions en attente sur ce téléphone.' : '1 action en attente sur ce téléphone.';
  }

  function updateAttempts() {
    const al = container.querySelector('[data-testid="attempts-left"] strong');
    if (al && q.attempts_left != null) al.textContent = String(q.attempts_left);
  }

  async function submit(send, el) {
    if (busy) return;
    busy = true;
    setBusy(el, true);
    try {
      const sub = await send();
      clear(result);
      result.className = 'result result-ok';
      result.appendChild(h('p', { class: 'result-message', testid: 'result-message' },
        sub && sub.status === 'approved' ? 'Réponse validée !' : 'C\u2019est envoyé ! L\u2019équipe d\u2019animation va regarder ta réponse.'));
      const fresh = await ctx.reload();
      q = fresh || Object.assign({}, q, { status: 'pending_review', submission: { status: 'pending', comment: '' } });
      busy = false;
      draw();
    } catch (e) {
      busy = false;
      setBusy(el, false);
      if (e.status === 0) {
        showError('Pas de réseau : ta réponse n\u2019est pas partie. Elle reste ici ; réessaie dès que la connexion revient.');
        return;
      }
      handleError(e);
    }
  }

  function showResult(r) {
    clear(result);
    result.className = 'result ' + (r.correct ? 'result-ok' : 'result-ko');
    const parts = [];
    if (r.reply) {
      const who = q.character || { id: 'company', name: ctx.company || 'Réponse' };
      parts.push(h('ol', { class: 'chat' }, bubble(who, r.reply, 'dialogue-reply')));
    }
    parts.push(h('p', { class: 'result-message', testid: 'result-message', 'data-correct': r.correct ? 'true' : 'false' }, r.message));
    let rewardEl = null;
    if (r.correct && r.reward) {
      rewardEl = h('p', { class: 'reward', testid: 'result-reward' }, h('span', { class: 'reward-n' }, '+' + r.reward), ' ', shardIcon(), h('span', { class: 'reward-l' }, r.reward > 1 ? ' éclats d\u2019avenir' : ' éclat d\u2019avenir'));
      parts.push(rewardEl);
    }
    if (!r.correct && r.attempts_left != null && r.status === 'available') {
      parts.push(h('p', { class: 'result-attempts' }, r.attempts_left > 1 ? 'Encore ' + r.attempts_left + ' essais.' : (r.attempts_left === 1 ? 'Dernier essai !' : '')));
    }
    const cards = [];
    if (r.offers_unlocked && r.offers_unlocked.length) {
      parts.push(h('h2', { class: 'unlock-title' }, r.offers_unlocked.length > 1 ? 'Offres débloquées !' : 'Offre débloquée !'));
      const list = h('ul', { class: 'unlock-list', testid: 'result-offers' });
      r.offers_unlocked.forEach(function (o) {
        const card = h('li', { class: 'flip-card', testid: 'unlocked-offer-' + o.id },
          h('div', { class: 'flip-inner' },
            h('div', { class: 'flip-front', 'aria-hidden': 'true' }, shardIcon(), h('span', null, 'Nouvelle offre')),
            h('div', { class: 'flip-back' },
              h('p', { class: 'flip-title' }, o.title),
              h('p', { class: 'flip-brings' }, o.brings),
              h('a', { href: '#/offre/' + encodeURIComponent(o.id) }, 'Voir l\u2019offre'))));
        cards.push(card);
        list.appendChild(card);
      });
      parts.push(list);
    }
    parts.forEach(function (p) { result.appendChild(p); });
    if (r.correct) result.classList.add('pop');
    if (cards.length) flipCards(cards);
    ctx.onEclats(r.eclats, rewardEl);
    reveal(result);
  }

  function showError(message) {
    clear(result);
    result.className = 'result result-ko';
    result.appendChild(h('p', { class: 'result-message', testid: 'result-message', 'data-correct': 'false', role: 'alert' }, message));
    reveal(result);
  }

  function handleError(e) {
    if (e.status === 401) return;
    showError(e.message);
    const code = e.body && e.body.error;
    if (e.status === 409 && (code === 'session_paused' || /pause/i.test(e.message || ''))) ctx.onPaused();
  }

  function shake(el) {
    if (prefersReducedMotion()) return;
    el.classList.remove('shake');
    void el.offsetWidth;
    el.classList.add('shake');
  }

  return {
    id: q.id,
    // fresh data from the server (a teammate played): redraw only what changed, keep what is typed
    update: function (fresh) {
      if (busy || !fresh) return;
      const old = q;
      const statusChanged = fresh.status !== q.status;
      q = fresh;
      if (statusChanged) {
        // the old result talks about a state that is gone
        lastResult = null;
        at(null);
        resetOthers(container, null);
        draw();
        if (q.status === 'solved') ctx.announce('Ton équipe a réussi cette mission !');
        return;
      }
      if (old.attempts_left !== q.attempts_left) updateAttempts();
      if (place) place.refresh(); // a teammate may have checked in
      if (appointment) appointment.refresh(true); // or booked
      if ((old.hints || []).length !== (q.hints || []).length || old.next_hint_cost !== q.next_hint_cost) redrawHints();
      setLock();
    },
    lock: function () { if (!busy) setLock(); },
    queueChanged: function (count) {
      const el = result.querySelector('[data-testid="queued-count"]');
      if (el && count) el.textContent = queuedText(count);
    },
    // a queued action of this screen got its answer after reconnecting
    queuedResult: async function (item, reply, error) {
      // under the control of the action that waited in the queue
      at(slotFor(item.event));
      if (error) { showError(error.message); return; }
      if (item.event === 'answer') {
        const el = body.querySelector('form, .dialogue-choices');
        const input = body.querySelector('[data-testid="answer-input"]');
        await answered(reply, el, input && input.type === 'text' ? input : null);
      } else if (item.event === 'hint') {
        await hintDone(reply);
      } else if (item.event === 'piece') {
        await pieceDone(reply);
      }
    },
    destroy: function () {
      keepDraft(q.id, container); // a redraw (live event, pause) gives it back
      if (place) place.destroy();
      if (photoUrl) URL.revokeObjectURL(photoUrl);
    },
  };
}

function scene(q, ctx) {
  const who = q.character || { id: 'company', name: ctx.company || 'Transmission', role: 'Message de l\u2019entreprise' };
  return h('div', { class: 'scene', testid: 'quest-story' },
    h('div', { class: 'scene-who' }, ctx.avatar(who),
      h('p', null, h('strong', null, who.name), who.role ? h('span', { class: 'muted' }, ' · ' + who.role) : null)),
    h('p', { class: 'scene-text' }, explained(q.story)),
    // « Lire à voix haute » (issue 15, point 8): who speaks, then the text
    speakButton(function () { return who.name + '. ' + q.story; }, { testid: 'speak-quest' }));
}

async function shrinkPhoto(file) {
  // Phone cameras make 3–8 MB pictures: send ~300 KB instead on weak data.
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || file.size < 500 * 1024) return file;
  const url = URL.createObjectURL(file);
  try {
    const img = await new Promise(function (resolve, reject) {
      const i = new Image();
      i.onload = function () { resolve(i); };
      i.onerror = reject;
      i.src = url;
    });
    const scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(img.naturalWidth * scale);
    canvas.height = Math.round(img.naturalHeight * scale);
    canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
    const blob = await new Promise(function (resolve) { canvas.toBlob(resolve, 'image/jpeg', 0.82); });
    return blob && blob.size < file.size ? blob : file;
  } catch (e) {
    return file;
  } finally {
    URL.revokeObjectURL(url);
  }
}
