// The only ways text from a service enters what discover writes or prints.
//
// codeString: a TypeScript string literal made of printable ASCII only. Every other code unit
// (controls, CR, LF, U+2028/U+2029, bidi and format characters, lone surrogates, all non-ASCII)
// is a \uXXXX escape, quotes and backslashes are escaped, and no star-slash ever appears, so the
// literal is safe wherever it is placed: in code, or inside a `//` or `/* */` comment.
//
// yamlString: a double-quoted YAML scalar of printable ASCII that Pulumi YAML reads back as exactly
// the text (`$` doubled: Pulumi YAML reads `${...}` as an interpolation), for --format yaml.
// (--format import-file writes JSON with JSON.stringify, which escapes every string.)
//
// terminalText: text for a terminal, with every control, bidi and format character (and lone
// surrogates) shown escaped, so a name cannot move the cursor, recolour or hide output.

const HEX = (unit: number) => `\\u${unit.toString(16).padStart(4, "0")}`;

/**
 * `text` as printable ASCII: every other code unit as \uXXXX, a backslash doubled, a star-slash broken
 * (its "/" escaped) and, with `quotes`, a double quote escaped. The body of a string literal
 * whose value is exactly `text`, and (without `quotes`) comment text that cannot end a comment.
 */
export function escapeText(text: string, quotes: boolean): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === 0x22 && quotes) out += '\\"';
    else if (unit === 0x5c) out += "\\\\";
    // "/" after "*" would close a block comment: escaped.
    else if (unit === 0x2f && i > 0 && text.charCodeAt(i - 1) === 0x2a) out += HEX(unit);
    else if (unit >= 0x20 && unit <= 0x7e) out += text[i];
    else out += HEX(unit);
  }
  return out;
}

/** `text` as a double-quoted TypeScript string literal of printable ASCII (its value is exactly `text`). */
export function codeString(text: string): string {
  return `"${escapeText(text, true)}"`;
}

/** Text for a `//` comment line: printable ASCII, one line, never closing a comment. */
export function commentText(text: string): string {
  return escapeText(text, false);
}

/** Characters a terminal may act on or render misleadingly: C0/C1 controls, DEL, bidi and format characters, line/paragraph separators. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `text` with every control, bidi and format character (and lone surrogate) shown as \uXXXX. */
export function terminalText(text: string): string {
  return text.replace(UNPRINTABLE, (c) => HEX(c.charCodeAt(0)));
}

/** A string as a double-quoted YAML scalar that Pulumi YAML reads back as exactly `text`. */
export function yamlString(text: string): string {
  let out = '"';
  for (const ch of text.replace(/\$/g, "$$$$")) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}
