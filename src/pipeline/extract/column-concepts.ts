/**
 * Columns of line-item tables (concepts.ts for the document-level fields): what an item field
 * is called in a schema and how table headers name it, in the same five languages.
 */
import { type Concept, concept } from './concepts.ts';

export const columnConcepts: readonly Concept[] = [
  concept('unitPrice', 'amount', {
    triggers:
      'unit price|price|rate|unit cost|price per unit|each|einzelpreis|preis|stueckpreis|prijs|prix|precio',
    labels:
      'unit price|price|rate|unit cost|each|price unit|u price|s price|uprice|einzelpreis|preis|stueckpreis|e preis|prijs|' +
      'stukprijs|prijs per stuk|eenheidsprijs|prix unitaire|prix|pu|p u|pu ht|p u ht|precio unitario|precio|precio unit|' +
      'vk preis|ep|unit rate|rate per unit',
    column: true,
  }),
  concept('quantity', 'number', {
    triggers:
      'quantity|qty|count|units|number of|amount of items|menge|anzahl|aantal|quantite|cantidad|hours',
    labels:
      'qty|quantity|qnty|qte|units|pcs|menge|anzahl|anz|stk|stueck|aantal|hoeveelheid|stuks|quantite|nombre|qte|' +
      'cantidad|cant|unidades|hours|hrs|qty s',
    column: true,
  }),
  concept('taxRateColumn', 'percent', {
    triggers: 'tax rate|vat rate|tax|vat|gst|taxes',
    labels: 'tax|vat|vat %|tax %|gst|taxes|mwst|btw|tva|iva|tax rate|vat rate',
    column: true,
  }),
  concept('discountColumn', 'number', {
    triggers: 'discount|disc|rabatt|korting|remise|descuento',
    labels: 'discount|disc|disc %|rabatt|korting|remise|descuento',
    column: true,
  }),
  concept('code', 'id', {
    triggers:
      'sku|code|item code|item number|article number|product code|part number|ean|artikelnummer|reference|ref',
    labels:
      'sku|code|item code|item no|article no|art nr|art no|part no|product code|ean|artikelnummer|artikel nr|ref|reference',
    column: true,
  }),
  concept('lineAmount', 'amount', {
    triggers:
      'amount|total|line total|net amount|value|sum|betrag|gesamt|bedrag|totaal|montant|importe|subtotal',
    labels:
      'amount|total|line total|net amount|value|amt|betrag|gesamt|gesamtpreis|zeilenbetrag|summe|bedrag|totaal|montant|' +
      'total ht|montant ht|montant ttc|importe|importe total|precio total|prix total|total price|line amount|' +
      'prijs incl btw|price incl vat|price incl tax|preis inkl mwst|ext price|extended price|extension|' +
      'subtotal|amount rm|total rm',
    column: true,
  }),
  concept('description', 'text', {
    triggers:
      'description|item|product|article|service|details|particulars|name|designation|bezeichnung|beschreibung|artikel|' +
      'omschrijving|produit|libelle|descripcion|concepto|articulo|leistung|title',
    labels:
      'description|item|items|product|products|article|service|services|details|particulars|item description|designation|' +
      'omschrijving|artikel omschrijving|descripcion|concepto|libelle|' +
      'bezeichnung|beschreibung|artikel|leistung|omschrijving|produit|libelle|descripcion|concepto|articulo',
    column: true,
  }),
];
