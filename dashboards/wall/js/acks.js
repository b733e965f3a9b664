// The Acknowledged panel: every firing alert someone acked, oldest ack first, with how long it has been acked,
// by whom (the token's name, and the person when the ack gave one), the comment, and when the relay takes the
// ack back if it has an expiry. Acks nobody finished are what this is for: the top of the list is the oldest.

import {h} from './dom.js';
import {bucket, icon, word} from './severity.js';
import {since, clock} from './time.js';
import {title, where} from './card.js';
import {LivePanel} from './livepanel.js';
import {signed} from './person.js';

export class Acks extends LivePanel {
  constructor(panel, store) {
    super(panel, store, 'acks');
  }

  draw() {
    const acked = [...this.store.alerts.values()]
      .filter(a => a.status === 'firing' && a.ack)
      .sort((a, b) => Date.parse(a.ack.at) - Date.parse(b.ack.at));
    this.status.textContent = acked.length
      ? `${acked.length} acknowledged, oldest first`
      : 'Nothing firing is acknowledged.';
    this.list.replaceChildren(...acked.map(a => this.entry(a)));
  }

  entry(a) {
    const sev = bucket(a.severity);
    return h('li', {class: `ack-entry sev-${sev}`, dataset: {fp: a.fingerprint}},
      h('div', {class: 'history-head'},
        h('span', {class: 'sev'}, icon(sev), h('span', {class: 'sev-word'}, word(a.severity))),
        h('b', null, title(a)), h('span', {class: 'muted'}, where(a))),
      h('p', {class: 'ack-for'}, since('acked for', a.ack.at), ` by ${signed(a.ack.by, a.ack.person)}`,
        a.ack.expiresAt ? ` · the relay un-acks it at ${clock(a.ack.expiresAt)}` : ''),
      a.ack.comment && h('p', {class: 'ack-comment'}, h('q', null, a.ack.comment)),
      this.canOperate && h('div', {class: 'silence-buttons'},
        h('button', {type: 'button', dataset: {action: 'unack', fp: a.fingerprint}}, 'Unack')));
  }
}

