// Console: urban games. Where each team has been (accepted check-ins only, never a
// position), the check-ins worth a look (positions that jumped, fixes copied from a
// teammate, another team's poster code), progress along the weekend routes, validating
// a place by hand, the QR posters to print (one per place and team), and placing the
// pack's places on the map (packs made here).
import { h, clear, formatDateTime } from '/static/shared/dom.js';
import { makeMap } from '/static/shared/map.js';

const METHOD = { gps: 'GPS', qr: 'code de l\u2019affiche', manual: 'validé à la main' };

/**
 * copyForm(ctx, pack, prefix, intro) → a form that copies a shipped pack for the
 * installation (places and the Mission Locale block are edited on the copy).
 * ctx: api. prefix names the fields (ids and test ids: prefix-name, prefix-town…).
 */
export function copyForm(ctx, pack, prefix, intro) {
  const name = h('input', { id: prefix + '-name', type: 'text', testid: prefix + '-name', required: true, pattern: '[a-z0-9][a-z0-9-]{1,40}' });
  const town = h('input', { id: prefix + '-town', type: 'text', testid: prefix + '-town' });
  const out = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: prefix + '-msg' });
  const form = h('form', { class: 'stack', novalidate: true },
    h('p', { class: 'muted' }, intro),
    h('label', { for: prefix + '-name' }, 'Nom de la copie (minuscules, chiffres, tirets)'), name,
    h('label', { for: prefix + '-town' }, 'Ville (facultatif)'), town,
    h('button', { type: 'submit', class: 'btn btn-secondary', testid: prefix + '-submit' }, 'Copier le pack'), out);
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    try {
      await ctx.api.post('/api/packs/' + encodeURIComponent(pack) + '/copy', { name: name.value.trim(), town: town.value.trim() || null });
      out.textContent = 'Copie « ' + name.value.trim() + ' » créée. Choisissez-la en créant une nouvelle session pour la modifier.';
    } catch (e) { out.textContent = e.message; }
  });
  return form;
}

/**
 * mountPlaces(el, ctx) → {refresh(), destroy()}
 * ctx: api, sessionId, teams() → [{id, name}], announce(text)
 */
export function mountPlaces(el, ctx) {
  let data = null;
  let map = null;
  let layers = null;
  let picked = null; // place being placed on the map: {id}
  let place = function () {}; // where a click on the map goes: the editor form, when the pack can be edited
  let gone = false;
  const head = h('div', { class: 'places-head' });
  const mapBox = h('div', { class: 'places-map', testid: 'places-map', role: 'region', 'aria-label': 'Carte des lieux et des dernières arrivées des équipes' });
  const journeys = h('div', { testid: 'journeys' });
  const manual = h('div', { class: 'places-manual' });
  const editor = h('div', { class: 'places-editor', testid: 'place-editor' });
  const posters = h('div', { class: 'posters', testid: 'posters', hidden: true });
  el.appendChild(h('h2', { id: 'places-title' }, 'Lieux et jeux urbains'));
  el.appendChild(head);
  el.appendChild(h('div', { class: 'grid-2' }, mapBox, h('div', null, journeys, manual)));
  el.appendChild(editor);
  el.appendChild(posters);
  refresh();

  async function refresh() {
    try { data = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/places'); } catch (e) { return; }
    if (gone) return;
    drawHead();
    drawJourneys();
    drawManual();
    drawEditor();
    await drawMap();
  }

  function placeName(id) {
    const p = data.places.find(function (x) { return x.id === id; });
    return p ? p.name : id;
  }

  function drawHead() {
    clear(head);
    head.appendChild(h('p', { class: 'muted' },
      'Les positions des jeunes ne sont ni gardées ni montrées : seulement les lieux atteints, quand et comment.'));
    head.appendChild(h('button', { type: 'button', class: 'btn btn-secondary', testid: 'posters-button', onclick: showPosters }, 'Affiches QR à imprimer'));
  }

  async function drawMap() {
    if (!map) {
      try { map = await makeMap(mapBox, data.map, { scrollWheelZoom: true }); } catch (e) {
        mapBox.replaceWith(h('p', { class: 'muted' }, 'La carte ne peut pas s\u2019afficher (fichier Leaflet introuvable).'));
        return;
      }
      if (gone) return;
      map.map.on('click', function (ev) { if (picked) place(ev.latlng.lat, ev.latlng.lng); });
    }
    const L = map.L;
    if (layers) layers.remove();
    layers = L.layerGroup().addTo(map.map);
    const bounds = [];
    data.places.forEach(function (p) {
      L.circle([p.latitude, p.longitude], { radius: p.radius_m, color: '#1d4ed8', weight: 1, fillOpacity: 0.1 }).addTo(layers);
      L.circleMarker([p.latitude, p.longitude], { radius: 5, color: '#1d4ed8', fillOpacity: 0.9 }).bindTooltip(p.name).addTo(layers);
      bounds.push([p.latitude, p.longitude]);
    });
    data.journeys.forEach(function (j) {
      if (!j.last) return;
      const p = data.places.find(function (x) { return x.id === j.last.place_id; });
      if (!p) return;
      L.marker([p.latitude, p.longitude], { icon: L.divIcon({ className: 'team-pin', html: '', iconSize: [14, 14] }) })
        .bindTooltip(j.team_name + ' · ' + p.name, { permanent: true, direction: 'right' }).addTo(layers);
    });
    if (bounds.length) map.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
  }

  function drawFlags(j) {
    const list = j.flags || [];
    if (!list.length) return null;
    return h('div', { class: 'checkin-flags', testid: 'journey-flags-' + j.team_id },
      h('p', { class: 'checkin-flags-title' }, '\u26a0 À vérifier (' + list.length + ')'),
      h('ul', null, list.map(function (f) {
        return h('li', null, (f.by || 'un ou une jeune qui a quitté la partie') + ' · ' + f.place_name + ' : ' + f.label +
          (f.count > 1 ? ' (' + f.count + ' fois, la dernière ' + formatDateTime(f.last_at) + ')' : ' (' + formatDateTime(f.last_at) + ')'));
      })));
  }

  function drawJourneys() {
    clear(journeys);
    journeys.appendChild(h('h3', null, 'Parcours des équipes'));
    const flagged = data.journeys.some(function (j) { return (j.flags || []).length; });
    if (flagged) {
      journeys.appendChild(h('p', { class: 'muted' },
        'Certaines arrivées sont à vérifier : une position qui saute d\u2019un coup ou copiée d\u2019un téléphone à l\u2019autre peut venir d\u2019une triche (ou d\u2019un téléphone qui se trompe). Parlez-en avec l\u2019équipe ; le lieu n\u2019a pas été validé pour ces positions.'));
    }
    const rows = data.journeys.map(function (j) {
      const routes = j.routes.map(function (r) { return 'Jour ' + r.day + ' : ' + r.won + '/' + r.stops; }).join(' · ');
      const last = j.last ? placeName(j.last.place_id) + ', ' + formatDateTime(j.last.at) + ' (' + METHOD[j.last.method] + ')' : 'Aucun lieu atteint';
      const details = j.visits.length ? h('details', null, h('summary', null, j.visits.length + (j.visits.length > 1 ? ' arrivées' : ' arrivée')),
        h('ul', { class: 'visits' }, j.visits.map(function (v) {
          return h('li', null, formatDateTime(v.at) + ' · ' + v.place_name + ' · ' + METHOD[v.method] +
            (v.by ? ' · ' + v.by : '') + (v.reason ? ' · « ' + v.reason + ' »' : ''));
        }))) : null;
      return h('tr', { testid: 'journey-' + j.team_id },
        h('th', { scope: 'row' }, j.team_name),
        h('td', { testid: 'journey-last-' + j.team_id }, last, details, drawFlags(j)),
        h('td', { testid: 'journey-routes-' + j.team_id }, routes || '—'));
    });
    journeys.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Équipe'), h('th', { scope: 'col' }, 'Dernier lieu atteint'), h('th', { scope: 'col' }, 'Parcours'))),
      h('tbody', null, rows))));
  }

  function drawManual() {
    clear(manual);
    if (!data.quests.length) return;
    const team = h('select', { id: 'manual-team', testid: 'manual-team', required: true },
      data.journeys.map(function (j) { return h('option', { value: String(j.team_id) }, j.team_name); }));
    const quest = h('select', { id: 'manual-quest', testid: 'manual-quest', required: true },
      data.quests.map(function (q) { return h('option', { value: q.quest_id }, 'Jour ' + q.day + ' · ' + q.title + ' (' + placeName(q.place_id) + ')'); }));
    const reason = h('input', { id: 'manual-reason', type: 'text', testid: 'manual-reason', maxlength: '300', required: true });
    const out = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'manual-msg' });
    const form = h('form', { class: 'stack', novalidate: true },
      h('h3', null, 'Valider un lieu à la main'),
      h('p', { class: 'muted' }, 'Quand ni le GPS ni le code de l\u2019affiche ne marchent. La raison est gardée dans le parcours.'),
      h('label', { for: 'manual-team' }, 'Équipe'), team,
      h('label', { for: 'manual-quest' }, 'Lieu'), quest,
      h('label', { for: 'manual-reason' }, 'Raison'), reason,
      h('button', { type: 'submit', class: 'btn', testid: 'manual-submit' }, 'Valider le lieu'), out);
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (!reason.value.trim()) { out.textContent = 'Indiquez pourquoi vous validez ce lieu à la main.'; reason.focus(); return; }
      try {
        await ctx.api.post('/api/sessions/' + ctx.sessionId + '/teams/' + team.value + '/checkins', { quest_id: quest.value, reason: reason.value });
        out.textContent = 'Lieu validé.';
        ctx.announce('Lieu validé pour l\u2019équipe.');
        reason.value = '';
        refresh();
      } catch (e) { out.textContent = e.message; }
    });
    manual.appendChild(form);
  }

  function drawEditor() {
    clear(editor);
    editor.appendChild(h('h3', null, 'Placer les lieux'));
    if (!data.editable) {
      editor.appendChild(copyForm(ctx, data.pack, 'copy',
        'Ce pack est fourni avec Éclats et ne se modifie pas. Copiez-le pour votre ville : vous pourrez déplacer ses lieux sur la carte, puis créer une session avec la copie.'));
      return;
    }
    const select = h('select', { id: 'edit-place', testid: 'edit-place' },
      data.places.map(function (p) { return h('option', { value: p.id }, p.name); }));
    const lat = h('input', { id: 'edit-lat', type: 'number', step: 'any', testid: 'edit-lat', required: true });
    const lon = h('input', { id: 'edit-lon', type: 'number', step: 'any', testid: 'edit-lon', required: true });
    const radius = h('input', { id: 'edit-radius', type: 'number', min: '5', max: '2000', testid: 'edit-radius' });
    const out = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'edit-msg' });
    function fill() {
      const p = data.places.find(function (x) { return x.id === select.value; });
      if (!p) return;
      lat.value = p.latitude; lon.value = p.longitude; radius.value = p.radius_m;
      picked = { id: p.id };
    }
    select.addEventListener('change', fill);
    fill();
    const form = h('form', { class: 'stack', novalidate: true },
      h('p', { class: 'muted' }, 'Choisissez un lieu, puis cliquez sur la carte à son emplacement exact (ou tapez ses coordonnées). Le pack est vérifié avant d\u2019être enregistré.'),
      h('label', { for: 'edit-place' }, 'Lieu'), select,
      h('label', { for: 'edit-lat' }, 'Latitude'), lat,
      h('label', { for: 'edit-lon' }, 'Longitude'), lon,
      h('label', { for: 'edit-radius' }, 'Rayon (mètres)'), radius,
      h('button', { type: 'submit', class: 'btn', testid: 'edit-submit' }, 'Enregistrer ce lieu'), out);
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      try {
        const saved = await ctx.api.put('/api/packs/' + encodeURIComponent(data.pack) + '/places/' + encodeURIComponent(select.value),
          { latitude: Number(lat.value), longitude: Number(lon.value), radius_m: radius.value ? Number(radius.value) : null });
        out.textContent = '« ' + saved.name + ' » enregistré.';
        ctx.announce(out.textContent);
        refresh();
      } catch (e) { out.textContent = e.message; }
    });
    editor.appendChild(form);
    place = function (la, lo) {
      lat.value = la.toFixed(6);
      lon.value = lo.toFixed(6);
      out.textContent = 'Nouvel emplacement choisi : enregistrez pour le garder.';
    };
  }

  async function showPosters() {
    let list;
    try { list = await ctx.api.get('/api/sessions/' + ctx.sessionId + '/places/posters'); } catch (e) { ctx.announce(e.message); return; }
    clear(posters);
    posters.hidden = false;
    posters.appendChild(h('p', { class: 'no-print' },
      h('button', { type: 'button', class: 'btn', onclick: function () { window.print(); } }, 'Imprimer'), ' ',
      h('button', { type: 'button', class: 'btn btn-secondary', onclick: function () { posters.hidden = true; } }, 'Fermer')));
    posters.appendChild(h('p', { class: 'muted no-print' },
      'Une affiche par lieu et par équipe : le code d\u2019une équipe ne marche que pour elle (une photo envoyée à une autre équipe ne sert à rien, et l\u2019essai vous est signalé). Posez les affiches de toutes les équipes au même endroit. Si vous ajoutez une équipe, réimprimez.'));
    list.forEach(function (p) {
      posters.appendChild(h('article', { class: 'poster', testid: 'poster-' + p.place.id + '-' + p.team_id },
        h('p', { class: 'poster-team' }, 'Équipe ' + p.team_name),
        h('h3', null, p.place.name),
        h('p', null, 'Éclats — jeu urbain. Pas de GPS ? Si tu es dans l\u2019équipe ' + p.team_name + ', scanne ce QR code avec ton téléphone, ou tape ce code dans la mission :'),
        h('img', { src: 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(p.qr_svg), alt: 'QR code du lieu ' + p.place.name + ' pour l\u2019équipe ' + p.team_name, width: '220', height: '220' }),
        h('p', { class: 'poster-code', testid: 'poster-code-' + p.place.id + '-' + p.team_id }, p.code)));
    });
  }

  return {
    refresh: refresh,
    // the « Lieux » view was hidden while the map was drawn: measure it again (console views)
    resize: function () { if (map) map.map.invalidateSize(); refresh(); },
    destroy: function () { gone = true; if (map) map.map.remove(); },
  };
}
