// Who did something, as the wall shows it: the token's name (what the relay knows for sure) and, when they gave
// it, the person's name. The name an operator types into the ack or silence form is remembered in this browser,
// so a shared wall token still says who acted.

const KEY = 'alert-relay.person';

/** The name this browser remembers, or ''. */
export function rememberedPerson() {
  return localStorage.getItem(KEY) || '';
}

export function rememberPerson(name) {
  localStorage.setItem(KEY, name);
}

/** "operator (Maria)": the token's name, and the person when one was named. */
export function signed(by, person) {
  return person ? `${by} (${person})` : by;
}
