/**
 * Spreadsheets run text that begins with = + - @ (or a tab / carriage return before one) as a
 * formula. Such text is written with a leading apostrophe, which Excel and LibreOffice show as
 * text. Plain numbers written as text ("-0.5") are not formulas and stay as they are.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function startsFormula(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

export function guardFormula(text: string): string {
  return startsFormula(text) ? `'${text}` : text;
}
