// A side panel drawn from the store (Silences, Acknowledged): redrawn at most once a frame while it is open,
// as alert and silence frames arrive, so it is as live as the wall; its buttons depend on the role.

export class LivePanel {
  /** panel: the <aside>; name: its list and status elements are .<name>-list and .<name>-status. */
  constructor(panel, store, name) {
    this.panel = panel;
    this.list = panel.querySelector(`.${name}-list`);
    this.status = panel.querySelector(`.${name}-status`);
    this.store = store;
    this.canOperate = false;
    store.addEventListener('change', () => this.drawSoon());
  }

  setOperator(on) {
    this.canOperate = on;
    this.drawSoon();
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    if (open) this.draw();
  }

  drawSoon() {
    if (this.panel.hidden || this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => { this.pending = false; this.draw(); });
  }

  /** Redraws the whole panel; subclasses say what it shows. */
  draw() {}
}
