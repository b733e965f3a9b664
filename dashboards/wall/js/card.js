// One alert as a card: severity (icon + word + colour), name, summary first (a resolved one says why it
// resolved, never its firing text as if still true: says.js), whether its source failed (stale), where
// it fires, how long, who acked it and why, what silences it; labels only on demand. Buttons carry
// data-action and are handled by one delegated listener (actions.js), so thousands of cards add no listeners.

import {h} from './dom.js';
import {bucket, icon, word} from './severity.js';
import {since, clock, duration} from './time.js';
import {summaryOf, firingText, resolvedReason, detailOf} from './says.js';
import {isInhibited} from './filters.js';
import {signed} from './person.js';
import {timeLeft} from './silences.js';

export function card(alert, ctx) {
  const sev = bucket(alert.severity);
  const resolved = alert.status === 'resolved';
  const stale = !resolved && alert.stale;
  const el = h('article', {
    class: `card sev-${sev}${resolved ? ' resolved' : ''}${stale ? ' stale' : ''}${alert.ack ? ' acked' : ''}`
      + `${alert.silencedBy.length ? ' silenced' : ''}${isInhibited(alert) ? ' inhibited' : ''}`,
    dataset: {fp: alert.fingerprint},
    tabindex: '-1', // one focus stop for all cards: keys.js moves it
    'aria-label': `${word(alert.severity)}${stale ? ' (stale)' : ''}: ${title(alert)}`,
  },
  h('header', {class: 'card-head'},
    h('span', {class: 'sev'}, icon(sev), h('span', {class: 'sev-word'}, word(alert.severity)),
      resolved && h('span', {class: 'resolved-word'}, '· Resolved')),
    h('h3', {class: 'name', title: title(alert)}, title(alert)),
    resolved ? since('resolved', alert.endsAt, `ago, at ${clock(alert.endsAt)}`) : since('firing for', alert.startsAt)),
  said(alert),
  stale && staleLine(alert.stale),
  detail(alert),
  resolved && resolvedLines(alert),
  h('p', {class: 'where'}, where(alert)),
  links(alert),
  alert.ack && ackLine(alert.ack),
  ...alert.silencedBy.map(id => silenceLine(id, ctx)),
  isInhibited(alert) && inhibitedLine(alert, ctx),
  labels(alert),
  // a silenced alert is owned by its silence: nothing to ack or silence again (Expire is on its silence line)
  ctx.canOperate && !resolved && !alert.silencedBy.length && actions(alert));
  if (resolved) fade(el, alert, ctx.fadeMs);
  return el;
}

/** A stale alert still fires, but its source stopped reporting: nobody can tell whether it is still true. */
export function staleLine(stale) {
  return h('p', {class: 'stale-line', title: stale.reason},
    h('span', {class: 'badge'}, '⚠'), since('source failed', stale.since, 'ago'),
    stale.reason ? h('span', {class: 'stale-reason'}, stale.reason) : null);
}

/**
 * The summary. A log line the alert quotes (its `example` annotation) is set apart in monospace, wrapping
 * anywhere, so a long line never breaks the card; it is text, never markup.
 */
function said(alert) {
  const text = summaryOf(alert.status, alert.annotations);
  const line = alert.status === 'resolved' ? '' : alert.annotations.example || '';
  if (!text && !line) return null;
  if (!line) return h('p', {class: 'summary'}, text);
  const full = text.includes(line) ? text : `${text} ${line}`.trim();
  if (text.endsWith(line) && text.length > line.length) {
    return h('p', {class: 'summary', title: full}, text.slice(0, text.length - line.length),
      h('code', {class: 'line'}, line));
  }
  if (text.includes(line)) return h('p', {class: 'summary', title: full}, text);
  return h('p', {class: 'summary', title: full}, text ? `${text} ` : null, h('code', {class: 'line'}, line));
}

// a description longer than this may not fit the card's two lines: it gets a "More" toggle
const LONG_DESCRIPTION = 140;

/**
 * The description besides the summary, on demand: two lines on a card with "More" for the rest when it is long;
 * in compact density hidden, and in a table row behind a "Description" toggle (rowDetail).
 */
function detail(alert) {
  const d = detailOf(alert.status, alert.annotations);
  if (!d) return null;
  const long = d.length > LONG_DESCRIPTION || d.includes('\n');
  return h('div', {class: 'desc'}, h('p', {class: 'detail'}, d), long && describeButton(alert, 'More'));
}

/** A table row's description, closed until asked for, or null. */
export function rowDetail(alert) {
  const d = detailOf(alert.status, alert.annotations);
  return d ? h('div', {class: 'desc'}, describeButton(alert, 'Description'), h('p', {class: 'detail'}, d)) : null;
}

function describeButton(alert, label) {
  return h('button', {type: 'button', class: 'link more', 'aria-expanded': 'false',
    dataset: {action: 'describe', fp: alert.fingerprint, label}}, label);
}

/** Shows or hides the whole description (actions.js). */
export function toggleDescription(button) {
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  button.parentElement.classList.toggle('open', open);
  button.textContent = open ? 'Less' : button.dataset.label;
}

/** Why it resolved; what it said while firing only labelled as such, never as what is true now. */
function resolvedLines(alert) {
  const why = resolvedReason(alert.status, alert.annotations);
  const was = firingText(alert.status, alert.annotations);
  const frag = document.createDocumentFragment();
  if (why) frag.append(h('p', {class: 'resolved-reason'}, why));
  if (was) frag.append(h('p', {class: 'was'}, h('span', {class: 'was-label'}, 'While firing: '), was));
  return frag;
}

export function title(alert) {
  return alert.labels.alertname || alert.fingerprint;
}

export function summary(alert) {
  return summaryOf(alert.status, alert.annotations);
}

export function where(alert) {
  const l = alert.labels;
  // the relay's own alerts (RelayPluginFailed) are about a plugin: name it
  return [l.plugin && `plugin ${l.plugin}`, l.instance || l.host || l.node || l.pod, l.job || l.service,
    l.env || l.environment, alert.source]
    .filter(Boolean).join(' · ');
}

export function ackLine(ack) {
  return h('p', {class: 'ack'}, h('span', {class: 'badge'}, '✔ Acked'),
    ` by ${signed(ack.by, ack.person)} `, since('', ack.at, 'ago'),
    ack.expiresAt ? h('span', {class: 'ack-until', title: 'the relay takes the ack back then'}, ` · until ${clock(ack.expiresAt)}`) : null,
    ack.comment ? ' ' : null, ack.comment ? h('q', null, ack.comment) : null);
}

export function silenceLine(id, ctx) {
  const s = ctx.silences.get(id);
  return h('div', {class: 'silence-line'},
    h('span', {class: 'badge'}, '⊘ Silenced'),
    s ? ` by ${signed(s.createdBy, s.person)}, ${duration(Date.parse(s.endsAt) - Date.now())} left ` : ' ',
    s && s.comment ? h('q', null, s.comment) : null,
    s && timeLeft(Math.max(0, Date.parse(s.endsAt) - Date.now()), Date.parse(s.endsAt) - Date.parse(s.startsAt)),
    ctx.canOperate && h('button', {type: 'button', class: 'link', dataset: {action: 'expire', silence: id}},
      'Expire silence'));
}

/**
 * Which firing alerts hide this one through an inhibition rule, by name ("Inhibited by HostDown"); an inhibiting
 * alert the wall does not hold (filtered out on the relay's side) is named by its fingerprint.
 */
export function inhibitedLine(alert, ctx) {
  return h('p', {class: 'inhibited-line'}, h('span', {class: 'badge'}, '⇣ Inhibited'), ` by ${inhibitors(alert, ctx)}`);
}

/** The names of the alerts that inhibit this one, each once, in the relay's (fingerprint) order. */
export function inhibitors(alert, ctx) {
  const names = alert.inhibitedBy.map(fp => {
    const source = ctx.alerts.get(fp);
    return source ? title(source) : fp;
  });
  return [...new Set(names)].join(', ');
}

/**
 * The runbook, the graph that made the alert and the dashboards behind it, as links, when it carries them
 * (runbook_url; generatorURL; Grafana's dashboardURL and panelURL); only http(s) addresses, so no alert text can
 * run script.
 */
export function links(alert) {
  const a = alert.annotations;
  const found = [['Runbook', a.runbook_url || a.runbook], ['Source', alert.generatorURL || a.generator_url],
    ['Dashboard', a.dashboardURL || a.dashboard_url],
    ['Panel', a.panelURL || a.panel_url]]
    .filter(([, url]) => safeUrl(url))
    .map(([text, url]) => [text, safeUrl(url)]);
  if (!found.length) return null;
  return h('p', {class: 'links'}, ...found.map(([text, url]) =>
    h('a', {href: url, target: '_blank', rel: 'noopener noreferrer', title: url}, `${text} ↗`)));
}

/** An http(s) URL, or null: javascript:, data: and the like never become links. */
export function safeUrl(url) {
  if (!url) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A "Labels" toggle; the list itself is built on the first click (actions.js), not for every card. */
function labels(alert) {
  return h('div', {class: 'labels'}, h('button', {type: 'button', class: 'link', 'aria-expanded': 'false',
    dataset: {action: 'labels', fp: alert.fingerprint}}, `Labels (${Object.keys(alert.labels).length})`));
}

/** Opens or closes the label list of a card. */
export function toggleLabels(button, alert) {
  const box = button.parentElement;
  const open = button.getAttribute('aria-expanded') !== 'true';
  button.setAttribute('aria-expanded', String(open));
  box.querySelector('ul')?.remove();
  if (open) {
    const keys = Object.keys(alert.labels).sort();
    // each label a chip: click filters the wall to it, Alt+click filters it out (keys.js)
    box.append(h('ul', null, ...keys.map(k => h('li', {
      dataset: {label: k, value: alert.labels[k]}, title: 'Click: show only these · Alt+click: hide these',
    }, h('b', null, k), '=', alert.labels[k]))));
  }
}

function actions(alert) {
  const fp = alert.fingerprint;
  return h('div', {class: 'actions'},
    alert.ack
      ? h('button', {type: 'button', dataset: {action: 'unack', fp}}, 'Unack')
      : h('button', {type: 'button', dataset: {action: 'ack', fp}}, 'Ack'),
    h('button', {type: 'button', dataset: {action: 'silence', fp}}, 'Silence'));
}

/** A resolved card fades over the configured time; the negative delay resumes the fade where it stands. */
export function fade(el, alert, fadeMs) {
  const gone = Date.now() - Date.parse(alert.endsAt);
  el.style.setProperty('--fade', `${Math.max(1, fadeMs / 1000)}s`);
  el.style.setProperty('--fade-delay', `${-gone / 1000}s`);
}
