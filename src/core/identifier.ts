/**
 * The JavaScript identifier grammar jitgrad relies on (ASCII only): names in generated
 * code, names of standalone modules, and how pytree paths print a key.
 */

/**
 * Whether `s` is an ASCII identifier name, `[A-Za-z_$][A-Za-z0-9_$]*` (reserved words
 * included). A loop, not a regular expression: V8 compiles a regex on its first use, and
 * every first jit call of a process names its locals through this.
 * @example isIdentifierName("x0") // true; isIdentifierName("0x") // false
 */
export function isIdentifierName(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */ || c === 36; /* $ */
    if (!letter && !(i > 0 && c >= 48 && c <= 57)) return false;
  }
  return true;
}

/** Words that cannot (or should not: `undefined`, `NaN`, `eval`) name a binding in generated code. */
const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface " +
    "package private protected public await arguments eval undefined NaN Infinity").split(" "),
);

/**
 * Whether `s` can name a binding: an identifier name that is no reserved word.
 * @example isBindingName("grad0") // true; isBindingName("class") // false
 */
export const isBindingName = (s: string): boolean => isIdentifierName(s) && !RESERVED.has(s);
