// The « Prochaine mission » choice (static/player/nextquest.js, README « The quest map »):
// a missed day first, the oldest one, then today, in the pack's order; nothing when all is done.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const { nextQuest, catchUpDays, pastDays, dayProgress, progressText } = await import(new URL('../../static/player/nextquest.js', import.meta.url).href);

function q(id, day, status, reward = 20) { return { id, day, status, reward }; }

// /api/me/quests's order: today first, then the earlier days, the latest first; the pack's
// order inside a day
const DAY3 = [
  q('d3-a', 3, 'solved'), q('d3-b', 3, 'available'), q('d3-c', 3, 'available'), q('d3-d', 3, 'locked'),
  q('d2-a', 2, 'solved'), q('d2-b', 2, 'failed'),
  q('d1-a', 1, 'solved'), q('d1-b', 1, 'locked'), q('d1-c', 1, 'available'), q('d1-d', 1, 'available'),
];

test('a missed day comes before today: its first playable quest', () => {
  const next = nextQuest(DAY3, 3);
  assert.equal(next.quest.id, 'd1-c');
  assert.equal(next.catchUp, true);
  assert.equal(next.day, 1);
});

test('of two missed days, the oldest first, whatever the list order', () => {
  const list = [q('d4-a', 4, 'available'), q('d3-a', 3, 'available'), q('d2-a', 2, 'available'), q('d1-a', 1, 'solved')];
  assert.equal(nextQuest(list, 4).quest.id, 'd2-a');
  assert.deepEqual(catchUpDays(list, 4), [2, 3]);
});

test('a past day with nothing playable left (solved, closed, locked, waiting) is not a catch-up', () => {
  const list = [
    q('d2-a', 2, 'available'), q('d2-b', 2, 'available'),
    q('d1-a', 1, 'solved'), q('d1-b', 1, 'failed'), q('d1-c', 1, 'locked'), q('d1-d', 1, 'pending_review'),
  ];
  assert.deepEqual(catchUpDays(list, 2), []);
  const next = nextQuest(list, 2);
  assert.equal(next.quest.id, 'd2-a'); // today's first in the pack's order
  assert.equal(next.catchUp, false);
});

test('nothing to play now: null (« Tout est fait pour aujourd\u2019hui »)', () => {
  assert.equal(nextQuest([q('a', 1, 'solved'), q('b', 1, 'pending_review'), q('c', 1, 'locked')], 1), null);
  assert.equal(nextQuest([], 1), null);
  assert.equal(nextQuest(null, 1), null);
});

test('a day\u2019s progress counts solved quests and their rewards', () => {
  const p = dayProgress([q('a', 1, 'solved', 40), q('b', 1, 'solved', 80), q('c', 1, 'available', 30), q('d', 1, 'failed', 10)]);
  assert.deepEqual(p, { solved: 2, total: 4, eclats: 120 });
  assert.equal(progressText(p), '2/4 missions · 120 éclats');
  assert.equal(progressText(dayProgress([q('a', 1, 'available')])), '0/1 mission · 0 éclat');
});

test('earlier days: the ones to catch up first, oldest first, then the others, latest first', () => {
  const list = [
    q('d5-a', 5, 'available'),
    q('d4-a', 4, 'solved'), q('d3-a', 3, 'available'), q('d2-a', 2, 'solved'), q('d1-a', 1, 'available'),
  ];
  assert.deepEqual(pastDays(list, 5), [1, 3, 4, 2]);
});
