// Severities as the wall shows them: a colour, a distinct icon shape and a word, so no one has to tell
// red from orange across a room (or at all: colour is never the only signal).

const KNOWN = {
  critical: {rank: 0, word: 'Critical', icon: 'octagon'},
  error: {rank: 1, word: 'Error', icon: 'square'},
  warning: {rank: 2, word: 'Warning', icon: 'triangle'},
  info: {rank: 3, word: 'Info', icon: 'circle'},
  none: {rank: 4, word: 'None', icon: 'dot'},
};
const OTHER = {rank: 5, word: 'Other', icon: 'diamond'};

/** The severities the toggles and counts list, most severe first. */
export const SEVERITIES = ['critical', 'error', 'warning', 'info', 'none', 'other'];

/** The bucket a severity falls in: one of SEVERITIES (unknown values go to "other", as in the relay's metrics). */
export function bucket(severity) {
  return KNOWN[severity] ? severity : 'other';
}

export function rank(severity) {
  return (KNOWN[severity] || OTHER).rank;
}

export function word(severity) {
  return KNOWN[severity] ? KNOWN[severity].word : severity;
}

const SHAPES = {
  octagon: '<path d="M7 1h6l6 6v6l-6 6H7l-6-6V7z"/><path d="M6 6l8 8M14 6l-8 8" class="glyph"/>',
  square: '<rect x="2" y="2" width="16" height="16" rx="2"/><path d="M10 5v6M10 14v1" class="glyph"/>',
  triangle: '<path d="M10 1l9 17H1z"/><path d="M10 7v5M10 15v1" class="glyph"/>',
  circle: '<circle cx="10" cy="10" r="9"/><path d="M10 9v6M10 5v1" class="glyph"/>',
  dot: '<circle cx="10" cy="10" r="5"/>',
  diamond: '<path d="M10 1l9 9-9 9-9-9z"/>',
};

const icons = new Map(); // shape -> parsed icon, cloned for each use (parsing SVG per card is slow)

/** An inline SVG icon for the severity; decorative, because the word is always next to it. */
export function icon(severity) {
  const shape = (KNOWN[severity] || OTHER).icon;
  let proto = icons.get(shape);
  if (!proto) {
    proto = document.createElement('span');
    proto.className = 'sev-icon';
    proto.setAttribute('aria-hidden', 'true');
    proto.innerHTML = `<svg viewBox="0 0 20 20" width="1em" height="1em">${SHAPES[shape]}</svg>`;
    icons.set(shape, proto);
  }
  return proto.cloneNode(true);
}
