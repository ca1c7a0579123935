// Numbers as casebook reads them: YAML 1.2 core integers and floats, told apart as Python tells them.
//
// A JavaScript number cannot say whether it was written `1000` or `1e3`: both are 1000. Python (and so
// `casebook validate`) reads `1e3` as the float 1000.0, which a whole-number field refuses. So a value
// whose meaning a JavaScript number would lose is kept as a `Num`: a float with no fraction (`1e3`,
// `2007.0`, `-0.0`), infinity and not-a-number, and an integer too large to hold exactly. Every other
// number stays a plain number: an integer when it has no fraction, a float when it has one.
// form-yaml.js reads files with `coreNumber`, form.js reads number boxes with it, form-check.js checks a
// `Num` as the float or integer it is, and messages show it as Python's repr() does (`pyFloat`).

const INT = /^[-+]?[0-9]+$/;
// yamlsafe.py's float resolver, character for character.
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Python's repr() of a float: shortest digits, an exponent below 1e-4 and from 1e16 (`1e+16`, `1e-05`). */
export function pyFloat(n) {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const [mantissa, exponent] = n.toExponential().split("e"); // the shortest digits that read back as n
  const e = Number(exponent);
  const digits = mantissa.replace(/[-.]/g, "");
  const sign = n < 0 ? "-" : "";
  if (e < -4 || e >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (e >= 0) return `${sign}${digits.slice(0, e + 1).padEnd(e + 1, "0")}.${digits.slice(e + 1) || "0"}`;
  return `${sign}0.${"0".repeat(-e - 1)}${digits}`;
}

/** A number a plain JavaScript number would misstate: `float` says which kind Python reads it as. */
export class Num {
  constructor(value, float, text) {
    this.value = value;
    this.float = float;
    /** How Python's repr() writes it, as casebook's messages quote it. */
    this.text = text;
  }

  /** As YAML writes it, reading back as the same value (`.inf` for infinity). */
  get yaml() {
    return { inf: ".inf", "-inf": "-.inf", nan: ".nan" }[this.text] || this.text;
  }

  toString() {
    return this.text;
  }

  // A draft is kept as JSON: the text, which a number box reads back as this same value.
  toJSON() {
    return this.yaml;
  }
}

/** The number `text` means to YAML 1.2 core (a number or a `Num`), or null when it is not a number. */
export function coreNumber(text) {
  if (INT.test(text)) {
    const n = Number.parseInt(text, 10);
    if (Number.isSafeInteger(n)) return n === 0 ? 0 : n;
    return new Num(n, false, BigInt(text.replace(/^\+/, "")).toString());
  }
  if (!FLOAT.test(text)) return null;
  const lower = text.toLowerCase();
  const n = lower.endsWith(".nan") ? NaN : lower.endsWith(".inf") ? (lower.startsWith("-") ? -Infinity : Infinity)
    : Number(text);
  return Number.isInteger(n) || !Number.isFinite(n) ? new Num(n, true, pyFloat(n)) : n; // isInteger(-0) too
}

/** Whether `v` is a number of either kind. */
export const isNumber = (v) => typeof v === "number" || v instanceof Num;

/** The value of a number of either kind, as a JavaScript number. */
export const numeric = (v) => (v instanceof Num ? v.value : v);

/** How casebook's messages write a number: `1000.0`, `12.5`, `1e-05`, `100`. */
export function numberText(v) {
  if (v instanceof Num) return v.text;
  return Number.isInteger(v) ? String(v) : pyFloat(v);
}
