// The Silences panel: every silence the relay holds (expired ones for as long as it keeps them), active first,
// then pending (maintenance to come), then expired; for each its matchers, creator, comment, start and end, time
// left, and how many firing alerts it matches now. Operators create, change and expire from here; viewers only
// read. Redrawn from the store as silence and alert frames arrive, so every open wall shows the same.

import {h} from './dom.js';
import {parseMatchers, matchesAll} from './matchers.js';
import {clock, duration} from './time.js';
import {text} from './silenceform.js';
import {LivePanel} from './livepanel.js';
import {signed} from './person.js';

const ORDER = {active: 0, pending: 1, expired: 2};

export class Silences extends LivePanel {
  constructor(panel, store, form) {
    super(panel, store, 'silences');
    this.form = form;
    panel.querySelector('[data-new-silence]').addEventListener('click', () => this.form.open());
    panel.addEventListener('click', ev => {
      const b = ev.target.closest('button[data-edit]');
      if (b) this.form.open({silence: this.store.silences.get(b.dataset.edit)});
    });
  }

  draw() {
    const now = Date.now();
    const all = [...this.store.silences.values()].sort((a, b) => ORDER[state(a, now)] - ORDER[state(b, now)]
      || (state(a, now) === 'expired' ? Date.parse(b.endsAt) - Date.parse(a.endsAt)
        : state(a, now) === 'pending' ? Date.parse(a.startsAt) - Date.parse(b.startsAt)
          : Date.parse(a.endsAt) - Date.parse(b.endsAt)));
    const firing = [...this.store.alerts.values()].filter(a => a.status === 'firing');
    const n = {active: 0, pending: 0, expired: 0};
    for (const s of all) n[state(s, now)]++;
    this.status.textContent = all.length
      ? `${n.active} active · ${n.pending} pending · ${n.expired} recently expired`
      : 'No silences. A silence hides the alerts it matches until it ends.';
    this.list.replaceChildren(...all.map(s => this.entry(s, firing, now)));
  }

  entry(s, firing, now) {
    const st = state(s, now);
    const matchers = parseMatchers(s.matchers.map(text).join(', ')).matchers;
    const hits = matchers.length ? firing.filter(a => matchesAll(matchers, a)).length : 0;
    const span = Date.parse(s.endsAt) - Date.parse(s.startsAt);
    const left = Math.max(0, Date.parse(s.endsAt) - now);
    return h('li', {class: `silence-entry silence-${st}`, dataset: {id: s.id, state: st}},
      h('div', {class: 'silence-head'},
        h('span', {class: 'silence-state'}, st === 'active' ? '⊘ Active' : st === 'pending' ? '◷ Pending' : 'Expired'),
        h('span', {class: 'silence-matches'}, `matches ${hits} firing alert${hits === 1 ? '' : 's'}`)),
      h('ul', {class: 'chips'}, ...s.matchers.map(m => h('li', {class: 'chip'}, text(m)))),
      h('p', {class: 'silence-comment'}, h('q', null, s.comment || '(no comment)'), ` — ${signed(s.createdBy, s.person)}`),
      h('p', {class: 'silence-times muted'}, st === 'pending'
        ? `starts ${clock(s.startsAt)} (in ${duration(Date.parse(s.startsAt) - now)}), ends ${clock(s.endsAt)}`
        : st === 'active' ? `since ${clock(s.startsAt)}, ends ${clock(s.endsAt)} (${duration(left)} left)`
          : `${clock(s.startsAt)} to ${clock(s.endsAt)}, ended ${duration(now - Date.parse(s.endsAt))} ago`),
      st === 'active' && span > 0 && timeLeft(left, span),
      this.canOperate && st !== 'expired' && h('div', {class: 'silence-buttons'},
        h('button', {type: 'button', dataset: {edit: s.id}}, st === 'pending' ? 'Change' : 'Extend or change'),
        h('button', {type: 'button', dataset: {action: 'expire', silence: s.id}}, st === 'pending' ? 'Cancel' : 'Expire now')));
  }
}

/** A bar of the time left (set through the CSSOM: the page's CSP allows no style attributes). */
export function timeLeft(left, span) {
  const bar = h('span');
  bar.style.width = `${Math.round(100 * left / span)}%`;
  return h('div', {class: 'time-left', role: 'img', 'aria-label': `${duration(left)} left`}, bar);
}

/**
 * The silence's state: the relay's, which it sends as the silence starts and ends; between its frames a pending
 * silence whose start has passed, or an active one whose end has, moves along by this browser's clock.
 */
export function state(s, now) {
  if (s.status === 'expired' || Date.parse(s.endsAt) <= now) return 'expired';
  if (s.status === 'active') return 'active';
  return Date.parse(s.startsAt) > now ? 'pending' : 'active';
}
