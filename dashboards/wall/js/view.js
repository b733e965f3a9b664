// Draws the wall: filters, sorts and groups the store's alerts and puts cards (or table rows) on the page.
// Renders are coalesced to one per animation frame, and an element is rebuilt only when its alert value
// changed (alerts are replaced, never mutated), so a burst of changes on a wall of thousands stays cheap.

import {h} from './dom.js';
import {rank, bucket, SEVERITIES, word} from './severity.js';
import {card} from './card.js';
import {row, tableHead} from './table.js';

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
  }

  /** Asks for a render at the next animation frame; many asks in one frame make one render. */
  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  setOperator(canOperate) {
    if (canOperate === this.canOperate) return;
    this.canOperate = canOperate;
    this.cache.clear(); // buttons depend on the role
    this.schedule();
  }

  render() {
    const t0 = performance.now();
    const now = Date.now();
    const visible = [];
    for (const a of this.store.alerts.values()) if (this.filters.shows(a, now)) visible.push(a);
    visible.sort(compare);
    const table = this.filters.get('view') === 'table';
    const ctx = {canOperate: this.canOperate, silences: this.store.silences, fadeMs: this.filters.fadeMs};
    // silences change what a card says about them, so a silence change rebuilds silenced cards
    const key = `${table ? 't' : 'c'}|${this.filters.fadeMs}|${this.silenceVersion || 0}`;
    const byGroup = group(visible, this.filters.get('group'));
    const seen = new Set();
    const wanted = [];
    for (const [name, alerts] of byGroup) {
      const g = this.groupEl(name, table);
      seen.add(name);
      g.title.replaceChildren(...groupTitle(name, alerts, this.filters.get('group')));
      const els = alerts.map(a => this.element(a, ctx, key, table));
      if (table) els.unshift(g.head);
      sync(g.body, els);
      wanted.push(g.el);
    }
    for (const [name] of this.groups) if (!seen.has(name)) this.groups.delete(name);
    sync(this.root, wanted);
    this.root.classList.toggle('table', table);
    this.root.classList.toggle('empty', visible.length === 0);
    // drop cached elements of alerts the store no longer holds
    if (this.cache.size > this.store.alerts.size * 2) {
      for (const fp of this.cache.keys()) if (!this.store.alerts.has(fp)) this.cache.delete(fp);
    }
    performance.measure('wall:render', {start: t0, end: performance.now()});
    this.dispatchEvent(new CustomEvent('rendered', {detail: {visible}}));
    if (!this.painted && this.store.loaded) {
      this.painted = true;
      // the frame after this render is the first one with the alerts on screen
      requestAnimationFrame(() => setTimeout(() => performance.mark('wall:alerts-painted'), 0));
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
    const el = table ? row(alert, ctx) : card(alert, ctx);
    // keep an open labels section open across a rebuild
    if (c && c.el.querySelector('details[open]')) el.querySelector('details')?.setAttribute('open', '');
    this.cache.set(alert.fingerprint, {alert, el, key: k});
    return el;
  }

  groupEl(name, table) {
    let g = this.groups.get(name);
    if (!g) {
      const title = h('h2', {class: 'group-title'});
      const body = h('div', {class: 'group-body'});
      g = {el: h('section', {class: 'group'}, title, body), title, body, head: tableHead()};
      this.groups.set(name, g);
    }
    g.body.setAttribute('role', table ? 'table' : 'list');
    return g;
  }
}

/** Firing before resolved, most severe first, newest first; stable by fingerprint. */
function compare(a, b) {
  if (a.status !== b.status) return a.status === 'firing' ? -1 : 1;
  const r = rank(a.severity) - rank(b.severity);
  if (r) return r;
  if (a.startsAt !== b.startsAt) return a.startsAt < b.startsAt ? 1 : -1;
  return a.fingerprint < b.fingerprint ? -1 : 1;
}

/** Groups by a label's value (in order of their worst alert); no label: one unnamed group. */
function group(sorted, label) {
  const out = new Map();
  if (!label) {
    out.set('', sorted);
    return out;
  }
  for (const a of sorted) {
    const v = label === 'source' ? a.source : label === 'severity' ? a.severity : a.labels[label];
    const name = v === undefined || v === '' ? `(no ${label})` : v;
    if (!out.has(name)) out.set(name, []);
    out.get(name).push(a);
  }
  return out;
}

function groupTitle(name, alerts, label) {
  if (!label) return [];
  const counts = {};
  for (const a of alerts) if (a.status === 'firing') counts[bucket(a.severity)] = (counts[bucket(a.severity)] || 0) + 1;
  const chips = SEVERITIES.filter(s => counts[s]).map(s =>
    h('span', {class: `chip sev-${s}`}, `${counts[s]} ${word(s).toLowerCase()}`));
  return [h('span', {class: 'group-label'}, `${label} `), h('span', {class: 'group-name'}, name), ...chips];
}

/** Makes parent's children exactly `wanted`, in order, touching the DOM only where they differ. */
function sync(parent, wanted) {
  const have = parent.children;
  if (have.length === wanted.length) {
    let same = true;
    for (let i = 0; i < wanted.length && same; i++) same = have[i] === wanted[i];
    if (same) return;
  }
  // a fragment rather than spread arguments: walls of tens of thousands would overflow the argument limit
  const frag = document.createDocumentFragment();
  for (const el of wanted) frag.append(el);
  parent.replaceChildren(frag);
}
