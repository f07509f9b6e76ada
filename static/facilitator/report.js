// Console: the session report. Attendance per day, progress per team and per young
// person, offers discovered, appointments, badges, and the chart of the teams' progress
// over the 10 days (an SVG drawn by the server, with its numbers in a table beside it).
// « Imprimer » prints the report alone; « Télécharger (CSV) » gives the spreadsheet.
import { h, clear, formatDate, formatDateTime, formatZonedDateTime, saveBlob } from '/static/shared/dom.js';

const DAYS = 10;
const STATUS = { draft: 'pas commencée', running: 'en cours', paused: 'en pause', finished: 'terminée' };
// what a cell of the attendance grid shows, and what a screen reader says
const MARKS = {
  present: { text: 'P', label: 'présent' },
  absent: { text: 'A', label: 'absent' },
  not_enrolled: { text: '—', label: 'pas dans la session ce jour-là' },
  not_open: { text: '', label: 'jour pas encore ouvert' },
};
const METRICS = { quests: 'Missions réussies', eclats: 'Éclats' };
const CSS_HREF = '/static/facilitator/report.css';

// The panel's own style sheet (a file of this server: the CSP allows it), added once.
function ensureCss() {
  if (document.querySelector('link[href="' + CSS_HREF + '"]')) return;
  document.head.appendChild(h('link', { rel: 'stylesheet', href: CSS_HREF }));
}

function pct(part, whole) {
  return whole ? Math.round((100 * part) / whole) + '\u202f%' : '—';
}

function plural(n, one, many) { return n + ' ' + (n > 1 ? many : one); }

function th(text, attrs) { return h('th', Object.assign({ scope: 'col' }, attrs || {}), text); }
function num(value, attrs) { return h('td', Object.assign({ class: 'num' }, attrs || {}), value == null ? '—' : String(value)); }

// A wide table scrolls sideways in its own box: the box takes the keyboard focus (named
// after the table) so that it can be scrolled without a mouse.
function table(labelledby, head, rows, extra) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': labelledby }, h('table', Object.assign({ class: 'table report-table', 'aria-labelledby': labelledby }, extra || {}),
    h('thead', null, h('tr', null, head)), h('tbody', null, rows)));
}

function section(id, title, testid) {
  return h('section', { class: 'report-section', 'aria-labelledby': id, testid: testid }, h('h3', { id: id }, title));
}

function slug(text) {
  return (text || 'session').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'session';
}

/**
 * mountReport(el, ctx) → {refresh(), destroy()}
 * ctx: api, sessionId, announce(text) (optional)
 */
export function mountReport(el, ctx) {
  ensureCss();
  const announce = ctx.announce || function () {};
  const base = '/api/sessions/' + ctx.sessionId + '/report';
  let data = null;
  let metric = 'quests';
  let sheet = null; // the copy of the report being printed
  let gone = false;

  const body = h('div', { class: 'report-body', testid: 'report-body', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Chargement du rapport…'));
  const msg = h('p', { class: 'form-msg no-print', role: 'status', testid: 'report-msg' });
  const refreshBtn = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'report-refresh', onclick: refresh }, 'Actualiser');
  const printBtn = h('button', { type: 'button', class: 'btn', testid: 'report-print', onclick: print }, 'Imprimer');
  const csvBtn = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'report-csv', onclick: downloadCsv }, 'Télécharger (CSV)');
  el.classList.add('report');
  el.appendChild(h('div', { class: 'report-head' },
    h('h2', { id: 'report-title' }, 'Rapport de la session'),
    h('div', { class: 'btn-row no-print' }, refreshBtn, printBtn, csvBtn)));
  el.appendChild(h('p', { class: 'muted no-print' },
    'Présence : un jeune compte comme présent un jour s\u2019il a fait quelque chose dans le jeu ce jour-là (de l\u2019ouverture du jour à celle du suivant). ' +
    'Le CSV s\u2019ouvre dans Excel (séparateur « ; », accents conservés).'));
  el.appendChild(msg);
  el.appendChild(body);
  refresh();

  async function refresh() {
    body.setAttribute('aria-busy', 'true');
    let report;
    try { report = await ctx.api.get(base); } catch (e) {
      if (gone) return;
      body.setAttribute('aria-busy', 'false');
      clear(body).appendChild(h('p', { class: 'msg msg-error', role: 'alert' }, e.message));
      return;
    }
    if (gone) return;
    data = report;
    draw();
    body.setAttribute('aria-busy', 'false');
  }

  function draw() {
    const d = data;
    clear(body);
    const s = d.session;
    body.appendChild(h('p', { class: 'report-meta', testid: 'report-meta' },
      h('strong', null, s.name), ' · ', s.pack_title, ' · ', s.organisation, h('br'),
      'Début : ' + formatDate(s.start_date) + ' · jour ' + s.current_day + ' sur ' + s.days_total + ' · session ' + (STATUS[s.status] || s.status) +
      ' · ' + plural(d.players_count, 'jeune', 'jeunes') + ' · rapport du ' + formatDateTime(s.generated_at)));
    body.appendChild(attendance(d));
    body.appendChild(teams(d));
    body.appendChild(chart(d));
    body.appendChild(players(d));
    body.appendChild(offers(d));
    body.appendChild(appointments(d));
    body.appendChild(badges(d));
  }

  // ---------------------------------------------------------------- attendance

  function attendance(d) {
    const sec = section('report-att-title', 'Présence par jour', 'report-attendance');
    const opened = d.days.filter(function (day) { return day.opened; });
    if (!opened.length) { sec.appendChild(h('p', { class: 'muted' }, 'Aucun jour ouvert pour l\u2019instant.')); return sec; }
    sec.appendChild(table('report-att-title',
      [th('Jour'), th('Titre'), th('Ouvert le'), th('Présents', { class: 'num' }), th('Taux', { class: 'num' })],
      opened.map(function (day) {
        return h('tr', { testid: 'report-day-' + day.day },
          h('th', { scope: 'row' }, 'Jour ' + day.day), h('td', null, day.title), h('td', null, formatDateTime(day.opened_at)),
          num(day.present + ' / ' + day.enrolled), num(pct(day.present, day.enrolled)));
      })));
    if (!d.players.length) return sec;
    const gridTitle = h('h4', { id: 'report-grid-title' }, 'Présence de chaque jeune');
    sec.appendChild(gridTitle);
    sec.appendChild(h('p', { class: 'muted report-legend' }, 'P : présent · A : absent · — : pas dans la session ce jour-là (arrivé plus tard ou déconnecté) · vide : jour pas encore ouvert.'));
    const head = [th('Jeune'), th('Équipe')];
    for (let i = 1; i <= DAYS; i++) head.push(th([h('span', { 'aria-hidden': 'true' }, 'J' + i), h('span', { class: 'visually-hidden' }, 'Jour ' + i)], { class: 'mark' }));
    head.push(th('Jours présents', { class: 'num' }));
    sec.appendChild(table('report-grid-title', head, d.players.map(function (p) {
      return h('tr', { class: p.revoked ? 'is-revoked' : null, testid: 'report-att-' + p.id },
        h('th', { scope: 'row' }, p.nickname, p.revoked ? h('span', { class: 'muted' }, ' (déconnecté)') : null),
        h('td', null, p.team_name || '—'),
        p.attendance.map(function (m) {
          const mark = MARKS[m] || MARKS.not_open;
          return h('td', { class: 'mark mark-' + m },
            h('span', { 'aria-hidden': 'true' }, mark.text), h('span', { class: 'visually-hidden' }, mark.label));
        }),
        num(p.days_present));
    }), { class: 'table report-table report-grid' }));
    return sec;
  }

  // ---------------------------------------------------------------- teams

  function teams(d) {
    const sec = section('report-teams-title', 'Progression des équipes', 'report-teams');
    sec.appendChild(table('report-teams-title',
      [th('Équipe'), th('Membres', { class: 'num' }), th('Missions réussies', { class: 'num' }), th('Éclats', { class: 'num' }), th('Offres découvertes', { class: 'num' })],
      d.teams.map(function (t) {
        return h('tr', { testid: 'report-team-' + t.id },
          h('th', { scope: 'row' }, t.name), num(t.members),
          num(t.quests_solved + ' / ' + t.quests_total), num(t.eclats), num(t.offers_unlocked + ' / ' + t.offers_total));
      })));
    sec.appendChild(h('p', { class: 'muted' }, 'Missions : réussies sur celles des jours ouverts.'));
    return sec;
  }

  // ---------------------------------------------------------------- chart

  function chart(d) {
    const sec = section('report-chart-title', 'Progression sur les 10 jours', 'report-chart');
    const select = h('select', { id: 'report-metric', testid: 'report-metric' },
      Object.keys(METRICS).map(function (k) { return h('option', { value: k, selected: k === metric }, METRICS[k] + ' (cumul)'); }));
    select.addEventListener('change', function () {
      metric = select.value;
      const fresh = chart(d);
      sec.replaceWith(fresh);
      fresh.querySelector('select').focus();
    });
    sec.appendChild(h('div', { class: 'report-metric no-print' }, h('label', { for: 'report-metric' }, 'Afficher'), select));
    const figure = h('div', { class: 'report-chart-box', testid: 'report-chart-svg' }, h('p', { class: 'muted' }, 'Chargement du graphique…'));
    const opened = d.days.filter(function (day) { return day.opened; }).map(function (day) { return day.day; });
    const tableTitle = h('h4', { id: 'report-chart-data-title' }, 'Les chiffres du graphique : ' + METRICS[metric].toLowerCase() + ' (cumul) à la fin de chaque jour');
    const dataTable = opened.length ? table('report-chart-data-title',
      [th('Jour')].concat(d.chart.series.map(function (s) { return th(s.name, { class: 'num' }); })),
      opened.map(function (day) {
        return h('tr', null, h('th', { scope: 'row' }, 'Jour ' + day),
          d.chart.series.map(function (s) { return num(s[metric][day - 1]); }));
      })) : h('p', { class: 'muted' }, 'Aucun jour ouvert pour l\u2019instant.');
    sec.appendChild(h('div', { class: 'report-chart-grid' }, figure, h('div', { class: 'report-chart-data' }, tableTitle, dataTable)));
    loadSvg(figure);
    return sec;
  }

  // The SVG comes from this server (no script, no style attribute): parsed as XML and
  // imported as nodes, never set as HTML.
  async function loadSvg(box) {
    let text;
    try { text = await ctx.api.get(base + '/chart.svg?metric=' + encodeURIComponent(metric), { accept: 'image/svg+xml' }); } catch (e) {
      clear(box).appendChild(h('p', { class: 'msg msg-error' }, e.message)); return;
    }
    if (gone) return;
    const doc = new DOMParser().parseFromString(String(text || ''), 'image/svg+xml');
    const root = doc.documentElement;
    if (!root || root.nodeName.toLowerCase() !== 'svg' || doc.getElementsByTagName('parsererror').length) {
      clear(box).appendChild(h('p', { class: 'msg msg-error' }, 'Le graphique n\u2019a pas pu être affiché : les chiffres sont dans le tableau.'));
      return;
    }
    clear(box).appendChild(document.importNode(root, true));
  }

  // ---------------------------------------------------------------- players

  function players(d) {
    const sec = section('report-players-title', 'Progression de chaque jeune', 'report-players');
    if (!d.players.length) { sec.appendChild(h('p', { class: 'muted' }, 'Pas encore de jeunes dans cette session.')); return sec; }
    sec.appendChild(table('report-players-title',
      [th('Jeune'), th('Équipe'), th('Jours présents', { class: 'num' }), th('Missions réussies', { class: 'num' }), th('Morceaux de code', { class: 'num' }),
        th('Lieux atteints', { class: 'num' }), th('Réponses validées', { class: 'num' }), th('Réflexions', { class: 'num' }), th('Rendez-vous'), th('Badges')],
      d.players.map(function (p) {
        return h('tr', { class: p.revoked ? 'is-revoked' : null, testid: 'report-player-' + p.id },
          h('th', { scope: 'row' }, p.nickname, p.revoked ? h('span', { class: 'muted' }, ' (déconnecté)') : null),
          h('td', null, p.team_name || '—'),
          num(p.days_present), num(p.quests_solved), num(p.pieces), num(p.places), num(p.answers_approved), num(p.reflections),
          h('td', null, p.appointment ? 'Oui, ' + formatZonedDateTime(p.appointment_at, d.session.time_zone) : 'Non'),
          h('td', null, p.badges_count ? p.badges_count + ' : ' + p.badges.join(', ') : '—'));
      })));
    sec.appendChild(h('p', { class: 'muted' }, 'Missions réussies : celles que l\u2019équipe a réussies avec sa réponse. Lieux : lieux différents atteints.'));
    return sec;
  }

  // ---------------------------------------------------------------- offers

  function offers(d) {
    const sec = section('report-offers-title', 'Offres découvertes par équipe', 'report-offers');
    const found = d.teams.map(function (t) { const set = {}; t.offers.forEach(function (id) { set[id] = true; }); return set; });
    sec.appendChild(h('p', null, d.teams.map(function (t, i) {
      return (i ? ' · ' : '') + t.name + ' : ' + t.offers_unlocked + ' / ' + t.offers_total;
    }).join('')));
    sec.appendChild(table('report-offers-title',
      [th('Offre'), th('Domaine')].concat(d.teams.map(function (t) { return th(t.name, { class: 'mark' }); })),
      d.offers.map(function (o) {
        return h('tr', { testid: 'report-offer-' + o.id }, h('th', { scope: 'row' }, o.title), h('td', null, o.category),
          found.map(function (set) {
            return h('td', { class: 'mark' + (set[o.id] ? ' is-found' : '') },
              h('span', { 'aria-hidden': 'true' }, set[o.id] ? '✓' : '·'), h('span', { class: 'visually-hidden' }, set[o.id] ? 'découverte' : 'pas encore'));
          }));
      })));
    return sec;
  }

  // ---------------------------------------------------------------- appointments, badges

  function appointments(d) {
    const a = d.appointments;
    const sec = section('report-rdv-title', 'Rendez-vous avec un conseiller', 'report-appointments');
    sec.appendChild(h('p', { testid: 'report-rdv-count' }, a.booked
      ? plural(a.booked, 'jeune a', 'jeunes ont') + ' pris rendez-vous, sur ' + a.players + ' (' + pct(a.booked, a.players) + ').'
      : 'Aucun jeune n\u2019a encore pris rendez-vous (sur ' + a.players + ').'));
    if (!a.items.length) return sec;
    sec.appendChild(table('report-rdv-title', [th('Jeune'), th('Équipe'), th('Quand'), th('Mode'), th('Conseiller')],
      a.items.map(function (r) {
        return h('tr', null, h('th', { scope: 'row' }, r.nickname), h('td', null, r.team_name || '—'),
          h('td', null, formatZonedDateTime(r.starts_at, r.time_zone) + ' · ' + r.duration_minutes + ' min'),
          h('td', null, r.mode_label + (r.place ? ' · ' + r.place : '')), h('td', null, r.counsellor));
      })));
    return sec;
  }

  function badges(d) {
    const b = d.badges;
    const sec = section('report-badges-title', 'Badges délivrés', 'report-badges');
    sec.appendChild(h('p', { testid: 'report-badges-count' }, b.issued || b.revoked
      ? plural(b.issued, 'badge valide', 'badges valides') + ' · ' + plural(b.revoked, 'retiré', 'retirés') + '.'
      : 'Aucun badge délivré pour l\u2019instant.'));
    if (!b.by_skill.length) return sec;
    sec.appendChild(table('report-badges-title', [th('Compétence'), th('Délivrés', { class: 'num' }), th('Retirés', { class: 'num' })],
      b.by_skill.map(function (s) { return h('tr', null, h('th', { scope: 'row' }, s.name), num(s.issued), num(s.revoked)); })));
    return sec;
  }

  // ---------------------------------------------------------------- print, CSV

  // The report alone goes to the printer: a copy of it is put at the top of the page,
  // everything else is hidden while printing (report.css), and the copy is removed after.
  function print() {
    if (!data) { msg.textContent = 'Le rapport n\u2019est pas encore chargé.'; return; }
    endPrint();
    sheet = h('div', { class: 'report-print-sheet' });
    const copy = el.cloneNode(true);
    copy.removeAttribute('id');
    sheet.appendChild(copy);
    document.body.appendChild(sheet);
    document.body.classList.add('printing-report');
    window.addEventListener('afterprint', endPrint);
    window.print();
  }

  function endPrint() {
    window.removeEventListener('afterprint', endPrint);
    document.body.classList.remove('printing-report');
    if (sheet) { sheet.remove(); sheet = null; }
  }

  async function downloadCsv() {
    msg.textContent = '';
    csvBtn.disabled = true;
    try {
      const blob = await ctx.api.blob(base + '.csv');
      const name = 'eclats-rapport-' + ctx.sessionId + '-' + slug(data && data.session.name) + '.csv';
      saveBlob(blob, name);
      msg.textContent = 'Fichier « ' + name + ' » téléchargé.';
      announce(msg.textContent);
    } catch (e) {
      msg.textContent = e.message;
    } finally {
      csvBtn.disabled = false;
    }
  }

  return {
    refresh: refresh,
    destroy: function () { gone = true; endPrint(); },
  };
}
