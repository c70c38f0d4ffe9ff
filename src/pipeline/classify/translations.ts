/**
 * German and French words for the English words categories are usually written in, so that an
 * English "invoice" category still meets a "Rechnung" or a "facture". Only document-type and
 * business words common across documents; written unstemmed and unaccented, matched after the
 * same tokenisation as the text. A translation counts as an occurrence of the English word.
 */
import { allTokens } from './tokens.ts';

const table: Record<string, string[]> = {
  invoice: ['facture'],
  'invoice number': ['rechnungsnummer', 'rechnung nr', 'numero de facture', 'facture n'],
  'invoice date': ['rechnungsdatum', 'date de facture'],
  receipt: ['quittung', 'beleg', 'kassenbon', 'kassenbeleg', 'kassenzettel', 'recu', 'ticket de caisse'],
  bill: ['rechnung', 'facture'],
  'bill to': ['rechnungsempfanger', 'facturer a'],
  'due date': ['falligkeitsdatum', 'fallig am', 'zahlbar bis', 'date d echeance', 'echeance'],
  'amount due': ['zu zahlen', 'zahlbetrag', 'net a payer', 'montant du'],
  'payment terms': ['zahlungsbedingungen', 'zahlungsziel', 'conditions de paiement'],
  payment: ['zahlung', 'paiement', 'reglement'],
  paid: ['bezahlt', 'gezahlt', 'paye', 'payee'],
  total: ['summe', 'gesamt', 'gesamtbetrag', 'endbetrag', 'montant total'],
  subtotal: ['zwischensumme', 'sous total'],
  tax: ['steuer', 'mwst', 'ust', 'taxe', 'tva'],
  vat: ['mwst', 'ust', 'umsatzsteuer', 'mehrwertsteuer', 'tva'],
  cash: ['barzahlung', 'bar bezahlt', 'especes'],
  change: ['ruckgeld', 'wechselgeld', 'rendu', 'monnaie'],
  card: ['karte', 'kartenzahlung', 'carte'],
  'thank you': ['danke', 'vielen dank', 'merci'],
  price: ['preis', 'prix'],
  customer: ['kunde', 'client'],
  supplier: ['lieferant', 'fournisseur'],
  'bank account': ['bankverbindung', 'konto', 'compte bancaire'],
  letter: ['lettre'],
  dear: ['liebe', 'lieber', 'sehr geehrte', 'sehr geehrter', 'cher', 'chere'],
  sincerely: ['mit freundlichen grussen', 'cordialement', 'salutations'],
  notes: ['notizen', 'mitschrift', 'notes'],
  handwritten: ['handschriftlich', 'handgeschrieben', 'manuscrit', 'manuscrite'],
  report: ['bericht', 'rapport'],
  'annual report': ['geschaftsbericht', 'jahresbericht', 'rapport annuel'],
  'balance sheet': ['bilanz', 'bilan'],
  'income statement': ['gewinn und verlustrechnung', 'compte de resultat'],
  revenue: ['umsatz', 'umsatzerlose', 'chiffre d affaires'],
  'net income': ['jahresuberschuss', 'resultat net'],
  'fiscal year': ['geschaftsjahr', 'exercice'],
  assets: ['aktiva', 'vermogenswerte', 'actif'],
  liabilities: ['passiva', 'verbindlichkeiten', 'passif'],
  manual: ['handbuch', 'anleitung', 'bedienungsanleitung', 'manuel', 'mode d emploi'],
  handbook: ['handbuch', 'manuel'],
  instructions: ['anleitung', 'anweisungen', 'consignes'],
  warning: ['warnung', 'achtung', 'vorsicht', 'avertissement'],
  chapter: ['kapitel', 'chapitre'],
  textbook: ['lehrbuch', 'manuel scolaire'],
  exercises: ['ubungen', 'aufgaben', 'exercices'],
  abstract: ['zusammenfassung'],
  references: ['literatur', 'literaturverzeichnis', 'bibliographie', 'references'],
  introduction: ['einleitung', 'einfuhrung'],
  conclusion: ['fazit', 'schlussfolgerung'],
};

/** English term (as tokenised) → its translations (as tokenised). */
export const translations: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(table).map(([english, foreign]) => [
    allTokens(english).join(' '),
    foreign.map((f) => allTokens(f).join(' ')).filter((f) => f !== allTokens(english).join(' ')),
  ]),
);
