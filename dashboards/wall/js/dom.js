// Tiny DOM helpers, so the other modules read as what they build rather than how.

/** Creates an element: h('span', {class: 'x', title: 't'}, 'text', child). Attributes set to null are skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'dataset') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Shows or hides an element with the hidden attribute (CSS may not override it: see base.css). */
export function show(el, visible) {
  el.hidden = !visible;
}
