// Write a record as YAML in the layout `casebook new` gives, filled in: the schema comment on the
// first line, fields in the schema's order, Markdown text as folded blocks (`>-`), lists as `- `
// lines, and `[]` / `{}` for the optional lists and mappings the template writes empty.
//
// The text must read back as exactly the same values with PyYAML (YAML 1.1, which the checks use)
// and with any YAML 1.2 reader, so a scalar is written plain only when no YAML reader could take
// it for anything but that text; otherwise it is quoted. A folded block keeps a line break only as
// a blank line, so each "\n" of the text is written as one blank line, and long lines are wrapped
// at single spaces. Text a folded block cannot hold exactly (lines starting or ending with spaces)
// is written as a literal block (`|-`), and text with characters YAML does not allow raw, quoted.

// YAML 1.1 words that are not text without quotes (booleans and nulls), and the starts of numbers,
// dates and other non-text values.
const RESERVED = /^(y|yes|n|no|true|false|on|off|null|~)$/i;
const PLAIN = /^[\p{L}\p{N}][\p{L}\p{N}_ ,.;'’()/&!?%+-]*$/u;
// What PyYAML accepts raw in a document (its reader's check), less the tab for plain use.
const PRINTABLE = /^[\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

/** The text of a scalar `value` written on the line of its key. */
export function scalar(value) {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "null";
  const text = String(value);
  const plain = PLAIN.test(text) && !RESERVED.test(text) && !/^[\p{N}]/u.test(text) && !/ $|: | #/.test(text);
  return plain ? text : quoted(text);
}

/** `text` in double quotes, every character YAML might not take raw escaped. */
export function quoted(text) {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0) || (code >= 0xd800 && code < 0xe000)
      || code === 0xfffe || code === 0xffff || code === 0x2028 || code === 0x2029) {
      out += `\\u${code.toString(16).padStart(4, "0")}`; // YAML 1.1 takes U+2028/9 for line breaks
    } else out += ch;
  }
  return `${out}"`;
}

// The words of one line of text wrapped at `width` (counting the indent), split at single spaces only.
function wrap(line, indent, width) {
  if (line.length + indent <= width || line.includes("  ")) return [line];
  const lines = [];
  let current = "";
  for (const word of line.split(" ")) {
    if (current && current.length + 1 + word.length + indent > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  lines.push(current);
  return lines;
}

/** The lines of a block scalar holding `text`, its indicator first (`>-`, `|-`), or null if none can. */
export function block(text, indent, width) {
  if (!text || !PRINTABLE.test(text) || /^\s|\s$/.test(text) || /[\r\x85\u2028\u2029]/.test(text)) return null;
  const pad = " ".repeat(indent);
  const lines = text.split("\n");
  if (lines.every((l) => !/^[ \t]|[ \t]$/.test(l))) {
    // Folded: runs of n line breaks become n blank lines; the rest is wrapped at single spaces.
    const out = [">-"];
    for (const part of text.split(/(\n+)/)) {
      if (part.startsWith("\n")) for (let i = 0; i < part.length; i++) out.push("");
      else for (const l of wrap(part, indent, width)) out.push(pad + l);
    }
    return out;
  }
  if (/^[ \t]/.test(lines[0])) return null;
  return ["|-", ...lines.map((l) => (l ? pad + l : ""))];
}

/**
 * Write `record` as YAML. `isBlock(path)` says whether the string at `path` (an array of keys and
 * indexes) is Markdown text, written as a block. `first` is the comment line that starts the file.
 */
export function dump(record, { first, width = 92, isBlock = () => false }) {
  const out = first ? [first] : [];
  const value = (v, path, indent, lead) => {
    // `lead` is what stands before the value on its line: "key:" or "- " (for a list item).
    const pad = " ".repeat(indent);
    if (Array.isArray(v)) {
      if (!v.length) return out.push(`${lead} []`);
      if (lead) out.push(lead);
      v.forEach((item, i) => value(item, [...path, i], indent + 2, `${pad}  -`));
      return;
    }
    if (v !== null && typeof v === "object") {
      const keys = Object.keys(v);
      if (!keys.length) return out.push(`${lead} {}`);
      let itemLead = null;
      if (lead && lead.trimStart().startsWith("-")) itemLead = lead; // `- first: ...`, the rest under it
      else if (lead) out.push(lead);
      const inner = itemLead ? indent + 2 : indent + (lead ? 2 : 0);
      keys.forEach((k, n) => {
        const keyText = scalar(k);
        const before = itemLead && n === 0 ? `${itemLead} ${keyText}:` : `${" ".repeat(inner)}${keyText}:`;
        value(v[k], [...path, k], inner, before);
      });
      return;
    }
    if (typeof v === "string" && isBlock(path)) {
      const lines = block(v, indent + 2, width);
      if (lines) {
        out.push(`${lead} ${lines[0]}`, ...lines.slice(1));
        return;
      }
    }
    out.push(`${lead} ${scalar(v)}`);
  };
  for (const [k, v] of Object.entries(record)) value(v, [k], 0, `${scalar(k)}:`);
  return `${out.join("\n")}\n`;
}
