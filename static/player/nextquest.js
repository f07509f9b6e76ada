// Which quest the « Prochaine mission » button opens (README « The quest map »). Pure: no
// DOM, no storage, unit-tested in tests/js/questmap.test.mjs.
//
// The rule, in this order:
// 1. a catch-up: the OLDEST earlier day that still has a quest the team can play
//    (status « available »), and in that day its first such quest in the pack's order.
//    Quests of earlier days stay playable and keep their full reward, so a team that
//    missed a day is sent back to it first: it is also what today's quests often build on.
// 2. else today's first playable quest in the pack's order;
// 3. else nothing to play now (null): « Tout est fait pour aujourd'hui ».
// « The pack's order » is the order of the list /api/me/quests gives within a day.

export function playable(q) {
  return !!q && q.status === 'available';
}

/** Days before ``currentDay`` with at least one playable quest, oldest first. */
export function catchUpDays(quests, currentDay) {
  const days = [];
  (quests || []).forEach(function (q) {
    if (q.day < currentDay && playable(q) && days.indexOf(q.day) < 0) days.push(q.day);
  });
  return days.sort(function (a, b) { return a - b; });
}

/** The earlier days in the order the map lists them: the days to catch up first (oldest
 * first, the order « Prochaine mission » follows), then the others, the latest first. */
export function pastDays(quests, currentDay) {
  const late = catchUpDays(quests, currentDay);
  const rest = [];
  (quests || []).forEach(function (q) {
    if (q.day < currentDay && late.indexOf(q.day) < 0 && rest.indexOf(q.day) < 0) rest.push(q.day);
  });
  return late.concat(rest.sort(function (a, b) { return b - a; }));
}

/** {quest, catchUp, day} for the next quest to play, or null when nothing can be played now. */
export function nextQuest(quests, currentDay) {
  const list = quests || [];
  const late = catchUpDays(list, currentDay);
  if (late.length) {
    const day = late[0];
    const quest = list.filter(function (q) { return q.day === day && playable(q); })[0];
    return { quest: quest, catchUp: true, day: day };
  }
  const today = list.filter(function (q) { return q.day === currentDay && playable(q); })[0];
  return today ? { quest: today, catchUp: false, day: currentDay } : null;
}

/** A day's progress: quests solved out of all, and the éclats their rewards brought. */
export function dayProgress(quests) {
  let solved = 0;
  let eclats = 0;
  (quests || []).forEach(function (q) {
    if (q.status === 'solved') { solved += 1; eclats += q.reward || 0; }
  });
  return { solved: solved, total: (quests || []).length, eclats: eclats };
}

/** « 4/6 missions · 120 éclats »: the rewards of the quests solved (a review's bonus and
 * the hints taken show in the day's Bilan). */
export function progressText(p) {
  return p.solved + '/' + p.total + (p.total > 1 ? ' missions' : ' mission') + ' · ' + p.eclats + (p.eclats > 1 ? ' éclats' : ' éclat');
}
