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
      'Proof of a purchase already paid, from a till, a ticket machine or a front desk: what was bought, when, the amount paid and how.',
    keywords: ['receipt', 'quittung', 'kassenbon', 'ticket', 'cash', 'change', 'paid', 'card'],
  },
  {
    name: 'scientific_paper',
    description:
      'A research article or preprint with its authors, an abstract, numbered sections, figures, citations and a list of references.',
    keywords: ['abstract', 'references', 'et al', 'arxiv', 'proceedings', 'theorem', 'results'],
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
