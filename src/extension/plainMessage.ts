const MAX_MESSAGE_LENGTH = 1000;

/**
 * Makes a notification message plain text. VS Code turns `[label](command:…)`, `(https:…)` and
 * `(file:…)` in a notification into clickable links that run commands, and messages here quote
 * trace data (user ids, model and trace names), settings and server errors. Breaking `](` keeps
 * every character readable but no link can form; control and bidi characters become spaces.
 */
export function plainMessage(text: string): string {
  const cleaned = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/\]\s*\(/g, '] (');
  return cleaned.length > MAX_MESSAGE_LENGTH
    ? `${cleaned.slice(0, MAX_MESSAGE_LENGTH - 1)}…`
    : cleaned;
}
