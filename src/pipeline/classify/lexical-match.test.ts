import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categoryVocabulary, DocumentTerms, lexicalScores } from './lexical-match.ts';
import type { Category } from './types.ts';

describe('DocumentTerms', () => {
  it('counts words, phrases (stop words included) and German or French translations', () => {
    const terms = new DocumentTerms(
      'Thank you! Invoices: see the invoice. Facture n° 7, Rechnung, Vielen Dank.',
    );
    assert.equal(terms.count('invoice'), 3, 'invoices, invoice, facture');
    assert.equal(terms.count('thank you'), 2, 'thank you, vielen dank');
    assert.equal(terms.count('bill'), 2, 'a Facture and a Rechnung are bills');
    assert.equal(terms.count('iban'), 0);
  });
});

describe('lexicalScores', () => {
  const categories: Category[] = [
    { name: 'invoice', keywords: ['due date', 'iban'], description: 'A request for payment.' },
    { name: 'letter', keywords: ['dear', 'sincerely'], description: 'Personal correspondence.' },
  ];

  it('scores 0..1, higher for the category whose words the text uses', () => {
    const [invoice, letter] = lexicalScores(
      categoryVocabulary(categories),
      new DocumentTerms('INVOICE 2024-7. Due date: 1 May. IBAN DE00 1234.'),
    );
    assert.ok(invoice! > 0.2 && invoice! <= 1, `invoice ${invoice}`);
    assert.equal(letter, 0);
  });

  it('does not let a category match on a word found in every kind of document', () => {
    const notes: Category[] = [{ name: 'notes' }, { name: 'manual', keywords: ['handbook'] }];
    const [note, manual] = lexicalScores(
      categoryVocabulary(notes),
      new DocumentTerms('Note: as this handbook explains, tighten the bolt. Note the torque.'),
    );
    assert.ok(manual! > note!, `manual ${manual} vs notes ${note}`);
  });

  it('scores 0 for a category with nothing to match on', () => {
    assert.deepEqual(lexicalScores(categoryVocabulary([{ name: '' }]), new DocumentTerms('anything')), [0]);
  });
});
