// How the wall looks: the theme (follows prefers-color-scheme unless the viewer picked light or dark), the
// density (a card per alert, or one line per alert), and wall mode (full screen, large type, dark, no controls: for a TV), toggled with the W key or ?wall=1.

const THEME = 'alert-relay.theme';
const DENSITY = 'alert-relay.density';

export class Display {
  constructor(filters) {
    this.filters = filters;
    this.theme = localStorage.getItem(THEME) || 'auto';
    // comfortable: a card per alert; compact: one line per alert (more of a big fleet on one screen)
    this.density = localStorage.getItem(DENSITY) || 'comfortable';
    this.apply();
  }

  setDensity(density) {
    this.density = density;
    localStorage.setItem(DENSITY, density);
    this.apply();
  }

  setTheme(theme) {
    this.theme = theme;
    localStorage.setItem(THEME, theme);
    this.apply();
  }

  get wall() { return this.filters.get('wall') === '1'; }

  /** Wall mode on or off; from a key press it also goes full screen (browsers allow that only on a gesture). */
  toggleWall(on = !this.wall) {
    this.filters.set({wall: on ? '1' : '0'});
    this.apply();
    const fs = document.fullscreenElement;
    if (on && !fs && document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(() => {}); // refused outside a gesture: fine
    } else if (!on && fs) {
      document.exitFullscreen().catch(() => {});
    }
  }

  apply() {
    const root = document.documentElement;
    const theme = this.wall ? 'dark' : this.theme;
    if (theme === 'auto') delete root.dataset.theme;
    else root.dataset.theme = theme;
    root.classList.toggle('wall-mode', this.wall);
    root.classList.toggle('compact', this.density === 'compact');
  }
}
