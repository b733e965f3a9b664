// Draws the wall: filters, sorts and groups the store's alerts and puts cards (or table rows) on the page.
// Renders are coalesced to one per animation frame, and an element is rebuilt only when its alert value
// changed (alerts are replaced, never mutated), so a burst of changes on a wall of thousands stays cheap.
// A render builds new elements for at most BUILD_MS and finishes in the next frames: the most severe
// alerts (sorted first) are on screen at once however big the wall is, and the page never freezes.

const BUILD_MS = 40;
const BUILD_AT_LEAST = 100; // per frame, so a slow machine still makes progress
const COLLAPSED = 'alert-relay.collapsed';
// the name of the section silenced and inhibited alerts go to when shown (no label value can be it)
const SUPPRESSED = '\u0000suppressed';

import {h} from './dom.js';
import {rank, bucket, SEVERITIES, word} from './severity.js';
import {card, toggleLabels} from './card.js';
import {row, tableHead} from './table.js';
import {isSuppressed} from './filters.js';
import {format} from './matchers.js';

export class View extends EventTarget {
  constructor(root, store, filters) {
    super();
    this.root = root;
    this.store = store;
    this.filters = filters;
    this.canOperate = false;
    this.cache = new Map();  // fingerprint -> {alert, el, key}
    this.groups = new Map(); // group name -> {el, body}
    this.frame = 0;
    this.painted = false;
    // groups folded to their title and counts, by name, remembered in this browser
    this.collapsed = new Set(JSON.parse(localStorage.getItem(COLLAPSED) || '[]'));
  }

  /** Folds or unfolds a group: its title and counts stay, its alerts go. */
  toggleGroup(name) {
    if (this.collapsed.has(name)) this.collapsed.delete(name);
    else this.collapsed.add(name);
    localStorage.setItem(COLLAPSED, JSON.stringify([...this.collapsed].slice(-200)));
    this.schedule(false);
  }

  /**
   * Asks for a render at the next animation frame; many asks in one frame make one render. A render that
   * only continues building (nothing changed) reuses the last filtering, sorting and grouping.
   */
  schedule(changed = true) {
    if (changed) this.dirty = true;
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /**
   * Resolves once everything the store holds now is on the page: after the next render that built every
   * element (a big wall is built over several frames), so the connection can say live only then.
   */
  whenDrawn() {
    return new Promise(resolve => {
      (this.drawnWaiters ||= []).push(resolve);
      this.schedule(false);
    });
  }

  setOperator(canOperate) {
    if (canOperate === this.canOperate) return;
    this.canOperate = canOperate;
    this.cache.clear(); // buttons depend on the role
    this.schedule();
  }

  render() {
    const t0 = performance.now();
    if (this.dirty || !this.last) {
      const now = Date.now();
      const visible = [];
      for (const a of this.store.alerts.values()) if (this.filters.shows(a, now)) visible.push(a);
      visible.sort(compare);
      // silenced and inhibited alerts, when shown, sit in a muted section of their own after everything else
      const owned = visible.filter(a => !isSuppressed(a));
      const byGroup = group(owned, this.filters.get('group'));
      const suppressed = visible.filter(isSuppressed);
      if (suppressed.length) byGroup.set(SUPPRESSED, suppressed);
      this.last = {visible, byGroup};
      this.dirty = false;
    }
    const {visible, byGroup} = this.last;
    const table = this.filters.get('view') === 'table';
    const ctx = {
      canOperate: this.canOperate, silences: this.store.silences, alerts: this.store.alerts, fadeMs: this.filters.fadeMs,
    };
    // silences change what a card says about them, so a silence change rebuilds silenced cards
    const key = `${table ? 't' : 'c'}|${this.filters.fadeMs}|${this.silenceVersion || 0}`;
    const seen = new Set();
    const wanted = [];
    this.deadline = performance.now() + BUILD_MS;
    this.built = 0;
    this.unfinished = false;
    for (const [name, alerts] of byGroup) {
      const g = this.groupEl(name, table);
      seen.add(name);
      g.title.replaceChildren(...(name === SUPPRESSED
        ? [h('span', {class: 'group-name'}, `Silenced and inhibited (${alerts.length})`)]
        : groupTitle(name, alerts, this.filters.get('group'))));
      g.el.classList.toggle('suppressed-section', name === SUPPRESSED);
      g.shared.replaceChildren(...(name === SUPPRESSED ? [] : sharedLabels(alerts, this.filters.get('group'))));
      g.el.classList.toggle('small', alerts.length <= 8);
      const collapsed = this.collapsed.has(name);
      g.el.classList.toggle('collapsed', collapsed);
      g.title.setAttribute('aria-expanded', String(!collapsed));
      const els = [];
      if (table) els.push(g.head);
      for (const a of collapsed ? [] : alerts) {
        const el = this.element(a, ctx, key, table);
        if (el) els.push(el);
      }
      sync(g.body, els);
      wanted.push(g.el);
    }
    const unfinished = this.unfinished;
    if (unfinished) this.schedule(false);
    for (const [name] of this.groups) if (!seen.has(name)) this.groups.delete(name);
    sync(this.root, wanted);
    this.root.classList.toggle('table', table);
    this.root.classList.toggle('grouped', !!this.filters.get('group'));
    this.root.classList.toggle('empty', visible.length === 0);
    // drop cached elements of alerts the store no longer holds
    if (this.cache.size > this.store.alerts.size * 2) {
      for (const fp of this.cache.keys()) if (!this.store.alerts.has(fp)) this.cache.delete(fp);
    }
    performance.measure('wall:render', {start: t0, end: performance.now()});
    this.dispatchEvent(new CustomEvent('rendered', {detail: {visible}}));
    // marks for the first frame with alerts on screen and the first with all of them (tests read these)
    if (this.store.loaded && !this.marked) {
      this.marked = true;
      afterPaint('wall:first-paint');
    }
    if (this.store.loaded && !unfinished && !this.painted) {
      this.painted = true;
      afterPaint('wall:alerts-painted');
    }
    if (!unfinished && !this.dirty && this.drawnWaiters?.length) {
      const waiters = this.drawnWaiters;
      this.drawnWaiters = [];
      for (const w of waiters) w();
    }
  }

  silencesChanged() {
    this.silenceVersion = (this.silenceVersion || 0) + 1;
    this.schedule();
  }

  element(alert, ctx, key, table) {
    const c = this.cache.get(alert.fingerprint);
    const k = alert.silencedBy.length ? key : key.slice(0, key.lastIndexOf('|'));
    if (c && c.alert === alert && c.key === k) return c.el;
    if (this.built >= BUILD_AT_LEAST && performance.now() > this.deadline) {
      this.unfinished = true; // built in a later frame; until then the old element (if any) stands in
      return c ? c.el : null;
    }
    this.built++;
    const el = table ? row(alert, ctx) : card(alert, ctx);
    // keep an open label list open across a rebuild
    if (c && c.el.querySelector('.labels [aria-expanded=true]')) {
      const b = el.querySelector('.labels button');
      if (b) toggleLabels(b, alert);
    }
    this.cache.set(alert.fingerprint, {alert, el, key: k});
    return el;
  }

  groupEl(name, table) {
    let g = this.groups.get(name);
    if (!g) {
      // the title is a button: a click folds the group to its counts
      const title = h('h2', {class: 'group-title', role: 'button', tabindex: '0', dataset: {group: name}});
      title.addEventListener('click', () => this.toggleGroup(name));
      title.addEventListener('keydown', ev => {
        if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); this.toggleGroup(name); }
      });
      const shared = h('p', {class: 'group-shared'});
      const body = h('div', {class: 'group-body'});
      g = {el: h('section', {class: 'group', dataset: {group: name}}, title, shared, body), title, shared, body,
        head: tableHead()};
      this.groups.set(name, g);
    }
    g.body.setAttribute('role', table ? 'table' : 'list');
    return g;
  }
}

/** Marks the moment after the next frame has been painted. */
function afterPaint(name) {
  requestAnimationFrame(() => setTimeout(() => performance.mark(name), 0));
}

/**
 * What nobody owns yet comes first: firing before resolved; then alerts someone must act on (neither acked,
 * silenced nor inhibited) before those someone owns or that are suppressed; most severe first; newest first;
 * stable by fingerprint.
 */
function compare(a, b) {
  if (a.status !== b.status) return a.status === 'firing' ? -1 : 1;
  const o = owned(a) - owned(b);
  if (o) return o;
  const r = rank(a.severity) - rank(b.severity);
  if (r) return r;
  if (a.startsAt !== b.startsAt) return a.startsAt < b.startsAt ? 1 : -1;
  return a.fingerprint < b.fingerprint ? -1 : 1;
}

/** 0: needs someone; 1: acked (someone is on it); 2: silenced or inhibited (hidden unless asked for). */
function owned(a) {
  return isSuppressed(a) ? 2 : a.ack ? 1 : 0;
}

/**
 * Groups by a label's value, the worst group first: by its most severe alert that nobody owns, then by how
 * many of those it has, then by name; no label: one unnamed group.
 */
function group(sorted, label) {
  const out = new Map();
  if (!label) {
    out.set('', sorted);
    return out;
  }
  const byName = new Map();
  for (const a of sorted) {
    const v = label === 'source' ? a.source : label === 'severity' ? a.severity : a.labels[label];
    const name = v === undefined || v === '' ? `(no ${label})` : v;
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name).push(a);
  }
  const score = alerts => {
    let worst = 99;
    let n = 0;
    for (const a of alerts) {
      if (a.status !== 'firing' || owned(a)) continue;
      const r = rank(a.severity);
      if (r < worst) { worst = r; n = 0; }
      if (r === worst) n++;
    }
    return {worst, n};
  };
  const scored = [...byName].map(([name, alerts]) => ({name, alerts, ...score(alerts)}));
  scored.sort((x, y) => x.worst - y.worst || y.n - x.n || (x.name < y.name ? -1 : 1));
  for (const g of scored) out.set(g.name, g.alerts);
  return out;
}

function groupTitle(name, alerts, label) {
  if (!label) return [];
  const counts = {};
  let acked = 0;
  for (const a of alerts) {
    if (a.status !== 'firing' || isSuppressed(a)) continue;
    if (a.ack) acked++;
    else counts[bucket(a.severity)] = (counts[bucket(a.severity)] || 0) + 1;
  }
  const chips = SEVERITIES.filter(s => counts[s]).map(s =>
    h('span', {class: `chip sev-${s}`}, `${counts[s]} ${word(s).toLowerCase()}`));
  if (acked) chips.push(h('span', {class: 'chip acked-count'}, `${acked} acked`));
  return [h('span', {class: 'group-label'}, `${label} `), h('span', {class: 'group-name'}, name), ...chips];
}

/**
 * The labels every alert of a group has with the same value (besides the grouping one), said once; and, for
 * operators, "Silence group…": the silence form with the group's label and those shared labels.
 */
function sharedLabels(alerts, label) {
  if (!label || !alerts.length) return [];
  const first = alerts[0].labels;
  const keys = Object.keys(first).filter(k => k !== label && k !== 'alertname'
    && alerts.every(a => a.labels[k] === first[k])).sort();
  const shown = alerts.length < 2 ? [] : keys.map(k => h('span', {class: 'shared-label'}, `${k}=${first[k]}`));
  const own = label === 'source' || label === 'severity' ? null : first[label];
  if (own === undefined || own === null || own === '') return shown;
  const matchers = [format(label, '=', own), ...keys.map(k => format(k, '=', first[k]))].join(', ');
  return [...shown, h('button', {type: 'button', class: 'link operator-only',
    dataset: {action: 'silence-group', matchers, group: own}}, 'Silence group…')];
}

/**
 * Makes parent's children exactly `wanted`, in order, touching the DOM only where they differ: a new alert
 * on a wall of thousands is one insertion, not thousands of moves.
 */
function sync(parent, wanted) {
  const keep = new Set(wanted);
  for (let c = parent.firstElementChild; c;) {
    const next = c.nextElementSibling;
    if (!keep.has(c)) c.remove();
    c = next;
  }
  let cur = parent.firstElementChild;
  for (const el of wanted) {
    if (el === cur) {
      cur = cur.nextElementSibling;
    } else {
      parent.insertBefore(el, cur);
    }
  }
}
