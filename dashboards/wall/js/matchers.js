// Label matchers in the protocol's (Alertmanager's) syntax: name="v", name!="v", name=~"re", name!~"re".
// The wall filters on the client with the same meaning the relay gives them (anchored regexes, a missing
// label matching as ""), so a matcher box that works here can be pasted into a subscribe or a silence.
// Regexes are RE2, as in the relay (RE2/J) and Alertmanager (Go), through the vendored RE2JS: a match takes
// time linear in the value whatever the pattern, so no URL can freeze the tab the way (A+)+B does in a
// backtracking RegExp.

import {RE2JS} from './vendor/re2js/re2js.js';
import {upperBound} from './regexsize.js';

/** RE2 instructions one regex may compile to: the relay's default limits.maxRegexProgram. */
export const MAX_REGEX_PROGRAM = 1000;
// Above this by upperBound's count a regex is not compiled at all, as in the relay (its Matcher)
const MAX_PROGRAM_ESTIMATE = 40000;
const RE2_SYNTAX = 'RE2 syntax, as in the relay and Alertmanager: no backreferences, lookaround or possessive'
  + ' quantifiers';

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
  const re = op === '=~' || op === '!~' ? compile(name, value) : null;
  return {name, op, value, re};
}

/**
 * The value compiled as the relay compiles it: the pattern alone (so "a)|(b" is refused, where wrapping it
 * first would hide the stray parenthesis), sized on the same RE2 program, matched in full by matches().
 */
function compile(name, value) {
  // a value can be a URL's worth of text: the message shows its start, enough to find it in the box
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  const tooLarge = size => new Error(`regex "${shown}" for ${name} is too large: it ${size} RE2 instructions,`
    + ` the relay allows ${MAX_REGEX_PROGRAM} (limits.maxRegexProgram; about one per character, and x{n} counts`
    + ' x n times): simplify it or split it into several matchers');
  if (upperBound(value) > MAX_PROGRAM_ESTIMATE) throw tooLarge(`would compile to over ${MAX_PROGRAM_ESTIMATE}`);
  let re;
  try {
    re = RE2JS.compile(value);
  } catch (e) {
    const syntax = typeof e.getDescription === 'function';
    const what = syntax ? e.getPattern() || '' : '';
    // RE2JS refuses nested counts whose product passes 1000, as RE2 in C++ does; RE2/J builds them, and then
    // they are over the size limit: (a{40}){30} is 1262 instructions. Say so as the relay would.
    const counts = what.match(/\d+/g);
    if (syntax && e.getDescription() === 'invalid repeat count' && counts && counts.every(n => +n <= 1000)) {
      throw tooLarge(`would compile to over ${MAX_REGEX_PROGRAM}`);
    }
    const why = syntax ? `${e.getDescription()}${what ? ` \`${what}\`` : ''}` : e.message;
    throw new Error(`bad regex "${shown}" for ${name}: ${why} (${RE2_SYNTAX})`);
  }
  const size = re.programSize();
  if (size > MAX_REGEX_PROGRAM) throw tooLarge(`compiles to ${size}`);
  return re;
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
    // matches() is a full match, the same as Alertmanager's ^(?:value)$ and the relay's Matcher.matches()
    case '=~': return m.re.matches(v);
    default: return !m.re.matches(v);
  }
}

/** The canonical text of one matcher: name op "value", escaped so parseMatchers reads it back. */
export function format(name, op, value) {
  const escaped = String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `${name}${op}"${escaped}"`;
}
