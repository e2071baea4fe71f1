/**
 * Turns JSON with comments (VS Code's settings format) into strict JSON of the same length.
 * Comments and trailing commas become spaces and line breaks stay, so offsets and line numbers
 * in the result point at the same place in the original text.
 */
export function stripJsonc(text: string): string {
  const out = text.split('');
  let i = 0;
  // The index of the last comma outside strings, until a token other than whitespace follows.
  let pendingComma = -1;

  while (i < text.length) {
    const char = text[i];
    const next = text[i + 1];

    if (char === '"') {
      i = skipString(text, i);
      pendingComma = -1;
      continue;
    }
    if (char === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      blank(out, i, stop);
      i = stop;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      blank(out, i, stop);
      i = stop;
      continue;
    }

    if (char === ',') {
      pendingComma = i;
    } else if ((char === '}' || char === ']') && pendingComma !== -1) {
      out[pendingComma] = ' ';
      pendingComma = -1;
    } else if (char !== undefined && !/\s/.test(char)) {
      pendingComma = -1;
    }
    i++;
  }
  return out.join('');
}

/** Returns the index after the string that starts at `start` (a double quote). */
function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (char === '"' || char === '\n') {
      return i + 1;
    }
    i++;
  }
  return i;
}

/** Replaces the characters in [from, to) with spaces, keeping line breaks. */
function blank(out: string[], from: number, to: number): void {
  for (let i = from; i < to; i++) {
    if (out[i] !== '\n' && out[i] !== '\r') {
      out[i] = ' ';
    }
  }
}
