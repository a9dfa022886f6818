/**
 * How a verbatim meets a dictionary term (issue 14): trimmed, in any case and any width. NFKC
 * folds full-width letters and digits (Ａｎｅｍｉａ), half-width katakana and the ideographic space
 * of Korean input into their ordinary forms; runs of spaces count as one. Nothing else is forgiven:
 * a spelling variant ("호중구 감소증" for "호중구감소증") waits for a person.
 */
export function normaliseTerm(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
}
