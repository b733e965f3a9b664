// One alert as a card: severity (icon + word + colour), name, summary first, where it fires, how long,
// who acked it and why, what silences it; labels only on demand. Buttons carry data-action and are handled
// by one delegated listener (actions.js), so thousands of cards add no listeners.

import {h} from './dom.js';
import {bucket, icon, word} from './severity.js';
import {since, clock} from './time.js';

export function card(alert, ctx) {
  const sev = bucket(alert.severity);
  const resolved = alert.status === 'resolved';
  const el = h('article', {
    class: `card sev-${sev}${resolved ? ' resolved' : ''}${alert.ack ? ' acked' : ''}${alert.silencedBy.length ? ' silenced' : ''}`,
    dataset: {fp: alert.fingerprint},
    'aria-label': `${word(alert.severity)}: ${title(alert)}`,
  },
  h('header', {class: 'card-head'},
    h('span', {class: 'sev'}, icon(sev), h('span', {class: 'sev-word'}, word(alert.severity)),
      resolved && h('span', {class: 'resolved-word'}, '· Resolved')),
    h('h3', {class: 'name'}, title(alert)),
    resolved ? since('resolved', alert.endsAt, 'ago') : since('firing for', alert.startsAt)),
  summary(alert) && h('p', {class: 'summary'}, summary(alert)),
  h('p', {class: 'where'}, where(alert)),
  alert.ack && ackLine(alert.ack),
  ...alert.silencedBy.map(id => silenceLine(id, ctx)),
  labels(alert),
  ctx.canOperate && !resolved && actions(alert));
  if (resolved) fade(el, alert, ctx.fadeMs);
  return el;
}

export function title(alert) {
  return alert.labels.alertname || alert.fingerprint;
}

export function summary(alert) {
  return alert.annotations.summary || alert.annotations.description || alert.annotations.message || '';
}

export function where(alert) {
  const l = alert.labels;
  return [l.instance || l.host || l.node || l.pod, l.job || l.service, l.env || l.environment, alert.source]
    .filter(Boolean).join(' · ');
}

export function ackLine(ack) {
  return h('p', {class: 'ack'}, h('span', {class: 'badge'}, '✔ Acked'), ` by ${ack.by} `,
    since('', ack.at, 'ago'), ack.comment ? ' ' : null, ack.comment ? h('q', null, ack.comment) : null);
}

export function silenceLine(id, ctx) {
  const s = ctx.silences.get(id);
  return h('div', {class: 'silence-line'},
    h('span', {class: 'badge'}, '⊘ Silenced'),
    s ? ` by ${s.createdBy} until ${clock(s.endsAt)} ` : ' ',
    s && s.comment ? h('q', null, s.comment) : null,
    ctx.canOperate && h('button', {type: 'button', class: 'link', dataset: {action: 'expire', silence: id}},
      'Expire silence'));
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
    box.append(h('ul', null, ...keys.map(k => h('li', null, h('b', null, k), '=', alert.labels[k]))));
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
