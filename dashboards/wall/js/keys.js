// The keyboard: j/k or the arrow keys move a visible focus over the cards (or rows) in the order they are
// shown, a acks (or un-acks) the focused alert, s silences it, Enter opens its labels, ? lists the keys. The
// cards are one focus stop for Tab, not hundreds: the focused one has tabindex 0, the rest -1 (roving focus).
// Label chips filter the wall: a click adds name="value" to the matchers, Alt+click name!="value".

import {format} from './matchers.js';

export function wireKeys({root, store, filters, actions, keysDialog}) {
  let current = null; // fingerprint of the focused alert

  const items = () => [...root.querySelectorAll('[data-fp]:is(article.card, .row:not(.head))')];
  const focus = el => {
    if (!el) return;
    for (const old of root.querySelectorAll('[tabindex="0"][data-fp]')) old.tabIndex = -1;
    el.tabIndex = 0;
    el.focus({preventScroll: true});
    el.scrollIntoView({block: 'nearest'});
    current = el.dataset.fp;
  };
  const move = step => {
    const all = items();
    if (!all.length) return;
    const at = all.findIndex(el => el.dataset.fp === current);
    focus(all[at < 0 ? 0 : Math.max(0, Math.min(all.length - 1, at + step))]);
  };
  // a card rebuilt by a change keeps the focus: the new element takes the old one's place
  new MutationObserver(() => {
    if (!current || document.activeElement?.dataset?.fp === current) return;
    if (document.activeElement && document.activeElement !== document.body && !root.contains(document.activeElement)) return;
    const el = root.querySelector(`[data-fp="${current}"]:is(article.card, .row)`);
    if (el) { el.tabIndex = 0; if (document.activeElement === document.body) el.focus({preventScroll: true}); }
  }).observe(root, {childList: true, subtree: true});
  root.addEventListener('focusin', ev => {
    const el = ev.target.closest('[data-fp]:is(article.card, .row)');
    if (el) current = el.dataset.fp;
  });

  document.addEventListener('keydown', ev => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.target.closest('input, textarea, select, dialog')) return;
    const alert = current && store.alerts.get(current);
    const firing = alert && alert.status === 'firing';
    const operator = document.body.classList.contains('can-operate');
    if (ev.key === 'j' || ev.key === 'ArrowDown' || ev.key === 'ArrowRight') move(1);
    else if (ev.key === 'k' || ev.key === 'ArrowUp' || ev.key === 'ArrowLeft') move(-1);
    else if (ev.key === '?') keysDialog.showModal();
    else if (ev.key === 'a' && firing && operator) actions.run({action: alert.ack ? 'unack' : 'ack', fp: current});
    else if (ev.key === 's' && firing && operator) actions.run({action: 'silence', fp: current});
    else if (ev.key === 'Enter' && alert && ev.target.closest('[data-fp]:is(article.card, .row)') === ev.target) {
      ev.target.querySelector('button[data-action=labels]')?.click();
    } else return;
    ev.preventDefault();
  });

  // label chips: filter on click, exclude on Alt+click
  root.addEventListener('click', ev => {
    const chip = ev.target.closest('.labels li[data-label]');
    if (!chip) return;
    const m = format(chip.dataset.label, ev.altKey ? '!=' : '=', chip.dataset.value);
    const now = filters.get('m').trim();
    filters.set({m: now ? `${now}, ${m}` : m});
    document.querySelector('#matchers').value = filters.get('m');
  });
}
