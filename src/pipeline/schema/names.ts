/**
 * Field names from printed labels: camelCase, ASCII letters and digits only ("N° de facture" →
 * nDeFacture, "Unit price (EUR)" → unitPriceEur), starting with a letter.
 */

/** Words a label is cut into; diacritics dropped, everything but letters and digits a separator. */
export function labelWords(label: string, splitHumps = true): string[] {
  const plain = label.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss');
  // An identifier's humps are words ("applicantName"); a printed label's odd capitals are not ("BiC").
  return (splitHumps ? plain.replace(/([a-z\d])([A-Z])/g, '$1 $2') : plain)
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** camelCase of a label, or null when nothing usable is left. At most `maxWords` words. */
export function camelName(label: string, maxWords = 5, splitHumps = true): string | null {
  const words = labelWords(label, splitHumps).slice(0, maxWords);
  if (words.length === 0) return null;
  const name = words
    .map((word, i) => {
      const lower = word.toLowerCase();
      return i === 0 ? lower : lower[0]!.toUpperCase() + lower.slice(1);
    })
    .join('');
  return /^[a-z]/.test(name) ? name : `field${name[0]!.toUpperCase()}${name.slice(1)}`;
}

/** `name`, or `name2`, `name3`… when taken. */
export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  let n = 2;
  while (taken.has(`${name}${n}`)) n++;
  return `${name}${n}`;
}
