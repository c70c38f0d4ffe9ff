/**
 * The business fields the engine knows by sight: what a schema calls them (triggers, matched
 * against a field's name, title and description) and how documents label them (labels, in
 * English, German, French, Dutch and Spanish, folded: lower case, no accents, punctuation gone).
 *
 * `labels` name the concept itself; `weakLabels` are generic words that often stand for it
 * ("total" for the grand total, "date" for the invoice date); `excludes` are labels that contain
 * one of those but mean something else ("subtotal", "due date"); `boosters` are words next to a
 * weak label that make it strong ("total incl. GST", "nett total").
 */

export type ValueKind =
  | 'date'
  | 'amount'
  | 'id'
  | 'text'
  | 'name'
  | 'address'
  | 'email'
  | 'phone'
  | 'iban'
  | 'bic'
  | 'vatId'
  | 'currency'
  | 'percent'
  | 'uri'
  | 'number'
  | 'boolean';

export type Party = 'vendor' | 'customer';

export interface Concept {
  id: string;
  kind: ValueKind;
  triggers: string[];
  labels: string[];
  weakLabels: string[];
  excludes: string[];
  boosters: string[];
  /** Which of several equally good label hits wins: the first (dates) or the last (totals). */
  prefer: 'first' | 'last';
  /** A line-item column rather than a document-level field. */
  column?: boolean;
}

const list = (s: string) => (s ? s.split('|') : []);

export function concept(
  id: string,
  kind: ValueKind,
  spec: {
    triggers: string;
    labels?: string;
    weak?: string;
    excludes?: string;
    boosters?: string;
    prefer?: 'first' | 'last';
    column?: boolean;
  },
): Concept {
  return {
    id,
    kind,
    triggers: list(spec.triggers),
    labels: list(spec.labels ?? ''),
    weakLabels: list(spec.weak ?? ''),
    excludes: list(spec.excludes ?? ''),
    boosters: list(spec.boosters ?? ''),
    prefer: spec.prefer ?? 'first',
    ...(spec.column ? { column: true } : {}),
  };
}

const taxWords = 'tax|vat|gst|sst|hst|mwst|ust|btw|tva|iva';
const notTotal =
  'subtotal|sub total|total excl|total excluding|total exclusive|total before|total net|total ht|total tax|total gst|total vat|tax total|' +
  'total qty|total quantity|total items|total item|total discount|total savings|total saving|total weight|total pieces|total units|' +
  'excluding|excl|exclusive|before tax|included|includes|zwischensumme|netto|summe netto|sous total|subtotaal|totaal excl|base imponible|total points|points|' +
  // "GST Summary Amount(RM) 64.00": the tax breakdown under a receipt, whose amounts are net sums.
  'summary';

export const documentConcepts: readonly Concept[] = [
  concept('invoiceNumber', 'id', {
    triggers:
      'invoice number|invoice no|invoice id|invoice nr|invoice #|bill number|bill no|receipt number|receipt no|document number|' +
      'reference number|rechnungsnummer|factuurnummer|numero de facture|numero de factura|invoice',
    labels:
      'invoice number|invoice no|invoice nr|invoice #|invoice id|invoice num|inv no|inv #|inv number|bill no|bill number|bill #|' +
      'receipt no|receipt number|receipt #|doc no|docno|document no|document number|rechnungsnummer|rechnungsnr|rechnung nr|rechnungs nr|' +
      'rechnung no|factuurnummer|factuur nr|factuur no|numero de facture|facture no|facture n|n de facture|numero de factura|' +
      'factura no|factura n|no factura',
    // A booking's receipt carries its booking or confirmation id where an invoice has its number.
    weak:
      'invoice|rechnung|factuur|facture|factura|number|ref|reference|booking id|booking ref|booking reference|' +
      'booking no|booking number|confirmation number|confirmation no',
    excludes:
      'invoice date|invoice total|invoice amount|tax invoice|invoice to|invoice address|order|po|purchase|customer|client|' +
      'account|vat|gst|tax|btw|mwst|ust|tva|iva|phone|tel|fax|page|seite|pagina|date|datum|kopie|copy',
  }),
  concept('orderNumber', 'id', {
    triggers:
      'order number|order no|order id|purchase order|po number|po no|po|order|bestellnummer|commande|pedido',
    labels:
      'order number|order no|order nr|order #|order id|po number|po no|po #|purchase order|purchase order no|bestellnummer|' +
      'bestell nr|auftragsnummer|auftrag nr|numero de commande|commande no|bestelnummer|ordernummer|numero de pedido|pedido no',
    weak: 'order|po|bestellung|commande|bestelling|pedido',
    excludes: 'order date|date',
  }),
  concept('customerNumber', 'id', {
    triggers:
      'customer number|customer no|customer id|account number|account no|client number|client id|kundennummer|klantnummer',
    labels:
      'customer number|customer no|customer #|customer id|account number|account no|account #|client number|client no|client id|' +
      'kundennummer|kunden nr|kundennr|klantnummer|klant nr|numero client|n client|numero de cliente|cliente no',
    excludes: 'bank|iban',
  }),
  concept('dueDate', 'date', {
    triggers: 'due date|due|payment due|pay by|deadline|faelligkeit|vervaldatum|echeance|vencimiento',
    labels:
      'due date|payment due|due by|due on|pay by|payable by|payment date|date due|faelligkeitsdatum|fallig am|faellig am|' +
      'zahlbar bis|zahlungsziel|vervaldatum|vervaldag|uiterste betaaldatum|te betalen voor|date d echeance|echeance|' +
      'date limite de paiement|date limite|a payer avant|' +
      'fecha de vencimiento|vencimiento',
    weak: 'due',
  }),
  concept('deliveryDate', 'date', {
    triggers:
      'delivery date|ship date|shipping date|dispatch date|lieferdatum|leverdatum|date de livraison|fecha de entrega',
    labels:
      'delivery date|date of delivery|ship date|shipping date|shipped on|dispatch date|lieferdatum|leistungsdatum|leverdatum|' +
      'date de livraison|fecha de entrega',
  }),
  concept('orderDate', 'date', {
    triggers: 'order date|purchase date|bestelldatum|besteldatum|date de commande|fecha de pedido',
    labels:
      'order date|date of order|ordered on|purchase date|bestelldatum|besteldatum|date de commande|fecha de pedido',
  }),
  concept('date', 'date', {
    triggers:
      'date|invoice date|issue date|date of issue|issued|receipt date|transaction date|purchase date|datum|fecha|billing date',
    labels:
      'invoice date|date of issue|issue date|issued on|date issued|billing date|bill date|receipt date|document date|' +
      'transaction date|tax point|rechnungsdatum|belegdatum|factuurdatum|date de facture|date facture|date d emission|' +
      'fecha de factura|fecha factura|fecha de emision',
    weak: 'date|dated|datum|fecha|dt',
    excludes:
      'due date|date due|delivery date|ship date|shipping date|order date|payment date|expiry|expiration|valid until|birth|' +
      'period|start date|end date|faelligkeitsdatum|vervaldatum|echeance|lieferdatum|leverdatum|livraison|vencimiento|' +
      'bestelldatum|besteldatum|commande|printed|print date|limite|paiement|prelevement|check in|check out',
  }),
  concept('subtotal', 'amount', {
    triggers:
      'subtotal|sub total|net amount|untaxed|amount untaxed|before tax|excluding tax|excl tax|without tax|net total|netto|' +
      'nettobetrag|total ht|subtotaal|base imponible',
    labels:
      'subtotal|sub total|total excl|total excluding|total exclusive|total before tax|amount before tax|net amount|amount excl|' +
      'total net|net total|total ht|montant ht|zwischensumme|nettobetrag|netto|summe netto|gesamt netto|subtotaal|totaal excl|' +
      'sous total|base imponible|total sin iva',
    prefer: 'last',
  }),
  concept('tax', 'amount', {
    triggers: `${taxWords}|tax amount|amount tax|sales tax|vat amount|mehrwertsteuer|umsatzsteuer|impuesto`,
    labels:
      'tax amount|vat amount|gst amount|total tax|total vat|total gst|sales tax|tax total|umsatzsteuer|mehrwertsteuer|' +
      'montant tva|total tva|btw bedrag|totaal btw|importe iva|total iva',
    weak: taxWords,
    excludes:
      'tax invoice|tax id|vat id|vat no|vat number|vat reg|gst reg|gst id|gst no|tax no|tax number|tax code|tax rate|vat rate|' +
      'gst summary|tax summary|excl|excluding|exclusive|total incl|total including|total inclusive|incl tax|including tax|' +
      'inclusive of|ust id|ust idnr|btw nummer|btw nr|' +
      'btw id|numero de tva|tva intracom|reg no|registration',
    prefer: 'last',
  }),
  concept('taxRate', 'percent', {
    triggers: 'tax rate|vat rate|gst rate|rate|percentage|steuersatz|btw tarief|taux de tva|tipo de iva',
    labels:
      'tax rate|vat rate|gst rate|vat %|tax %|gst %|steuersatz|mwst satz|btw tarief|taux de tva|taux tva|tipo de iva',
    weak: taxWords,
  }),
  concept('total', 'amount', {
    triggers:
      'total|grand total|amount due|total amount|amount|sum|balance due|total due|payable|amount paid|total paid|' +
      'gesamtbetrag|rechnungsbetrag|summe|montant|importe|bedrag|totaal|betrag',
    labels:
      'grand total|total amount|amount due|total due|balance due|total payable|amount payable|total to pay|invoice total|' +
      'total incl|total including|total inclusive|total inc|total gst incl|total tax incl|total vat incl|nett total|total rounded|rounded total|amount to pay|' +
      'gesamtbetrag|rechnungsbetrag|endbetrag|zu zahlen|zahlbetrag|bruttobetrag|gesamt brutto|summe brutto|' +
      'gesamtsumme|total brutto|total ttc|montant ttc|net a payer|montant total|total a payer|somme a payer|montant a payer|' +
      'montant du|reste a payer|' +
      'te betalen|totaalbedrag|totaal incl|totaal te betalen|totaal bedrag|openstaand bedrag|total a pagar|importe total|' +
      'total factura|importe a pagar',
    weak: 'total|totaal|amount|sum|summe|betrag|bedrag|montant|importe|balance|gesamt',
    excludes: notTotal,
    boosters: 'incl|inclusive|including|inc|grand|nett|payable|due|ttc|brutto|rounded|final|te betalen',
    prefer: 'last',
  }),
  concept('currency', 'currency', {
    triggers: 'currency|currency code|iso 4217|waehrung|wahrung|devise|valuta|moneda|divisa',
    labels: 'currency|waehrung|wahrung|devise|valuta|moneda|divisa',
  }),
  concept('iban', 'iban', { triggers: 'iban', labels: 'iban' }),
  concept('bic', 'bic', {
    triggers: 'bic|swift|swift code|bic code',
    labels: 'bic|swift|swift code|bic swift|swift bic|bic code',
  }),
  concept('vatId', 'vatId', {
    triggers:
      'vat id|vat number|vat no|vat reg|tax id|tax number|tax no|gst number|gst no|gst id|gst reg|gstin|tin|ein|ust id|' +
      'ustid|steuernummer|btw nummer|numero de tva|nif|cif|vat registration|tax registration',
    labels:
      'vat id|vat no|vat number|vat reg no|vat registration|vat reg|tax id|tax no|tax number|tin|gst no|gst reg no|gst reg|' +
      'gst id|gst registration|gstin|ust id|ust idnr|ustid|ust nr|umsatzsteuer id|steuernummer|st nr|btw nummer|btw nr|btw id|' +
      'btw|numero de tva|n tva|tva intracom|tva intracommunautaire|nif|cif|vat',
  }),
  concept('companyRegistration', 'id', {
    triggers:
      'company number|company registration|registration number|reg number|company no|coc|kvk|siret|siren|handelsregister',
    labels:
      'company no|company number|company reg|co reg|co no|reg no|registration no|registration number|kvk|kvk nr|coc|' +
      'handelsregister|hrb|siret|siren|rcs|crn',
    excludes: 'gst|vat|tax',
  }),
  concept('email', 'email', {
    triggers: 'email|e mail|mail|email address',
    labels: 'email|e mail|mail|courriel|correo',
  }),
  concept('phone', 'phone', {
    triggers: 'phone|telephone|tel|mobile|contact number|phone number|telefon|telefoon|telefono',
    labels: 'tel|phone|telephone|mobile|mob|cell|telefon|telefoon|telefono|tel no|phone no|hp|t',
    excludes: 'fax',
  }),
  concept('fax', 'phone', { triggers: 'fax', labels: 'fax|telefax' }),
  concept('website', 'uri', {
    triggers: 'website|web site|url|homepage|web|site',
    labels: 'website|web|www|url|homepage|internet|site web',
  }),
  concept('paymentTerms', 'text', {
    triggers:
      'payment terms|terms|terms of payment|zahlungsbedingungen|betalingsvoorwaarden|conditions de paiement',
    labels:
      'payment terms|terms of payment|terms|zahlungsbedingungen|zahlungsziel|betalingsvoorwaarden|betalingstermijn|' +
      'conditions de paiement|condiciones de pago',
  }),
  concept('paymentMethod', 'text', {
    triggers:
      'payment method|payment mode|payment type|paid by|tender|zahlungsart|betaalwijze|mode de paiement|forma de pago',
    labels:
      'payment method|payment mode|payment type|paid by|paid with|tender|zahlungsart|zahlweise|betaalwijze|mode de paiement|' +
      'moyen de paiement|forma de pago|metodo de pago',
  }),
  concept('customerName', 'name', {
    triggers:
      'customer|client|buyer|bill to|billed to|recipient|purchaser|payer|sold to|ship to|consignee|kunde|klant|cliente|' +
      'acheteur|destinataire|debtor|addressee',
    labels:
      'bill to|billed to|invoice to|invoiced to|sold to|customer|client|buyer|ship to|deliver to|recipient|rechnungsempfaenger|' +
      'rechnungsempfanger|kunde|empfaenger|klant|factuuradres|facture a|facturer a|destinataire|cliente|facturar a',
  }),
  concept('vendorName', 'name', {
    triggers:
      'vendor|supplier|seller|merchant|company|issuer|store|shop|business|biller|restaurant|retailer|provider|issued by|' +
      'sold by|payee|creditor|firma|lieferant|verkaeufer|leverancier|fournisseur|vendeur|proveedor|emisor|emetteur|from',
    labels:
      'from|seller|supplier|vendor|sold by|issued by|merchant|lieferant|verkaeufer|leverancier|fournisseur|vendeur|' +
      'emetteur|proveedor|emisor|account holder|account name|beneficiary|payable to|in favor of|in favour of|' +
      'kontoinhaber|empfaenger der zahlung|rekeninghouder|ten name van|titulaire du compte|beneficiaire|titular de la cuenta',
  }),
  concept('address', 'address', {
    triggers: 'address|street|location|adresse|adres|direccion|anschrift|postal',
    labels: 'address|addr|adresse|adres|anschrift|direccion',
  }),
];

export const customerWords = new Set(
  list(
    'customer|client|buyer|bill|billed|recipient|purchaser|payer|sold|ship|consignee|kunde|klant|cliente|debtor|to',
  ),
);
