// « Lire à voix haute » (issue 15, point 8): a button that reads a story or a quest's text
// with the browser's own speech synthesis, for young people who read with difficulty.
// A French voice when the phone has one (lang fr-FR in any case). While it reads, the
// same button says « Arrêter la lecture » (aria-pressed="true"). No speech synthesis in
// the browser: no button at all. One reading at a time in the whole app; leaving the
// screen stops it.
import { h } from '/static/shared/dom.js';
import { icon } from '/static/player/icons.js';

const LABEL = 'Lire à voix haute';
const STOP = 'Arrêter la lecture';
// Chrome stops a long utterance after about 15 s: the text is read in pieces
const PIECE = 180;

let reading = null; // {button, key, left} of the reading in progress (key: the text read)

function synth() {
  return typeof window !== 'undefined' && window.speechSynthesis && typeof window.SpeechSynthesisUtterance === 'function'
    ? window.speechSynthesis : null;
}

/** A French voice of this phone (fr-FR first), or null: the phone's default with lang fr-FR. */
function frenchVoice() {
  let voices = [];
  try { voices = synth().getVoices() || []; } catch (e) { voices = []; }
  const fr = voices.filter(function (v) { return v && typeof v.lang === 'string' && v.lang.toLowerCase().indexOf('fr') === 0; });
  return fr.find(function (v) { return v.lang.toLowerCase().replace('_', '-') === 'fr-fr'; }) || fr[0] || null;
}

/** The text cut at sentence ends into pieces of about PIECE characters. */
export function pieces(text) {
  const sentences = String(text || '').replace(/\s+/g, ' ').trim().match(/[^.!?…]+[.!?…»]*\s*/g) || [];
  const out = [];
  let cur = '';
  sentences.forEach(function (s) {
    if (cur && (cur + s).length > PIECE) { out.push(cur.trim()); cur = ''; }
    cur += s;
  });
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function show(button, on) {
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
  button.classList.toggle('is-reading', on);
  button.lastChild.textContent = on ? STOP : LABEL;
}

/** Stop the reading in progress (another button, another screen). */
export function stopReading() {
  const s = synth();
  if (reading) { show(reading.button, false); reading = null; }
  if (s) { try { s.cancel(); } catch (e) { /* nothing to stop */ } }
}

/**
 * speakButton(getText, opts) → a <button>, or null when the browser cannot speak.
 * getText() → the plain text to read, asked at each tap (the screen may have changed).
 * opts.testid: the button's data-testid (default « speak »).
 */
export function speakButton(getText, opts) {
  const s = synth();
  if (!s) return null;
  const o = opts || {};
  const button = h('button', {
    type: 'button', class: 'btn btn-secondary speak-btn', testid: o.testid || 'speak', 'aria-pressed': 'false',
  }, h('span', { class: 'speak-icon', 'aria-hidden': 'true' }, icon('speak')), h('span', null, LABEL));
  // a live redraw makes a new button for the same text: it takes over the reading
  let key = '';
  try { key = String(getText() || ''); } catch (e) { key = ''; }
  if (reading && key && reading.key === key) { reading.button = button; show(button, true); }
  button.addEventListener('click', function () {
    key = String(getText() || '');
    const mine = reading && reading.key === key;
    stopReading();
    if (mine) return; // the second tap stops it
    const parts = pieces(key);
    if (!parts.length) return;
    const voice = frenchVoice();
    const me = { button: button, key: key, left: parts.length };
    reading = me;
    show(button, true);
    parts.forEach(function (text) {
      const u = new window.SpeechSynthesisUtterance(text);
      u.lang = 'fr-FR'; // the voice, when there is one, may be another French (fr-BE, fr-CA…)
      try { if (voice) u.voice = voice; } catch (e) { /* not a voice of this browser: its lang is enough */ }
      u.rate = 0.95; // a little slower than the default, for a weak reader
      u.onend = u.onerror = function () {
        me.left -= 1;
        if (me.left <= 0 && reading === me) { reading = null; show(me.button, false); }
      };
      s.speak(u);
    });
  });
  return button;
}

// leaving the screen (or the page) stops the reading
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', function () { if (reading) stopReading(); });
  window.addEventListener('pagehide', function () { if (reading) stopReading(); });
}
