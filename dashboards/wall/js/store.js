// What the wall knows: every alert and silence the relay sent, and where in the relay's journal that
// knowledge stands (epoch and seq), which is what a reconnect resumes from.

export class Store extends EventTarget {
  constructor() {
    super();
    this.alerts = new Map();   // fingerprint -> alert, as on the wire
    this.silences = new Map(); // id -> silence
    this.epoch = null;
    this.seq = null;
    this.loaded = false;       // a snapshot has arrived at least once
  }

  /** A snapshot replaces everything (reset or first load). */
  replace(snapshot, epoch) {
    this.alerts = new Map(snapshot.alerts.map(a => [a.fingerprint, a]));
    this.silences = new Map(snapshot.silences.map(s => [s.id, s]));
    this.epoch = epoch;
    this.seq = snapshot.seq;
    const first = !this.loaded;
    this.loaded = true;
    this.emit({kind: 'snapshot', reset: snapshot.reset, first});
  }

  /**
   * Applies one alert or silence frame. Returns false when its seq does not follow the last one (a gap),
   * in which case nothing is applied and the caller should resume from this.seq.
   */
  apply(frame) {
    if (this.seq !== null && frame.seq !== this.seq + 1) return false;
    this.seq = frame.seq;
    if (frame.type === 'alert') {
      const old = this.alerts.get(frame.alert.fingerprint);
      this.alerts.set(frame.alert.fingerprint, frame.alert);
      this.emit({kind: 'alert', alert: frame.alert, old});
    } else {
      this.silences.set(frame.silence.id, frame.silence);
      this.emit({kind: 'silence', silence: frame.silence});
    }
    return true;
  }

  /** Where to resume from, or null before the first snapshot. */
  since() {
    return this.epoch !== null && this.seq !== null ? {epoch: this.epoch, seq: this.seq} : null;
  }

  emit(detail) {
    this.dispatchEvent(new CustomEvent('change', {detail}));
  }
}
