// French typography in ONE place (issue 15, point 7): frenchSpacing() in static/shared/dom.js,
// applied by h() to every text it writes, so the phone, the console, the projector and the
// verifier all get it. The server's twin is game/rules/typography.py (tests/unit/test_typography.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';

// just enough of a document for h(): elements with children, text nodes
class Node { constructor(tag) { this.tagName = tag; this.childNodes = []; this.attrs = {}; this.textContent = ''; }
  appendChild(c) { this.childNodes.push(c); return c; }
  setAttribute(k, v) { this.attrs[k] = v; }
  addEventListener() {}
  get text() { return this.textContent + this.childNodes.map(function (c) { return c.data !== undefined ? c.data : c.text; }).join(''); } }
globalThis.document = {
  createElement: function (tag) { return new Node(tag.toUpperCase()); },
  createTextNode: function (data) { return { data: data }; },
};

const { h, frenchSpacing, announcer } = await import('../../static/shared/dom.js');
const NBSP = '\u00a0';
const NARROW = '\u202f';

test('a no-break space before « : » and inside guillemets, a narrow one before ; ! ?', function () {
  assert.equal(frenchSpacing('Ce que ça t\u2019apporte : un métier'), 'Ce que ça t\u2019apporte' + NBSP + ': un métier');
  assert.equal(frenchSpacing('Bravo !'), 'Bravo' + NARROW + '!');
  assert.equal(frenchSpacing('Prêt ? On y va ; vite'), 'Prêt' + NARROW + '? On y va' + NARROW + '; vite');
  assert.equal(frenchSpacing('« Hors ligne »'), '«' + NBSP + 'Hors ligne' + NBSP + '»');
  assert.equal(frenchSpacing('Quoi  ?!'), 'Quoi' + NARROW + '?!');
});

test('times, addresses and texts already right are left as they are (never doubled)', function () {
  for (const kept of ['RDV à 10:30', 'https://eclats.test/verifier?badge=x', 'Jour 2/10', 'Déjà' + NBSP + ': bien' + NARROW + '!', '']) {
    assert.equal(frenchSpacing(kept), kept);
  }
  assert.equal(frenchSpacing(42), 42);
});

test('h() applies it to every text child and to its text attribute', function () {
  const el = h('p', null, 'Qui contacter : ', h('strong', null, 'la Mission Locale !'), ' · 12 éclats');
  assert.equal(el.text, 'Qui contacter' + NBSP + ': la Mission Locale' + NARROW + '! · 12 éclats');
  assert.equal(h('span', { text: 'Rafraîchir ?' }).textContent, 'Rafraîchir' + NARROW + '?');
});

test('what people type or copy stays exactly as it is', function () {
  assert.equal(h('textarea', null, 'mon texte : brut !').text, 'mon texte : brut !');
  assert.equal(h('code', null, 'a : b').text, 'a : b');
});

test('two announcements at the same moment are both read, the first one first', async function () {
  const live = { textContent: 'avant' };
  const announce = announcer(live);
  announce('Équipe Aurore joue la mission en ville.');
  announce('Message envoyé à Équipe Aurore.');
  assert.equal(live.textContent, '');
  await new Promise(function (resolve) { setTimeout(resolve, 80); });
  assert.equal(live.textContent, 'Équipe Aurore joue la mission en ville. Message envoyé à Équipe Aurore.');
  announce('Jour 2 ouvert.');  // later: alone, in place of the last one
  await new Promise(function (resolve) { setTimeout(resolve, 80); });
  assert.equal(live.textContent, 'Jour 2 ouvert.');
});
