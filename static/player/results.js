// Results under the thumb (issue 15): the outcome of an action shows right under the
// control that was used, in that control's own live region, and is scrolled into view;
// only one result shows at a time on a screen. What the young person typed survives a
// redraw of the screen (a live team event, a pause): values, ticked choices and focus.
import { h, clear, prefersReducedMotion } from '/static/shared/dom.js';

/** An empty live region for the result of one control (placed right after it). */
export function resultSlot(name) {
  return h('div', {
    class: 'result result-slot', id: name + '-result', testid: name + '-result',
    'aria-live': 'polite', 'data-base': 'result result-slot',
  });
}

/** Empty a result region (its text and its colour). */
export function resetResult(el) {
  clear(el);
  el.className = el.getAttribute('data-base') || 'result';
  el.removeAttribute('tabindex');
}

/** Empty every result region of `root` but `keep`: one result at a time. */
export function resetOthers(root, keep) {
  const all = root.querySelectorAll('.result');
  for (let i = 0; i < all.length; i++) if (all[i] !== keep) resetResult(all[i]);
}

/** Bring a result into view (at once when the phone asks for less motion). */
export function reveal(el) {
  if (!el || !el.isConnected || !el.scrollIntoView) return;
  try {
    el.scrollIntoView({ behavior: prefersReducedMotion() ? 'auto' : 'smooth', block: 'nearest' });
  } catch (e) {
    el.scrollIntoView(false);
  }
}

/**
 * Move a result that was shown under a control the screen no longer has (the mission
 * is won, the form is gone) into `home`, where the form was, without announcing it twice.
 */
export function rehome(from, home) {
  if (from === home || from.isConnected) return from;
  if (!from.firstChild) return home;
  resetResult(home);
  home.setAttribute('aria-live', 'off'); // already read out from its first place
  home.className = from.className.replace('result-slot', '').trim();
  while (from.firstChild) home.appendChild(from.firstChild);
  setTimeout(function () { home.setAttribute('aria-live', 'polite'); }, 600);
  return home;
}

// ------------------------------------------------------------------ drafts

const drafts = new Map(); // quest id → what was typed when its screen was taken down

/** Remember what is typed, ticked and focused in `root` (the screen is about to go). */
export function keepDraft(key, root) {
  const values = {};
  const checked = [];
  const fields = root.querySelectorAll('input, textarea');
  for (let i = 0; i < fields.length; i++) {
    const el = fields[i];
    if (!el.id || el.type === 'file') continue;
    if (el.type === 'radio' || el.type === 'checkbox') { if (el.checked) checked.push(el.id); } else if (el.value) values[el.id] = el.value;
  }
  const active = document.activeElement;
  const focus = active && active !== document.body && root.contains(active) && active.id ? active.id : null;
  let selection = null;
  try {
    if (focus && typeof active.selectionStart === 'number') selection = [active.selectionStart, active.selectionEnd];
  } catch (e) { /* radios have no selection */ }
  if (!Object.keys(values).length && !checked.length && !focus) { drafts.delete(key); return; }
  drafts.set(key, { values: values, checked: checked, focus: focus, selection: selection, at: Date.now() });
}

/** Put back what was typed in the same screen drawn again; focus only right after a redraw. */
export function restoreDraft(key, root) {
  const d = drafts.get(key);
  if (!d) return;
  drafts.delete(key);
  function byId(id) {
    const all = root.querySelectorAll('[id]');
    for (let i = 0; i < all.length; i++) if (all[i].id === id) return all[i];
    return null;
  }
  Object.keys(d.values).forEach(function (id) {
    const el = byId(id);
    if (el && !el.value) el.value = d.values[id];
  });
  d.checked.forEach(function (id) {
    const el = byId(id);
    if (el) el.checked = true;
  });
  if (!d.focus || Date.now() - d.at > 3000) return;
  const el = byId(d.focus);
  if (!el) return;
  el.focus({ preventScroll: true });
  if (d.selection && el.setSelectionRange) {
    try { el.setSelectionRange(d.selection[0], d.selection[1]); } catch (e) { /* not a text field */ }
  }
}

/** « Question 2 : pas encore » next to each wrong question of a quiz (never the answer);
 *  `what` says something else (« pas de réponse » for a question left blank). */
export function markQuiz(form, wrong, what) {
  const old = form.querySelectorAll('.quiz-mark');
  for (let i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
  const sets = form.querySelectorAll('fieldset.quiz-q');
  for (let i = 0; i < sets.length; i++) sets[i].classList.remove('quiz-q-wrong');
  (wrong || []).forEach(function (n) {
    const set = form.querySelector('#quiz-q' + (n - 1));
    if (!set) return;
    set.classList.add('quiz-q-wrong');
    const legend = set.querySelector('legend');
    const mark = h('p', { class: 'quiz-mark', testid: 'quiz-mark-' + n }, 'Question ' + n + '\u00a0: ' + (what || 'pas encore'));
    if (legend && legend.nextSibling) set.insertBefore(mark, legend.nextSibling);
    else set.appendChild(mark);
  });
}
