// Label matchers in the protocol's (Alertmanager's) syntax: name="v", name!="v", name=~"re", name!~"re".
// The wall filters on the client with the same meaning the relay gives them (anchored regexes, a missing
// label matching as ""), so a matcher box that works here can be pasted into a subscribe or a silence.

const NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const OPS = ['=~', '!~', '!=', '='];

/**
 * Parses a list like `env="prod", instance=~"vps-.*"` (commas or spaces between matchers, optional {braces}).
 * Returns {matchers, error}: error is a message naming the problem, and matchers is then empty.
 */
export function parseMatchers(text) {
  const src = String(text || '').trim().replace(/^\{([\s\S]*)\}$/, '$1');
  const matchers = [];
  let i = 0;
  const skip = () => { while (i < src.length && /[\s,]/.test(src[i])) i++; };
  try {
    skip();
    while (i < src.length) {
      NAME.lastIndex = i;
      const name = NAME.exec(src);
      if (!name) throw new Error(`expected a label name at "${src.slice(i, i + 12)}"`);
      i += name[0].length;
      while (src[i] === ' ') i++;
      const op = OPS.find(o => src.startsWith(o, i));
      if (!op) throw new Error(`expected =, !=, =~ or !~ after "${name[0]}"`);
      i += op.length;
      while (src[i] === ' ') i++;
      const value = readValue();
      matchers.push(make(name[0], op, value));
      skip();
    }
  } catch (e) {
    return {matchers: [], error: e.message};
  }
  return {matchers, error: null};

  function readValue() {
    if (src[i] !== '"') {
      const start = i;
      while (i < src.length && !/[\s,]/.test(src[i])) i++;
      return src.slice(start, i);
    }
    let out = '';
    for (i++; i < src.length; i++) {
      const c = src[i];
      if (c === '\\' && i + 1 < src.length) {
        const n = src[++i];
        out += n === 'n' ? '\n' : n === '"' || n === '\\' ? n : '\\' + n;
      } else if (c === '"') {
        i++;
        return out;
      } else {
        out += c;
      }
    }
    throw new Error('a value opens a double quote but does not close it');
  }
}

function make(name, op, value) {
  let re = null;
  if (op === '=~' || op === '!~') {
    try {
      re = new RegExp(`^(?:${value})$`);
    } catch (e) {
      throw new Error(`bad regex "${value}" for ${name}`);
    }
  }
  return {name, op, value, re};
}

/** Whether an alert passes every matcher; severity falls back to the relay's defaulted severity. */
export function matchesAll(matchers, alert) {
  for (const m of matchers) {
    let v = alert.labels[m.name];
    if (v === undefined && m.name === 'severity') v = alert.severity;
    if (!matches(m, v === undefined ? '' : v)) return false;
  }
  return true;
}

function matches(m, v) {
  switch (m.op) {
    case '=': return v === m.value;
    case '!=': return v !== m.value;
    case '=~': return m.re.test(v);
    default: return !m.re.test(v);
  }
}

/** The canonical text of one matcher: name op "value", escaped so parseMatchers reads it back. */
export function format(name, op, value) {
  const escaped = String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `${name}${op}"${escaped}"`;
}
