// Operator actions from the cards: ack with a comment, unack, silence for 1h/4h/24h/custom, expire a
// silence. Each is one protocol request; the relay broadcasts the resulting change to every open wall,
// this one included, so the page never updates itself optimistically: what you see is what the relay holds.

import {parseMatchers, format} from './matchers.js';
import {parseDuration, clock} from './time.js';
import {toggleLabels} from './card.js';

export class Actions {
  constructor({root, store, connection, header, ackDialog, silenceDialog}) {
    this.store = store;
    this.conn = connection;
    this.header = header;
    this.ackDialog = ackDialog;
    this.silenceDialog = silenceDialog;
    root.addEventListener('click', ev => {
      const b = ev.target.closest('button[data-action]');
      if (b && b.dataset.action === 'labels') toggleLabels(b, this.store.alerts.get(b.dataset.fp));
      else if (b) this.run(b.dataset);
    });
    this.wireAckDialog();
    this.wireSilenceDialog();
  }

  run({action, fp, silence}) {
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
    d.showModal();
  }

  wireAckDialog() {
    const d = this.ackDialog;
    d.querySelector('form').addEventListener('submit', async ev => {
      if (ev.submitter && ev.submitter.value === 'cancel') return;
      ev.preventDefault();
      const comment = d.querySelector('[name=comment]').value.trim();
      const fp = d.dataset.fp;
      if (await this.send({type: 'ack', fingerprint: fp, comment}, 'Acknowledged')) d.close();
    });
  }

  openSilence(alert) {
    const d = this.silenceDialog;
    const labels = Object.keys(alert.labels).sort().map(k => format(k, '=', alert.labels[k]));
    d.querySelector('.dialog-alert').textContent = alert.labels.alertname || alert.fingerprint;
    d.querySelector('[name=matchers]').value = labels.join(', ');
    d.querySelector('[name=comment]').value = '';
    d.querySelector('[name=custom]').value = '';
    d.querySelector('[name=duration][value="1h"]').checked = true;
    d.querySelector('.dialog-error').textContent = '';
    d.showModal();
  }

  wireSilenceDialog() {
    const d = this.silenceDialog;
    const error = d.querySelector('.dialog-error');
    d.querySelector('[name=custom]').addEventListener('input', () => {
      d.querySelector('[name=duration][value=custom]').checked = true;
    });
    d.querySelector('form').addEventListener('submit', async ev => {
      if (ev.submitter && ev.submitter.value === 'cancel') return;
      ev.preventDefault();
      const parsed = parseMatchers(d.querySelector('[name=matchers]').value);
      if (parsed.error || !parsed.matchers.length) {
        error.textContent = parsed.error || 'Give at least one matcher, like alertname="DiskFull"';
        return;
      }
      const choice = d.querySelector('[name=duration]:checked').value;
      const ms = choice === 'custom' ? parseDuration(d.querySelector('[name=custom]').value) : parseDuration(choice);
      if (!ms) {
        error.textContent = 'Custom duration: write it like 90m, 2h, 3d or 1h30m';
        return;
      }
      const endsAt = new Date(Date.now() + ms).toISOString();
      const msg = {
        type: 'silence',
        matchers: parsed.matchers.map(m => format(m.name, m.op, m.value)),
        endsAt,
        comment: d.querySelector('[name=comment]').value.trim(),
      };
      if (await this.send(msg, `Silenced until ${clock(endsAt)}`)) d.close();
    });
  }
}
