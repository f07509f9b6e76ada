// What each quest kind is called, on the mission cards and the quest screen. A module of
// its own: the mission list needs these names, not the quest screen (quest.js), which
// loads only when a quest is opened (README « Fast on a weak network »). The kind's
// screen itself is its entry in `screens` in quest.js (README, "Quest kinds").
export const KIND_LABELS = {
  riddle: 'Énigme', quiz: 'Quiz', dialogue: 'Dialogue', code_lock: 'Cadenas à code', clue_lock: 'Cadenas à indices',
  free_text: 'Réponse libre', photo: 'Photo', appointment: 'Rendez-vous', place: 'Lieu à trouver',
};

export function kindLabel(kind) {
  return KIND_LABELS[kind] || kind;
}
