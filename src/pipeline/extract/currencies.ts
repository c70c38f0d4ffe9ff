/**
 * Currency symbols and ISO 4217 codes as they appear next to amounts. A symbol shared by several
 * currencies maps to the one most documents using it mean ($ → USD, ¥ → JPY, kr → SEK); an
 * explicit code anywhere in the document outranks a symbol (documentCurrency).
 */

/** Codes of currencies in common use; a three-letter word is only a currency when it is one of these. */
const isoCurrencies = new Set(
  (
    'USD EUR GBP JPY CNY CHF CAD AUD NZD HKD SGD MYR INR IDR THB PHP VND KRW TWD PKR BDT LKR NPR ' +
    'AED SAR QAR KWD BHD OMR JOD ILS TRY EGP MAD TND NGN KES GHS ZAR ' +
    'SEK NOK DKK ISK PLN CZK HUF RON BGN HRK RSD UAH RUB BRL MXN ARS CLP COP PEN UYU'
  ).split(' '),
);

/** Prefixes and suffixes other than the codes themselves, longest first so "US$" wins over "$". */
const currencySigns: readonly [string, string][] = (
  [
    ['US$', 'USD'],
    ['CA$', 'CAD'],
    ['C$', 'CAD'],
    ['A$', 'AUD'],
    ['AU$', 'AUD'],
    ['NZ$', 'NZD'],
    ['HK$', 'HKD'],
    ['S$', 'SGD'],
    ['R$', 'BRL'],
    ['$', 'USD'],
    ['€', 'EUR'],
    ['£', 'GBP'],
    ['¥', 'JPY'],
    ['₹', 'INR'],
    ['Rs.', 'INR'],
    ['Rs', 'INR'],
    ['RM', 'MYR'],
    ['zł', 'PLN'],
    ['Kč', 'CZK'],
    ['Ft', 'HUF'],
    ['kr', 'SEK'],
    ['₩', 'KRW'],
    ['₽', 'RUB'],
    ['₺', 'TRY'],
    ['฿', 'THB'],
    ['₫', 'VND'],
    ['₱', 'PHP'],
    ['Rp', 'IDR'],
    ['Fr.', 'CHF'],
    ['₪', 'ILS'],
    ['₦', 'NGN'],
  ] as [string, string][]
).sort((a, b) => b[0].length - a[0].length);

const signCode = new Map(currencySigns);

/** The ISO code of a sign or code as printed, or null. */
export function currencyOf(printed: string): string | null {
  const upper = printed.toUpperCase();
  if (isoCurrencies.has(upper)) return upper;
  return signCode.get(printed) ?? null;
}

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A sign or an ISO code, as a regular expression source (codes in capitals only, whole words). */
export const currencyPattern = `(?:${[...currencySigns.map(([s]) => (/^\p{L}/u.test(s) ? `(?<!\\p{L})${escaped(s)}` : escaped(s))), `(?<!\\p{L})(?:${[...isoCurrencies].join('|')})(?!\\p{L})`].join('|')})`;

const wordCurrency = new RegExp(currencyPattern, 'gu');

/**
 * The document's currency: ISO codes count three times a symbol (they are deliberate; "$" is
 * also a column heading's decoration), so "Total 12.00 EUR" next to a stray "$" reads EUR.
 */
export function documentCurrency(texts: readonly string[]): { code: string; share: number } | null {
  const votes = new Map<string, number>();
  for (const text of texts) {
    for (const m of text.matchAll(wordCurrency)) {
      const code = currencyOf(m[0]);
      if (!code) continue;
      // Only next to an amount: "SDN BHD" is a company's legal form, not Bahraini dinars.
      if (!/\d/.test(text.slice(Math.max(0, m.index - 3), m.index + m[0].length + 4))) continue;
      votes.set(code, (votes.get(code) ?? 0) + (isoCurrencies.has(m[0]) ? 3 : 1));
    }
  }
  const total = [...votes.values()].reduce((a, b) => a + b, 0);
  const best = [...votes].sort((a, b) => b[1] - a[1])[0];
  return best ? { code: best[0], share: best[1] / total } : null;
}
