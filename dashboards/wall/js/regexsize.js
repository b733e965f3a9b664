// An upper bound on the size of the RE2 program a regex compiles to, read from its text without compiling it:
// the relay's RegexSize (relay-core, io.alertrelay.alert), line for line, so the wall refuses what the relay
// refuses before anything is built. Building the program is not bounded by the text: ((a{1000}){1000}){1000}
// is 24 characters and a billion instructions. The count is generous where the syntax is unusual ((?i) and
// group names count as literals) and exact in kind where it matters: every counted repeat multiplies what it
// repeats, nested repeats multiply.

/** At least the program size of `regex` once compiled, if it compiles; never less. */
export function upperBound(regex) {
  const stack = [];
  let size = 0;
  let last = 0; // the size of the atom a quantifier would apply to
  const n = regex.length;
  for (let i = 0; i < n; i++) {
    const c = regex[i];
    if (c === '\\') {
      const end = escapeEnd(regex, i);
      size += regex.startsWith('\\Q', i) ? Math.max(1, end - i) : 1;
      last = 1;
      i = end - 1;
    } else if (c === '[') {
      i = classEnd(regex, i) - 1;
      size += 1;
      last = 1;
    } else if (c === '(') {
      const flags = flagsEnd(regex, i);
      if (flags > 0) { // (?i) and the like: no atom of its own, a quantifier after it repeats the one before
        i = flags;
        continue;
      }
      stack.push(size, last);
      size = 0;
      last = 0;
    } else if (c === ')') {
      const group = size + 2;
      if (stack.length >= 2) {
        stack.pop();
        size = stack.pop();
      } else {
        size = 0;
      }
      size += group;
      last = group;
    } else if (c === '|') {
      size += 1;
      last = 0;
    } else if (c === '*' || c === '+' || c === '?') {
      size += 1;
      last += 1;
    } else if (c === '{') {
      const r = repeat(regex, i);
      if (r === null) {
        size += 1;
        last = 1;
      } else {
        const grown = (last + 1) * (r.max + 1);
        size = size - last + grown;
        last = grown;
        i = r.end;
      }
    } else {
      size += 1;
      last = 1;
    }
    if (size > 2147483647) return Infinity; // past what the relay counts (Integer.MAX_VALUE)
  }
  // an unclosed group does not compile; count it anyway
  while (stack.length >= 2) {
    stack.pop();
    size += stack.pop() + 2;
  }
  return size + 4; // the whole-match capture, the match instruction, and the anchors
}

/** For a flag group like (?i) or (?-s) at i, the index of its ')'; otherwise -1. */
function flagsEnd(s, i) {
  if (!s.startsWith('(?', i)) return -1;
  for (let j = i + 2; j < s.length; j++) {
    const c = s[j];
    if (c === ')') return j;
    if (!'imsU-'.includes(c)) return -1;
  }
  return -1;
}

/** For {n}, {n,} or {n,m} at i: the largest count and the index of the '}'; null when it is a literal '{'. */
function repeat(s, i) {
  let max = -1;
  let current = -1;
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j];
    if (c >= '0' && c <= '9') {
      current = Math.min(100000, (current < 0 ? 0 : current * 10) + (c.charCodeAt(0) - 48));
    } else if (c === ',' && max < 0 && current >= 0) {
      max = current;
      current = -1;
    } else if (c === '}' && (current >= 0 || max >= 0)) {
      return {max: Math.max(max, current), end: j};
    } else {
      return null;
    }
  }
  return null;
}

/** The index after the escape at i: \Q...\E, \p{...}, \x{...} or one character. */
function escapeEnd(s, i) {
  if (i + 1 >= s.length) return s.length;
  const e = s[i + 1];
  if (e === 'Q') {
    const end = s.indexOf('\\E', i + 2);
    return end < 0 ? s.length : end + 2;
  }
  if ((e === 'p' || e === 'P' || e === 'x') && s[i + 2] === '{') {
    const end = s.indexOf('}', i + 3);
    return end < 0 ? s.length : end + 1;
  }
  return i + 2;
}

/** The index after the character class opening at i. */
function classEnd(s, i) {
  let j = i + 1;
  if (s[j] === '^') j++;
  if (s[j] === ']') j++; // a leading ] is a literal
  while (j < s.length) {
    const c = s[j];
    if (c === '\\') {
      j = escapeEnd(s, j);
      continue;
    }
    if (c === '[' && s[j + 1] === ':') {
      const end = s.indexOf(':]', j + 2);
      if (end > 0) {
        j = end + 2;
        continue;
      }
    }
    if (c === ']') return j + 1;
    j++;
  }
  return s.length;
}
