// Sign-in. The URL the relay prints carries the token in the fragment (/#token=...), which browsers never
// send to a server; the page keeps it in sessionStorage (gone when the tab closes) and takes it out of the
// address bar at once, so it does not end up in bookmarks, screenshots or screen shares.

const KEY = 'alert-relay.token';

/** The token from the fragment (then removed from the URL) or from this tab's storage; null if neither. */
export function takeToken() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(null, '', location.pathname + location.search + (rest ? `#${rest}` : ''));
  }
  return sessionStorage.getItem(KEY);
}

export function token() {
  return sessionStorage.getItem(KEY);
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

/** Shows the sign-in form and resolves with the token typed into it. */
export function askForToken(dialog, message) {
  const form = dialog.querySelector('form');
  const input = form.querySelector('input[name=token]');
  dialog.querySelector('.signin-message').textContent = message || '';
  dialog.hidden = false;
  input.value = '';
  input.focus();
  return new Promise(resolve => {
    form.onsubmit = ev => {
      ev.preventDefault();
      const t = input.value.trim();
      if (!t) return;
      sessionStorage.setItem(KEY, t);
      dialog.hidden = true;
      resolve(t);
    };
  });
}
