// What an alert says, kept true: a resolved alert's firing sentence ("expires in 2 days") is no longer
// true, so it is never shown as what the alert says now. The relay marks a resolve that says something of
// its own with `resolved_reason` (a rule's "ProbeDown: resolved at value 1") or, for a stale alert it
// resolved itself, `firingSummary` (the sentence it fired with); a resolve without either (a push that only
// set endsAt, Alertmanager sending its firing annotations again) kept the firing text, which the wall then
// shows only labelled as what it said while firing. Shared by cards, table rows, history and notifications.

/** Whether a resolved alert's annotations were written for its resolve. */
export function saysResolved(annotations) {
  return 'resolved_reason' in annotations || 'firingSummary' in annotations;
}

/** The sentence the alert says now, or '' when it has nothing true to say. */
export function summaryOf(status, annotations) {
  const a = annotations;
  if (status !== 'resolved') return a.summary || a.description || a.message || '';
  return saysResolved(a) ? a.summary || '' : '';
}

/** What a resolved alert said while it fired (shown labelled as such), or ''. */
export function firingText(status, annotations) {
  const a = annotations;
  if (status !== 'resolved') return '';
  return saysResolved(a) ? a.firingSummary || '' : a.summary || a.description || a.message || '';
}

/** Why it resolved, when the relay says. */
export function resolvedReason(status, annotations) {
  return status === 'resolved' ? annotations.resolved_reason || '' : '';
}

/** The description, when it is said besides the summary (a firing alert's "how to bring it back"). */
export function detailOf(status, annotations) {
  const a = annotations;
  return status !== 'resolved' && a.summary && a.description && a.description !== a.summary ? a.description : '';
}
