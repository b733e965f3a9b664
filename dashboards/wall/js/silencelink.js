// "Silence this" links: a URL that opens the silence form prefilled, for a notification template to link to.
//   https://relay.example/?silence=alertname%3D%22DiskFull%22%2C%20instance%3D%22vps-01%22&for=2h&comment=disk%20swap
// silence: matchers in the filter box's syntax; for: a duration (90m, 2h, 3d; default 1h); comment; start: a
// time (RFC 3339) for a silence that starts later. Read once at load and taken out of the address bar, so a
// reload does not open the form again; the form still needs an operator to press Silence.

const KEYS = ['silence', 'for', 'comment', 'start'];

/** The prefill the page was opened with, or null; the address bar keeps everything else. */
export function takeSilenceLink() {
  const params = new URLSearchParams(location.search);
  if (!params.has('silence')) return null;
  const link = {
    title: 'from a link',
    matchers: params.get('silence'),
    duration: params.get('for') || '1h',
    comment: params.get('comment') || '',
    startsAt: params.get('start') && !Number.isNaN(Date.parse(params.get('start'))) ? params.get('start') : null,
  };
  for (const k of KEYS) params.delete(k);
  const qs = params.toString();
  history.replaceState(null, '', location.pathname + (qs ? `?${qs}` : '') + location.hash);
  return link;
}
