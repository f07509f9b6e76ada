// Console: what the console's modules share — filled once by console.js (state, api,
// announce, and the session redraws), read by sessions.js, controls.js, reviews.js, teams.js.
export const MAX_DAY = 10;
export const c = {};
