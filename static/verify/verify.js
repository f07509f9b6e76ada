// Recruiters' verifier: a link, pasted JSON or a baked image → one verdict, then each
// check in plain words. Everything is decided by the server (POST /api/verify).
import { h, clear } from '/static/shared/dom.js';

const form = document.getElementById('verify-form');
const text = document.getElementById('verify-text');
const file = document.getElementById('verify-image');
const email = document.getElementById('verify-email');
const drop = document.getElementById('drop');
const result = document.getElementById('result');
const MARKS = { true: ['✓', 'Vérifié'], false: ['✗', 'Problème'], null: ['?', 'Non vérifiable'] };

const given = new URLSearchParams(location.search).get('badge');
if (given) text.value = given;

drop.addEventListener('dragover', function (ev) { ev.preventDefault(); drop.classList.add('is-over'); });
drop.addEventListener('dragleave', function () { drop.classList.remove('is-over'); });
drop.addEventListener('drop', function (ev) {
  ev.preventDefault();
  drop.classList.remove('is-over');
  if (ev.dataTransfer && ev.dataTransfer.files.length) {
    file.files = ev.dataTransfer.files;
    check();
  }
});
file.addEventListener('change', function () { if (file.files.length) check(); });
form.addEventListener('submit', function (ev) { ev.preventDefault(); check(); });

async function check() {
  clear(result);
  result.appendChild(h('p', { class: 'muted', role: 'status' }, 'Vérification…'));
  let response;
  try {
    if (file.files.length) {
      const data = new FormData();
      data.append('image', file.files[0]);
      if (email.value.trim()) data.append('email', email.value.trim());
      response = await fetch('/api/verify', { method: 'POST', body: data });
    } else {
      response = await fetch('/api/verify', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ text: text.value.trim(), email: email.value.trim() || null }),
      });
    }
  } catch (e) {
    show({ verdict: 'invalid', headline: 'Vérification impossible', error: 'Pas de connexion au serveur. Réessayez.', checks: [] });
    return;
  }
  let body;
  try { body = await response.json(); } catch (e) { body = { verdict: 'invalid', headline: 'Vérification impossible', error: 'Réponse illisible du serveur.', checks: [] }; }
  show(body);
}

function show(r) {
  clear(result);
  result.appendChild(h('p', { class: 'verdict verdict-' + r.verdict, testid: 'verdict', 'data-verdict': r.verdict }, r.headline));
  if (r.error) result.appendChild(h('p', { role: 'alert', testid: 'verify-error' }, r.error));
  if (r.badge && r.badge.name) {
    // the issuer once: in its own check when there is one, here otherwise
    const issuerChecked = (r.checks || []).some(function (c) { return c.id === 'issuer'; });
    result.appendChild(h('p', null, h('strong', null, r.badge.name), r.badge.issuer && !issuerChecked ? ' — délivré par ' + r.badge.issuer : ''));
    if (r.badge.criteria) result.appendChild(h('p', { class: 'muted' }, r.badge.criteria));
  }
  if (r.checks && r.checks.length) {
    result.appendChild(h('ul', { class: 'checks', testid: 'checks' }, r.checks.map(function (c) {
      const mark = MARKS[String(c.ok)];
      return h('li', { testid: 'check-' + c.id, 'data-ok': String(c.ok) },
        h('span', { class: 'mark', 'aria-label': mark[1] }, mark[0]), h('strong', null, c.label), ' : ', c.detail);
    })));
  }
}
