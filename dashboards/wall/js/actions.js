// Operator actions from the cards and panels: ack (a comment, optionally who you are and when the relay should
// take the ack back), unack, silence (the silence form, prefilled from the alert), expire a silence. Each is one
// protocol request; the relay broadcasts the resulting change to every open wall, this one included, so the page
// never updates itself optimistically: what you see is what the relay holds.

import {format} from './matchers.js';
import {parseDuration} from './time.js';
import {toggleLabels, toggleDescription} from './card.js';
import {SilenceForm} from './silenceform.js';
import {rememberedPerson, rememberPerson} from './person.js';

export class Actions {
  constructor({root, store, connection, header, ackDialog, silenceDialog}) {
    this.store = store;
    this.conn = connection;
    this.header = header;
    this.ackDialog = ackDialog;
    this.silenceForm = new SilenceForm(silenceDialog, store, (msg, success) => this.send(msg, success));
    root.addEventListener('click', ev => {
      const b = ev.target.closest('button[data-action]');
      if (b && b.dataset.action === 'labels') toggleLabels(b, this.store.alerts.get(b.dataset.fp));
      else if (b && b.dataset.action === 'describe') toggleDescription(b);
      else if (b) this.run(b.dataset);
    });
    this.wireAckDialog();
  }

  run({action, fp, silence, matchers, group}) {
    if (action === 'silence-group') {
      this.silenceForm.open({title: group, matchers});
      return;
    }
    const alert = fp && this.store.alerts.get(fp);
    if (action === 'ack') this.openAck(alert);
    else if (action === 'unack') this.send({type: 'unack', fingerprint: fp}, `Unacked ${alert.labels.alertname || fp}`);
    else if (action === 'silence') this.openSilence(alert);
    else if (action === 'expire') this.send({type: 'expire-silence', silenceId: silence}, 'Silence expired');
  }

  async send(msg, success) {
    try {
      const done = await this.conn.request(msg);
      this.header.notice(typeof success === 'function' ? success(done) : success);
      return true;
    } catch (e) {
      this.header.notice(`The relay refused: ${e.message}`, 'error');
      return false;
    }
  }

  openAck(alert) {
    const d = this.ackDialog;
    d.dataset.fp = alert.fingerprint;
    d.querySelector('.dialog-alert').textContent = alert.labels.alertname || alert.fingerprint;
    d.querySelector('[name=comment]').value = '';
    d.querySelector('[name=person]').value = rememberedPerson();
    d.querySelector('[name=expires]').value = '';
    d.querySelector('[name=expires-custom]').value = '';
    d.querySelector('.dialog-error').textContent = '';
    d.showModal();
  }

  wireAckDialog() {
    const d = this.ackDialog;
    const custom = d.querySelector('[name=expires-custom]');
    custom.addEventListener('input', () => { d.querySelector('[name=expires]').value = 'custom'; });
    d.querySelector('form').addEventListener('submit', async ev => {
      if (ev.submitter && ev.submitter.value === 'cancel') return;
      ev.preventDefault();
      const msg = {type: 'ack', fingerprint: d.dataset.fp, comment: d.querySelector('[name=comment]').value.trim()};
      const person = d.querySelector('[name=person]').value.trim();
      if (person) msg.person = person;
      rememberPerson(person);
      const expires = d.querySelector('[name=expires]').value;
      // empty: the relay's default (alerts.ackExpiry); "never"; or a duration the relay checks (1m to 30d)
      if (expires === 'custom') {
        if (!parseDuration(custom.value)) {
          d.querySelector('.dialog-error').textContent = 'Un-ack after: write it like 30m, 4h or 2d';
          return;
        }
        msg.expiresIn = custom.value.trim();
      } else if (expires) {
        msg.expiresIn = expires;
      }
      if (await this.send(msg, 'Acknowledged')) d.close();
    });
  }

  /** The silence form, prefilled with the alert's labels: edit them to silence more or less. */
  openSilence(alert) {
    const labels = Object.keys(alert.labels).sort().map(k => format(k, '=', alert.labels[k]));
    this.silenceForm.open({title: alert.labels.alertname || alert.fingerprint, matchers: labels.join(', ')});
  }
}
