/**
 * The labels a split job gives its parts when the request names no categories: the kinds of
 * document a mixed packet usually holds, described in general words (the built-in classifier
 * reads the descriptions and keywords), not from any file of the corpus.
 */
import type { Category } from '../classify/types.ts';

export const defaultSplitCategories: Category[] = [
  {
    name: 'invoice',
    description:
      'A bill from a supplier asking for payment: invoice number and date, due date, billing address, line items, subtotal, VAT or tax, amount due, bank details.',
    keywords: [
      'invoice',
      'bill to',
      'due date',
      'amount due',
      'invoice number',
      'vat',
      'iban',
      'payment terms',
    ],
  },
  {
    name: 'receipt',
    description:
      'A proof of payment from a shop, restaurant, hotel, taxi or ticket office: items bought, prices, tax, total paid, payment method, change.',
    keywords: ['receipt', 'total', 'cash', 'change', 'paid', 'thank you', 'card', 'tax'],
  },
  {
    name: 'scientific_paper',
    description:
      'A research article: title, authors, abstract, introduction, method, experiments, results, conclusion, references with citations.',
    keywords: ['abstract', 'references', 'introduction', 'et al', 'arxiv', 'conclusion', 'experiments'],
  },
  {
    name: 'letter',
    description:
      'A letter or memo to a person: sender and recipient addresses, date, greeting, body, closing and signature.',
    keywords: ['dear', 'sincerely', 'regards', 'yours'],
  },
  {
    name: 'form',
    description: 'A form to fill in: labelled fields, boxes to tick, blanks for names, dates and signatures.',
    keywords: ['form', 'signature', 'date of birth', 'please complete', 'applicant'],
  },
  {
    name: 'contract',
    description:
      'An agreement between parties: parties, terms and conditions, clauses, obligations, signatures.',
    keywords: ['agreement', 'contract', 'party', 'parties', 'terms', 'clause', 'hereby'],
  },
];
