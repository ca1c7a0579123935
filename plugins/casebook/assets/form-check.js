// The checks of `casebook validate` that concern one school file, run in the browser as the person
// types, with the same wording (plugins/casebook/loader.py `_message`, library.py for facet values
// and cited sources). Which values are wrong is decided by a JSON Schema validator
// (@cfworker/json-schema, vendored and pinned by package-lock.json) against the schema the page
// embeds, the very one editors use; this module only words each problem as casebook does.
// tests/browser/test_form.py compares these messages with the Python ones, mistake by mistake.

import { Validator } from "./vendor/cfworker-json-schema/index.js";
import { Num, isNumber, numberText, numeric } from "./form-number.js";

const PLACEHOLDER = /^TODO(:|$)/;
const NUMBER = /^[-+]?[0-9]+(\.[0-9]*)?$/;
const TYPE_WORDS = {
  integer: "a whole number",
  number: "a number",
  string: "text",
  boolean: "`true` or `false`",
  array: "a list (lines starting with `- `)",
  object: "a mapping (`field: value` lines)",
  null: "nothing",
};
// What a validator's error on a container says about the parts inside it: handled where the part is.
const WRAPPERS = new Set(["properties", "$ref", "items", "prefixItems", "allOf", "anyOf", "oneOf",
  "unevaluatedProperties", "unevaluatedItems", "contains", "dependentSchemas", "if", "then", "else"]);

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Num);

/** A schema node with its `$ref` followed. */
export function resolve(node, root) {
  let n = node || {};
  for (let i = 0; n.$ref && i < 20; i++) n = root.$defs?.[n.$ref.split("/").pop()] || {};
  return n;
}

/** The members of a union without `null` (which only marks a field optional). */
export function alternatives(node, root) {
  const n = resolve(node, root);
  // A node with properties of its own and a `oneOf` of `required` lists (a citation: `source` or
  // `new_source`) is one shape with a rule, not a choice of shapes.
  const members = n.anyOf || (n.oneOf && !n.properties ? n.oneOf : null) || [n];
  return members.map((m) => resolve(m, root)).filter((m) => m.type !== "null");
}

/** The schema node of the value at `path` (keys and indexes), or null. */
export function nodeAt(root, path) {
  let node = root;
  for (const part of path) {
    const members = alternatives(node, root);
    const holder = members.find((m) => (typeof part === "number" ? m.items : m.properties || m.additionalProperties));
    if (!holder) return null;
    if (typeof part === "number") node = holder.items;
    else node = holder.properties?.[part] || (isObject(holder.additionalProperties) ? holder.additionalProperties : null);
    if (!node) return null;
  }
  return node;
}

/** `facts.pupils`, `sections.advice[0].text`: a path as messages name it. */
export function dotted(path) {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : text ? `.${part}` : part;
  return text || "(file)";
}

// Python's repr() of a string, which the messages quote values with.
function repr(text) {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (ch === "\\" || ch === quote) out += `\\${ch}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + quote;
}

/** How a message describes a value: "the text 'lots'", "the number 150", "a list" ... */
export function describe(value) {
  if (value === null || value === undefined) return "nothing (an empty value)";
  if (typeof value === "boolean") return `the boolean \`${value}\``;
  if (isNumber(value)) return `the number ${numberText(value)}`;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    const chars = Array.from(value);
    return `the text ${repr(chars.length <= 60 ? value : `${chars.slice(0, 57).join("")}...`)}`;
  }
  return `the number ${numberText(value)}`;
}

const grouped = (n) => n.toLocaleString("en-US", { maximumFractionDigits: 20 });

// "a number from 0 to 100": the range of the whole field, from every member's bounds (loader._range).
function range(members) {
  let low = null;
  let high = null;
  let whole = true;
  for (const m of members) {
    if (m.type === "number") whole = false;
    if (m.minimum !== undefined) low = m.minimum;
    else if (m.exclusiveMinimum !== undefined) low = m.exclusiveMinimum;
    if (m.maximum !== undefined) high = m.maximum;
    else if (m.exclusiveMaximum !== undefined) high = m.exclusiveMaximum;
  }
  const noun = whole ? "a whole number" : "a number";
  if (whole && low !== null && high !== null && low >= 1000 && low <= high && high <= 3000) {
    return `a year from ${low} to ${high}`;
  }
  if (low !== null && high !== null) return `${noun} from ${grouped(low)} to ${grouped(high)}`;
  if (low !== null) return `${noun} of at least ${grouped(low)}`;
  return high !== null ? `${noun} of at most ${grouped(high)}` : noun;
}

// A `Num` is the float or the integer Python reads (form-number.js): `1e3` is a float, not an integer.
// Infinity and not-a-number are no number at all to casebook's models (`allow_inf_nan=False`).
const kindOf = (v) => (v === null ? "null" : Array.isArray(v) ? "array"
  : isNumber(v) && !Number.isFinite(numeric(v)) ? "not finite"
  : v instanceof Num ? (v.float ? "number" : "integer") : Number.isInteger(v) ? "integer" : typeof v);
const fits = (v, type) => !type || kindOf(v) === type || (type === "number" && kindOf(v) === "integer");
const chars = (s) => Array.from(s).length;
const outOfRange = (value, m, v = numeric(value)) => isNumber(value) && ((m.minimum !== undefined && v < m.minimum)
  || (m.maximum !== undefined && v > m.maximum) || (m.exclusiveMinimum !== undefined && v <= m.exclusiveMinimum)
  || (m.exclusiveMaximum !== undefined && v >= m.exclusiveMaximum));

// "`a`, `b` or `c`", as pydantic lists the values of a Literal.
const choices = (values) => {
  const quoted = values.map((v) => `\`${v}\``);
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted.at(-1)}` : quoted.join("");
};

// The first thing wrong with `value` as one member `m` of a field (in pydantic's order), or null.
function fault(value, m) {
  if ("const" in m) return value === m.const ? null : { kind: "literal", expected: `\`${m.const}\`` };
  if (m.enum && !m.enum.includes(value)) return { kind: "enum", expected: choices(m.enum) };
  if (!fits(value, m.type)) return { kind: "type", expected: TYPE_WORDS[m.type] || "text" };
  if (typeof value === "string") {
    if (m.minLength !== undefined && chars(value) < m.minLength) return { kind: "short", n: m.minLength };
    if (m.maxLength !== undefined && chars(value) > m.maxLength) return { kind: "long", n: m.maxLength };
    if (m.pattern && !new RegExp(m.pattern, "u").test(value)) return { kind: "pattern", pattern: m.pattern };
  }
  if (Array.isArray(value)) {
    if (m.minItems !== undefined && value.length < m.minItems) return { kind: "short", n: m.minItems };
    if (m.maxItems !== undefined && value.length > m.maxItems) return { kind: "long-list", n: m.maxItems };
  }
  if (outOfRange(value, m)) return { kind: "range" };
  return null;
}

function hints(value, alternatives) {
  if (typeof value === "boolean" && alternatives.includes("text")) {
    return "; in YAML, unquoted true/false are booleans: put the text in quotes";
  }
  if (isNumber(value) && alternatives.includes("text")) return "; put it in quotes to make it text";
  if (typeof value === "string" && NUMBER.test(value.trim())
    && (alternatives.includes("number") || alternatives.includes("year"))) {
    return "; remove the quotes to make it a number";
  }
  if (typeof value === "string" && value.trim().toLowerCase() === "not stated" && alternatives.includes("`not stated`")) {
    return "; write `not stated` in lower case";
  }
  if (typeof value === "string" && alternatives.includes("number") && /\d/.test(value)) {
    return "; give the number alone, and say more in a note beside it";
  }
  return "";
}

/** The message for the value at `path` when it does not fit its schema `node`, or null when it does. */
export function fieldMessage(path, value, node, ctx) {
  const where = `\`${dotted(path)}\``;
  const members = alternatives(node, ctx.schema);
  const faults = members.map((m) => fault(value, m));
  if (!members.length || faults.some((f) => f === null)) return null;
  const patternWords = (p) => ctx.patterns[p] || `text matching \`${p}\``;
  const first = faults[0];
  if (members.length === 1 && first.kind === "enum" && path[0] === "facets" && path.length === 3) {
    return facetValue(String(path[1]), value, members[0].enum);
  }
  if (members.length === 1 && first.kind === "pattern") {
    let hint = "";
    if (typeof value === "string" && value.trim().toLowerCase() === "not stated" && value !== "not stated") {
      hint = "; write `not stated` in lower case";
    } else if (typeof value === "string" && first.pattern === SLUG && value.toLowerCase() !== value) {
      hint = "; ids are lower case";
    }
    return `${where} should be ${patternWords(first.pattern)}, got ${describe(value)}${hint}`;
  }
  if (members.length === 1 && first.kind === "short") return `${where} must not be empty`;
  if (members.length === 1 && first.kind === "long") return `${where} is too long: at most ${first.n} characters`;
  if (members.length === 1 && first.kind === "long-list") {
    return `${where}: List should have at most ${first.n} items after validation, not ${value.length}`;
  }
  let expected = faults.map((f) => {
    if (f.kind === "range") return range(members);
    if (f.kind === "pattern") return patternWords(f.pattern);
    if (f.kind === "short") return `string should have at least ${f.n} character${f.n === 1 ? "" : "s"}`;
    if (f.kind === "long") return `string should have at most ${f.n} characters`;
    return f.expected;
  });
  if (expected.some((e) => e.startsWith("a number"))) expected = expected.filter((e) => !e.startsWith("a whole number"));
  // A year field: say what a year looks like.
  if (String(path.at(-1)).endsWith("year")) expected = expected.map((e) => (e === "a whole number" ? "a year such as 2024" : e));
  const words = [...new Set(expected)].join(" or ");
  return `${where} should be ${words}, got ${describe(value)}${hints(value, words)}`;
}

const SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$";

// --- difflib.get_close_matches, for the "did you mean" hints ------------------------------

function ratio(a, b) {
  const blocks = (alo, ahi, blo, bhi) => {
    let besti = alo;
    let bestj = blo;
    let size = 0;
    let lengths = new Map();
    for (let i = alo; i < ahi; i++) {
      const next = new Map();
      for (let j = blo; j < bhi; j++) {
        if (a[i] !== b[j]) continue;
        const k = (lengths.get(j - 1) || 0) + 1;
        next.set(j, k);
        if (k > size) [besti, bestj, size] = [i - k + 1, j - k + 1, k];
      }
      lengths = next;
    }
    if (!size) return 0;
    return size + (alo < besti && blo < bestj ? blocks(alo, besti, blo, bestj) : 0)
      + (besti + size < ahi && bestj + size < bhi ? blocks(besti + size, ahi, bestj + size, bhi) : 0);
  };
  const total = a.length + b.length;
  return total ? (2 * blocks(0, a.length, 0, b.length)) / total : 1;
}

/** The closest of `known` to `word`, as difflib.get_close_matches(word, known, n=1, cutoff) finds it. */
export function closest(word, known, cutoff = 0.6) {
  let best = null;
  let bestScore = -1;
  for (const k of known) {
    const score = ratio(k, word);
    if (score >= cutoff && (score > bestScore || (score === bestScore && k > best))) [best, bestScore] = [k, score];
  }
  return best;
}

function facetValue(facet, value, allowed) {
  const listed = [...allowed].sort().join(", ");
  if (typeof value === "string" && value.trim().toLowerCase() === "not stated") {
    return `a facet lists only what the source supports: when it is silent on \`${facet}\`, delete the value (or the line); allowed values: ${listed}`;
  }
  let close = typeof value === "string" ? closest(value, allowed, 0.5) : null;
  if (typeof value === "string" && allowed.includes(value.toLowerCase())) close = value.toLowerCase();
  const hint = close ? ` (did you mean \`${close}\`?)` : "";
  return `unknown value \`${value}\` for facet \`${facet}\`; allowed values: ${listed}${hint}`;
}

function unknownSource(value, known) {
  const sorted = [...known].sort();
  const close = closest(value, sorted, 0.6);
  const hint = close ? ` (did you mean \`${close}\`?)` : "";
  const listed = sorted.slice(0, 12).map((k) => `\`${k}\``).join(", ") + (sorted.length > 12 ? " ..." : "");
  return `no source document with the id \`${value}\`; known: ${listed || "none"}${hint}`
    + "; to cite a document the library does not have yet, describe it in place under `new_source` (its title, author, year and kind) instead of `source`";
}

// --- the whole record -----------------------------------------------------------------------

function pointer(location) {
  return location.replace(/^#\/?/, "").split("/").filter((p) => p !== "").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function valueAt(record, parts) {
  const path = [];
  let value = record;
  for (const raw of parts) {
    const part = Array.isArray(value) ? Number(raw) : raw;
    path.push(part);
    value = value?.[part];
  }
  return { path, value };
}

function* placeholders(value, path = []) {
  if (typeof value === "string" && PLACEHOLDER.test(value)) yield path;
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* placeholders(v, [...path, i]);
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) yield* placeholders(v, [...path, k]);
}

// Characters YAML refuses (PyYAML's Reader.NON_PRINTABLE), which casebook's YAML reader reports.
const NON_PRINTABLE = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

function* unprintable(value, path = []) {
  if (typeof value === "string" && NON_PRINTABLE.test(value)) yield path;
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) yield* unprintable(v, [...path, i]);
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) yield* unprintable(v, [...path, k]);
}

const shorten = (text) => {
  const flat = text.split(/\s+/).filter(Boolean).join(" ");
  const cs = Array.from(flat);
  return cs.length <= 100 ? flat : `${cs.slice(0, 97).join("")}...`;
};

/** A checker for records of `schema`: `check(record)` gives every problem as {path, message}. */
export function checker(schema, { patterns = {}, sources = [], existing = [], folder = "case_studies/schools" } = {}) {
  const validator = new Validator(schema, "2020-12", false);
  const ctx = { schema, patterns };
  return function check(record) {
    const problems = [];
    const seen = new Set();
    const add = (path, message) => {
      const key = `${JSON.stringify(path)} ${message}`;
      if (!seen.has(key)) problems.push({ path, message });
      seen.add(key);
    };
    const skip = new Set();
    for (const path of placeholders(record)) {
      skip.add(JSON.stringify(path));
      const { value } = valueAt(record, path.map(String));
      add(path, `\`${dotted(path)}\` still holds the template's placeholder \`${shorten(value)}\`; replace it with the real value`);
    }
    for (const path of unprintable(record)) {
      skip.add(JSON.stringify(path));
      add(path, "this text contains a control character (written as an escape such as `\\x00` or `\\ud800`); remove it");
    }
    const done = new Set();
    const numbers = [];
    record = stripped(record, [], schema, numbers);
    // The JSON Schema validator sees only JavaScript numbers, to which `1e3` is the integer 1000: a
    // number a plain one would misstate is checked here, as the float (or long integer) it is.
    for (const [path, value] of numbers) {
      const node = nodeAt(schema, path);
      const message = node && fieldMessage(path, value, node, ctx);
      if (message) {
        add(path, message);
        done.add(JSON.stringify(path));
      }
    }
    for (const error of validator.validate(record).errors) {
      // A citation gives `source` or `new_source` (the model's rule, `oneOf` in the schema): one message
      // for the entry, as casebook words it, not one per alternative.
      if (error.keyword === "oneOf" && /\/oneOf$/.test(error.keywordLocation) && !/\/oneOf\/\d/.test(error.keywordLocation)) {
        const { path, value } = valueAt(record, pointer(error.instanceLocation));
        if (isObject(value) && alternatives(nodeAt(schema, path) || {}, schema).some((m) => m.oneOf)) {
          const both = "source" in value && "new_source" in value;
          add(path, `\`${dotted(path)}\`: give either \`source\` (a source the library already has) or \`new_source\` (a new one)${both ? ", not both" : ""}`);
        }
        continue;
      }
      if (error.keyword === "required" && /\/oneOf\/\d+\/required$/.test(error.keywordLocation)) continue;
      if (error.keyword === "not" && /\/not$/.test(error.keywordLocation)) {
        const { path } = valueAt(record, pointer(error.instanceLocation));
        add(path, `\`${dotted(path)}\`: a whole part cannot be only \`not stated\`: say in a sentence what your source does say about it, or what it leaves out`);
        done.add(JSON.stringify(path));
        continue;
      }
      if (WRAPPERS.has(error.keyword)) continue;
      const { path, value } = valueAt(record, pointer(error.instanceLocation));
      if (error.keyword === "propertyNames") {
        // A key that is not allowed: reported at the key, as casebook does (`facts.notes.pupil`).
        const name = /"([^"]*)"/.exec(error.error)?.[1];
        const allowed = alternatives(nodeAt(schema, path) || {}, schema).find((m) => m.propertyNames)?.propertyNames;
        if (name === undefined || !allowed?.enum) continue;
        const at = [...path, name];
        done.add(JSON.stringify(at));
        add(at, `\`${dotted(at)}\` should be ${choices(allowed.enum)}, got ${describe(name)}`);
        continue;
      }
      if (error.keyword === "required" || error.keyword === "additionalProperties") {
        const name = /"([^"]*)"/.exec(error.error)?.[1];
        if (name === undefined) continue;
        const at = [...path, name];
        if (skip.has(JSON.stringify(at))) continue;
        if (error.keyword === "required") {
          const description = nodeAt(schema, at)?.description;
          add(at, `missing required field \`${dotted(at)}\`${description ? ` (${description})` : ""}`);
        } else add(at, unknownField(at, path, name, schema));
        continue;
      }
      const key = JSON.stringify(path);
      if (done.has(key) || skip.has(key)) continue;
      done.add(key);
      const node = nodeAt(schema, path);
      const message = node && fieldMessage(path, value, node, ctx);
      if (message) add(path, message);
    }
    if (typeof record.id === "string" && existing.includes(record.id)) {
      // The file would replace that school's: casebook's duplicate-id message, and what to do.
      add(["id"], `duplicate id \`${record.id}\`: \`${folder}/${record.id}.yaml\` has it too; choose another id`);
    }
    for (const [i, citation] of (Array.isArray(record.sources) ? record.sources : []).entries()) {
      const at = ["sources", i, "source"];
      if (isObject(citation) && typeof citation.source === "string" && !sources.includes(citation.source)
        && !skip.has(JSON.stringify(at))) {
        add(at, unknownSource(citation.source, sources));
      }
    }
    return problems;
  };
}

// The record with the text of Text and Line fields stripped of surrounding white space, as pydantic
// does before it checks them (`strip_whitespace`): "   " is then empty, as casebook says.
function stripped(value, path, schema, numbers) {
  if (value instanceof Num) {
    numbers.push([path, value]);
    return value.value;
  }
  if (typeof value === "string") {
    const node = nodeAt(schema, path);
    const strips = node && alternatives(node, schema).some((m) => m.type === "string" && m.minLength !== undefined);
    return strips ? value.trim() : value;
  }
  if (Array.isArray(value)) return value.map((v, i) => stripped(v, [...path, i], schema, numbers));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripped(v, [...path, k], schema, numbers)]));
  }
  return value;
}

function unknownField(at, parentPath, name, schema) {
  const parent = alternatives(nodeAt(schema, parentPath) || {}, schema).find((m) => m.properties) || {};
  const allowed = Object.keys(parent.properties || {});
  if (parentPath.length === 1 && parentPath[0] === "facets") {
    const close = closest(name, allowed, 0.6);
    return `unknown facet \`${name}\`; facets in taxonomy.yaml: ${allowed.join(", ")}${close ? ` (did you mean \`${close}\`?)` : ""}`;
  }
  const close = closest(name, allowed, 0.6);
  return `unknown field \`${dotted(at)}\`${close ? `; did you mean \`${close}\`?` : ""} Allowed here: ${allowed.join(", ")}`;
}
