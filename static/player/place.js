// A place mission: the map of the team's places, the clue, "I'm here" (the server
// decides from the browser's position, and asks for a second one a few seconds later to
// be sure the player is there), the QR code of the team's poster when the GPS cannot be
// used, and how many teammates are there when the place needs several. A place found
// with "warmer / colder" has no pin until a teammate has reached it.
import { h, clear } from '/static/shared/dom.js';
import { makeMap } from '/static/shared/map.js';
import { icon } from '/static/player/icons.js';
import { reveal } from '/static/player/results.js';

const EXPLAINED_KEY = 'eclats.geo.explained';
const GEO_OPTIONS = { enableHighAccuracy: true, timeout: 20000, maximumAge: 0 };

function explained() {
  try { return localStorage.getItem(EXPLAINED_KEY) === '1'; } catch (e) { return false; }
}
function setExplained() {
  try { localStorage.setItem(EXPLAINED_KEY, '1'); } catch (e) { /* asked again next time */ }
}

function newId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  return 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
}

/**
 * mountPlace(q, ctx, done) → {el, refresh(), destroy()}
 * done(reply): a check-in reply came back (the quest screen shows the result).
 */
export function mountPlace(q, ctx, done) {
  const el = h('div', { class: 'place', testid: 'place-block' });
  const info = h('div', { class: 'place-info' });
  const mapBox = h('div', { class: 'place-map', testid: 'place-map', role: 'region', 'aria-label': 'Carte du lieu à trouver' });
  const mapNote = h('p', { class: 'field-help', testid: 'map-note', hidden: true });
  const together = h('p', { class: 'place-together', testid: 'place-together', 'aria-live': 'polite' });
  const status = h('p', { class: 'place-status', testid: 'checkin-status', 'aria-live': 'polite' });
  const actions = h('div', { class: 'place-actions' });
  const qr = h('details', { class: 'place-qr', testid: 'place-qr' });
  // the poster code's result, under its own button (issue 15: results under the thumb)
  const qrStatus = h('p', { class: 'place-status', testid: 'qr-status', 'aria-live': 'polite' });
  let view = null;
  let map = null;
  let meDot = null;
  let busy = false;
  let gone = false;
  let again = null; // the timer of the fix sent by itself while presence is confirmed
  let centred = false; // the map has a view (a pin, or the player's own dot)
  let pins = null; // the places drawn on the map (redrawn when the team's places change)
  let hiddenBefore = false; // this place had no pin at the last drawing
  let generation = 0; // a newer refresh wins over one still waiting for the network
  let mapping = false; // Leaflet is being loaded for this block

  el.appendChild(info);
  el.appendChild(mapBox);
  el.appendChild(mapNote);
  el.appendChild(together);
  el.appendChild(actions);
  el.appendChild(status);
  el.appendChild(qr);
  drawActions();
  drawQr();
  refresh();

  async function refresh() {
    const mineGen = ++generation;
    let data;
    try { data = await ctx.api.get('/api/me/places'); } catch (e) { return; }
    if (gone || mineGen !== generation) return;
    view = (data.places || []).find(function (p) { return p.quest_id === q.id; }) || null;
    drawInfo();
    drawTogether();
    drawMap(data);
  }

  function drawInfo() {
    clear(info);
    if (!view) return;
    const p = view.place;
    info.appendChild(h('p', { class: 'place-name', testid: 'place-name' }, icon('pin'), ' ', p.name));
    if (p.address) info.appendChild(h('p', { class: 'place-address', testid: 'place-address' }, p.address));
    if (view.clue) info.appendChild(h('p', { class: 'question', testid: 'quest-question' }, view.clue));
  }

  function drawTogether() {
    clear(together);
    if (!view) return;
    if (view.in_town) together.appendChild(h('span', { class: 'place-in-town', testid: 'place-in-town' }, 'Mission en ville : l\u2019équipe d\u2019animation a choisi ce lieu pour ton équipe.'));
    if (view.team_min <= 1) return;
    // the sentence comes from the rule itself (team_min, window_minutes), never from the pack's text
    if (view.in_town) together.appendChild(document.createTextNode(' '));
    together.appendChild(h('span', { testid: 'place-gathering' },
      'Lieu d\u2019équipe : ' + (view.gathering || '') + ' Déjà là : ' + view.present + '/' + view.team_min + '.'));
  }

  async function drawMap(data) {
    if (!view || mapping) return;
    if (map) { drawPins(data); return; } // a refresh: a teammate may have found a hidden place
    mapping = true;
    try {
      map = await makeMap(mapBox, data.map);
    } catch (e) {
      mapBox.hidden = true;
      showMapNote('La carte ne peut pas s\u2019afficher ici. L\u2019adresse et l\u2019indice ci-dessus suffisent pour trouver le lieu.');
      return; // (stays "mapping": no second try)
    }
    mapping = false;
    if (gone) return;
    drawPins(data);
    setTimeout(function () {
      if (!gone && map.tilesFailed() && (!view || view.pinned)) showMapNote('Le fond de carte ne charge pas (pas de réseau ?). Le lieu reste affiché ; l\u2019adresse suffit pour t\u2019y rendre.');
    }, 4000);
  }

  function drawPins(data) {
    const L = map.L;
    const bounds = [];
    const others = [];
    if (pins) pins.remove();
    pins = L.layerGroup().addTo(map.map);
    (data.places || []).forEach(function (v) {
      const p = v.place;
      const mine = v.quest_id === q.id;
      if (p.latitude == null || p.longitude == null) return; // a place to search for: no pin
      const colour = v.status === 'solved' ? '#2ecc71' : (mine ? '#4de2ff' : '#ffb84d');
      L.circle([p.latitude, p.longitude], { radius: p.radius_m, color: colour, weight: mine ? 3 : 1, fillOpacity: 0.15 }).addTo(pins);
      L.circleMarker([p.latitude, p.longitude], { radius: mine ? 9 : 6, color: colour, fillOpacity: 0.9 })
        .bindTooltip(p.name + (v.status === 'solved' ? ' (trouvé)' : ''))
        .addTo(pins);
      (mine ? bounds : others).push([p.latitude, p.longitude]);
    });
    if (!view.pinned) {
      showMapNote('Ce lieu est à chercher : il n\u2019est pas sur la carte. Appuie sur « Je suis là » en chemin, on te dit si tu te rapproches.');
    } else if (hiddenBefore) {
      mapNote.hidden = true; // found by a teammate: now on the map
    }
    if (bounds.length && (!centred || hiddenBefore)) { map.map.setView(bounds[0], 16); centred = true; }
    else if (!centred && others.length) { map.map.fitBounds(others, { padding: [30, 30], maxZoom: 16 }); centred = true; }
    hiddenBefore = !view.pinned;
  }

  function showMapNote(text) {
    mapNote.textContent = text;
    mapNote.hidden = false;
  }

  function drawActions() {
    clear(actions);
    if (!explained()) {
      actions.appendChild(h('div', { class: 'panel panel-info geo-explain', testid: 'geo-explain' },
        h('p', { class: 'panel-title' }, 'Ta position, comment ça marche ?'),
        h('ul', null,
          h('li', null, 'Quand tu appuies sur « Je suis là », ton téléphone donne ta position. Sur place, il la redonne une fois quelques secondes plus tard, pour vérifier que tu y es bien.'),
          h('li', null, 'Elle sert seulement à vérifier que tu es au bon endroit, puis elle est effacée.'),
          h('li', null, 'On garde juste « l\u2019équipe est passée par ce lieu », à quelle heure. Pendant ta recherche, on retient ta distance au lieu (pas ta position) 30 minutes au plus.'),
          h('li', null, 'Personne ne voit où tu es : ni tes coéquipiers, ni l\u2019équipe d\u2019animation.')),
        h('button', { type: 'button', class: 'btn btn-block', testid: 'geo-ok', onclick: function () {
          setExplained();
          drawActions();
          checkIn();
        } }, 'J\u2019ai compris, je suis là')));
      return;
    }
    actions.appendChild(h('button', { type: 'button', class: 'btn btn-block btn-big', testid: 'checkin-button', onclick: checkIn },
      icon('pin'), ' Je suis là'));
  }

  function drawQr() {
    clear(qr);
    qr.appendChild(h('summary', null, 'Le GPS ne marche pas ? Utilise le code de l\u2019affiche'));
    const input = h('input', { id: 'qr-code-' + q.id, type: 'text', testid: 'qr-code', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: '16', required: true });
    const form = h('form', { class: 'qr-form', novalidate: true },
      h('p', { class: 'field-help' }, 'Sur place, chaque équipe a son affiche, avec son nom, un QR code et un code de 6 lettres. Prends celle de ton équipe : scanne le QR code avec l\u2019appareil photo, ou tape le code ici.'),
      h('label', { for: 'qr-code-' + q.id }, 'Code de l\u2019affiche'),
      input,
      h('button', { type: 'submit', class: 'btn btn-secondary btn-block', testid: 'qr-submit' }, 'Valider avec le code'),
      qrStatus);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      const code = input.value.trim();
      if (!code) { say('Tape le code écrit sous le QR code.', 'ko', qrStatus); input.focus(); return; }
      send('/api/me/quests/' + encodeURIComponent(q.id) + '/checkin/qr', { code: code, client_id: newId() }, qrStatus);
    });
    qr.appendChild(form);
  }

  // one result at a time, under the control that was used (« Je suis là » or the poster code)
  function say(text, kind, where) {
    const out = where || status;
    const other = out === status ? qrStatus : status;
    other.textContent = '';
    other.className = 'place-status';
    out.textContent = text;
    out.className = 'place-status ' + (kind ? 'place-' + kind : '');
    reveal(out);
  }

  function checkIn() {
    if (busy) return;
    if (again) { clearTimeout(again); again = null; }
    if (!navigator.geolocation) {
      say('Ton téléphone ne donne pas sa position. Utilise le code de l\u2019affiche ci-dessous.', 'ko');
      qr.open = true;
      return;
    }
    busy = true;
    say('Recherche de ta position…', 'wait');
    navigator.geolocation.getCurrentPosition(function (pos) {
      showMe(pos.coords.latitude, pos.coords.longitude, pos.coords.accuracy);
      busy = false;
      send('/api/me/quests/' + encodeURIComponent(q.id) + '/checkin', {
        latitude: pos.coords.latitude,
        longitude: pos.coords.longitude,
        accuracy: pos.coords.accuracy,
        taken_at: Math.round(pos.timestamp || Date.now()),
        client_id: newId(),
      });
    }, function (err) {
      busy = false;
      qr.open = true;
      if (err.code === 1) say('Tu n\u2019as pas autorisé la localisation. Tu peux l\u2019autoriser dans les réglages du navigateur, ou utiliser le code de l\u2019affiche ci-dessous.', 'ko');
      else if (err.code === 3) say('Ton GPS met trop de temps à répondre. Sors à découvert et réessaie, ou utilise le code de l\u2019affiche.', 'ko');
      else say('Ta position est introuvable pour l\u2019instant. Réessaie dehors, ou utilise le code de l\u2019affiche.', 'ko');
    }, GEO_OPTIONS);
  }

  // your own dot, on this phone only: it is never sent anywhere but in the check-in
  function showMe(lat, lon, accuracy) {
    if (!map) return;
    const L = map.L;
    if (!centred) { map.map.setView([lat, lon], 16); centred = true; }
    if (meDot) meDot.remove();
    meDot = L.layerGroup([
      L.circle([lat, lon], { radius: accuracy, color: '#ffffff', weight: 1, fillOpacity: 0.1 }),
      L.circleMarker([lat, lon], { radius: 7, color: '#ffffff', fillColor: '#3b82f6', fillOpacity: 1 }).bindTooltip('Toi'),
    ]).addTo(map.map);
  }

  async function send(path, body, where) {
    if (busy) return;
    busy = true;
    say('Vérification…', 'wait', where);
    let r;
    try {
      r = await ctx.api.post(path, body);
    } catch (e) {
      busy = false;
      if (e.status === 0) say('Pas de réseau : la vérification n\u2019a pas pu partir. Réessaie dès que tu as du réseau.', 'ko', where);
      else say(e.message, 'ko', where);
      return;
    }
    busy = false;
    const lines = [r.message];
    if (r.trend_message) lines.push(r.trend_message);
    const staying = r.reason === 'stay' && r.retry_in_s;
    say(lines.join(' '), r.accepted ? 'ok' : (staying ? 'wait' : 'ko'), where);
    if (staying && !gone) {
      // presence over time: the next fix goes by itself, the player just stays there
      if (again) clearTimeout(again);
      again = setTimeout(function () { again = null; if (!gone) checkIn(); }, r.retry_in_s * 1000);
    }
    if (r.accepted) {
      if (view) view = Object.assign({}, view, { present: r.present });
      drawTogether();
    }
    done(r);
  }

  return {
    el: el,
    refresh: refresh,
    destroy: function () {
      gone = true;
      if (again) clearTimeout(again);
      if (map) map.map.remove();
    },
  };
}
