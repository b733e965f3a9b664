// The controls around the wall: filter bar, settings and history panels, keyboard shortcuts. Each control
// writes to Filters (so the URL keeps it) or to Display/Attention (kept in this browser's localStorage).

import {$, h} from './dom.js';
import {SEVERITIES, icon, word} from './severity.js';

export function wireControls({filters, display, attention, history, silences, acks, onSignOut}) {
  $('#filters').addEventListener('submit', ev => ev.preventDefault());
  // panels and notices sit just below the header, whose height changes as it wraps on narrow screens
  const top = $('.top');
  new ResizeObserver(() => document.documentElement.style.setProperty('--top-h', `${top.offsetHeight}px`)).observe(top);

  const matchers = $('#matchers');
  const search = $('#search');
  matchers.value = filters.get('m');
  search.value = filters.get('q');
  // typing is debounced: with thousands of alerts, filtering on every key would stutter
  const setMatchers = debounce(() => filters.set({m: matchers.value}), 250);
  const setSearch = debounce(() => filters.set({q: search.value}), 150);
  // 'change' too: not every way of emptying a box (a form reset, a script, a test driver) fires 'input'
  for (const type of ['input', 'change']) {
    matchers.addEventListener(type, setMatchers);
    search.addEventListener(type, setSearch);
  }
  const matcherError = $('#matcher-error');
  const showError = () => {
    matcherError.hidden = !filters.matcherError;
    matcherError.textContent = filters.matcherError ? `Matchers not applied: ${filters.matcherError}` : '';
    matchers.setAttribute('aria-invalid', filters.matcherError ? 'true' : 'false');
  };
  filters.addEventListener('change', showError);
  showError();

  const toggles = $('#sev-toggles');
  for (const s of SEVERITIES) {
    const b = h('button', {type: 'button', class: `sev-toggle sev-${s}`, dataset: {severity: s}}, icon(s), word(s));
    b.setAttribute('aria-pressed', String(filters.severities.has(s)));
    b.addEventListener('click', () => {
      const on = new Set(filters.severities);
      if (on.has(s)) on.delete(s); else on.add(s);
      b.setAttribute('aria-pressed', String(on.has(s)));
      filters.set({sev: SEVERITIES.filter(x => on.has(x)).join(',')});
    });
    toggles.append(b);
  }

  const group = $('#group');
  if (filters.get('group') && ![...group.options].some(o => o.value === filters.get('group'))) {
    group.append(h('option', {value: filters.get('group')}, filters.get('group')));
  }
  group.value = filters.get('group');
  group.addEventListener('change', () => filters.set({group: group.value}));

  const viewButtons = [...document.querySelectorAll('[data-view]')];
  const drawView = () => viewButtons.forEach(b => b.setAttribute('aria-pressed', String(b.dataset.view === filters.get('view'))));
  viewButtons.forEach(b => b.addEventListener('click', () => { filters.set({view: b.dataset.view}); drawView(); }));
  drawView();

  const silenced = $('#show-silenced');
  silenced.checked = filters.get('silenced') === '1';
  silenced.addEventListener('change', () => filters.set({silenced: silenced.checked ? '1' : '0'}));
  const inhibited = $('#show-inhibited');
  inhibited.checked = filters.get('inhibited') === '1';
  inhibited.addEventListener('change', () => filters.set({inhibited: inhibited.checked ? '1' : '0'}));

  const fade = $('#fade');
  fade.value = filters.get('fade');
  fade.addEventListener('change', () => filters.set({fade: fade.value}));

  const theme = $('#theme');
  theme.value = display.theme;
  theme.addEventListener('change', () => display.setTheme(theme.value));
  const density = $('#density');
  density.value = display.density;
  density.addEventListener('change', () => display.setDensity(density.value));

  // phones: the filter bar folds behind one button (CSS shows the button only on small screens)
  const filtersButton = $('#filters-button');
  filtersButton.addEventListener('click', () => {
    const open = $('#filters').classList.toggle('open');
    filtersButton.setAttribute('aria-expanded', String(open));
  });

  wireAttention(attention);
  wirePanels({history, silences, acks});
  $('#wall-button').addEventListener('click', () => display.toggleWall(true));
  $('#sign-out').addEventListener('click', onSignOut);

  document.addEventListener('keydown', ev => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const typing = ev.target.closest('input, textarea, select, dialog');
    if (ev.key === 'Escape') {
      if (display.wall) display.toggleWall(false);
      document.querySelectorAll('.panel').forEach(p => { p.hidden = true; });
      return;
    }
    if (typing) return;
    const key = ev.key.toLowerCase();
    if (key === 'w') display.toggleWall();
    else if (key === '/') { ev.preventDefault(); search.focus(); }
    else if (key === 't') { filters.set({view: filters.get('view') === 'table' ? 'cards' : 'table'}); drawView(); }
    else if (key === 'h') history.toggle();
  });
}

function wireAttention(attention) {
  const body = $('#attention tbody');
  for (const s of SEVERITIES) {
    const box = kind => {
      const input = h('input', {type: 'checkbox', 'aria-label': `${kind === 'sound' ? 'Sound' : 'Notification'} for ${word(s)}`,
        dataset: {kind, severity: s}});
      input.checked = attention.enabled(kind, s);
      input.addEventListener('change', () => attention.set(kind, s, input.checked));
      return h('td', null, input);
    };
    body.append(h('tr', null, h('th', {scope: 'row'}, icon(s), ` ${word(s)}`), box('sound'), box('notify')));
  }
}

/** One panel open at a time: they take the same place on the right. */
function wirePanels({history, silences, acks}) {
  const settings = $('#settings');
  const closeOthers = except => document.querySelectorAll('.panel').forEach(p => { if (p !== except) p.hidden = true; });
  const opener = (button, panel, toggle) => $(button).addEventListener('click', () => {
    closeOthers(panel);
    toggle();
  });
  opener('#settings-button', settings, () => { settings.hidden = !settings.hidden; });
  opener('#history-button', history.panel, () => history.toggle());
  opener('#silences-button', silences.panel, () => silences.toggle());
  opener('#acks-button', acks.panel, () => acks.toggle());
  document.querySelectorAll('.panel [data-close]').forEach(b =>
    b.addEventListener('click', () => { b.closest('.panel').hidden = true; }));
}

function debounce(fn, ms) {
  let t;
  return () => { clearTimeout(t); t = setTimeout(fn, ms); };
}
