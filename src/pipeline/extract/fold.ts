/**
 * Text folded for matching labels and field names: lower case, no diacritics, punctuation as
 * spaces. "Rechnungs-Nr.:" and "rechnungs nr" fold alike; "Numéro" matches "numero". An
 * underscore stays: "invoice_number_1" printed on a page is a value, not a label.
 */

export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}%#_]+/gu, ' ')
    .trim();
}

/** The folded words of a text. */
export function foldWords(text: string): string[] {
  const folded = fold(text);
  return folded === '' ? [] : folded.split(' ');
}

/** Words of an identifier: `invoiceNumber`, `invoice_number`, `Invoice-Number` → invoice, number. */
export function nameWords(name: string): string[] {
  return foldWords(name.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2').replace(/_/g, ' '));
}
