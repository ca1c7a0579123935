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

import { Num, coreNumber } from "./form-number.js";

// YAML 1.1 words that are not text without quotes (booleans and nulls), and the starts of numbers,
// dates and other non-text values.
const RESERVED = /^(y|yes|n|no|true|false|on|off|null|~)$/i;
const PLAIN = /^[\p{L}\p{N}][\p{L}\p{N}_ ,.;'’()/&!?%+-]*$/u;
// What PyYAML accepts raw in a document (its reader's check), less the tab for plain use.
const PRINTABLE = /^[\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]*$/u;

/** The text of a scalar `value` written on the line of its key. */
export function scalar(value) {
  if (value instanceof Num) return value.yaml; // `1000.0`, not `1000`: a float stays a float
  if (typeof value === "number" && !Number.isInteger(value)) return String(value); // `12.5`, `1e-7`
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
    if (v !== null && typeof v === "object" && !(v instanceof Num)) {
      const keys = Object.keys(v);
      if (!keys.length) return out.push(`${lead} {}`);
      let itemLead = null;
      // `- first: ...`, the rest under it; only for the lead of a list item itself (`  -`), not for a key
      // written on an item's line (`- new_source:`), whose mapping goes on the lines below.
      if (lead && /^\s*-$/.test(lead)) itemLead = lead;
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

// --- reading a file back, with casebook's rules ----------------------------------------------

/** The largest file the form loads: casebook's own limit for a content file (loader.MAX_FILE_BYTES). */
export const MAX_BYTES = 256 * 1024;
/** The most values (texts, numbers, list items, fields) a loaded file may hold: a real school has a few
 * hundred; tens of thousands would take the page minutes to lay out as form fields. */
export const MAX_VALUES = 5000;

/** A file the form will not load, with the words to say why (and where, when known). */
export class Unloadable extends Error {}

// YAML 1.2 core scalars exactly as casebook resolves them (plugins/casebook/yamlsafe.py): only
// true/false in three spellings are booleans; integers are decimal digits (`0100` is 100, `0x1A` is
// text); no dates and no sexagesimal numbers (`12:45` is text); `no` is text. Numbers are read by
// form-number.js, which keeps a float a float (`1e3` is 1000.0, which a whole-number field refuses, as
// casebook does) and a long integer exact.
function coreSchema(yaml) {
  const number = (name, first) => yaml.defineScalarTag(`tag:yaml.org,2002:${name}`, {
    implicit: true,
    implicitFirstChars: first,
    resolve: (text) => {
      const n = coreNumber(text);
      const float = n instanceof Num ? n.float : !Number.isInteger(n);
      return n === null || float !== (name === "float") ? yaml.NOT_RESOLVED : n;
    },
    identify: () => false, // only read here, never written by js-yaml (dump() above writes the files)
  });
  const digits = [..."0123456789"];
  return yaml.FAILSAFE_SCHEMA.withTags(yaml.nullCoreTag, yaml.boolCoreTag, number("int", ["-", "+", ...digits]),
    number("float", ["-", "+", ".", ...digits]));
}

function count(value, limit) {
  let seen = 0;
  const stack = [value];
  while (stack.length) {
    const v = stack.pop();
    if (++seen > limit) return seen;
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === "object" && !(v instanceof Num)) for (const [k, x] of Object.entries(v)) stack.push(k, x);
  }
  return seen;
}

/**
 * The data of a school file's `text`, read as casebook reads it; `yaml` is the js-yaml module.
 * Throws `Unloadable` with a plain sentence for a file the form will not load.
 */
export function readFile(text, yaml) {
  if (text.length > MAX_BYTES) {
    throw new Unloadable(`it is larger than a case-study file can be (${MAX_BYTES / 1024} KB)`);
  }
  let data;
  try {
    data = yaml.load(text, { schema: coreSchema(yaml), maxAliases: 0 });
  } catch (error) {
    const message = String(error?.message || "");
    if (/alias/i.test(message)) {
      throw new Unloadable("it repeats parts of itself (written *name in the file), which a school's file never needs; the library refuses such files too");
    }
    const at = error?.mark ? ` at line ${error.mark.line + 1}, column ${error.mark.column + 1}` : "";
    throw new Unloadable(`its text could not be read${at} (look there for a quote or bracket left open, or a line indented unlike its neighbours)`);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new Unloadable("it does not hold a school's answers (a school's file starts with lines such as “title: Hilltop Primary School”)");
  }
  if (count(data, MAX_VALUES) > MAX_VALUES) {
    throw new Unloadable(`it holds more than ${MAX_VALUES.toLocaleString("en-GB")} values, far more than a case study has`);
  }
  return data;
}
