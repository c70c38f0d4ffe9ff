/** Slide decks (PPTX, ODP) → ParsedDocument; runs on the parse worker thread (parse-worker.ts). */
import type { ParsedDocument } from '../../types.ts';
import type { Deck } from './model.ts';
import { readOdp } from './odp.ts';
import { readPptx } from './pptx.ts';
import { deckDocument } from './slide-pages.ts';

export function readDeck(bytes: Uint8Array, kind: 'pptx' | 'odp'): Deck {
  return kind === 'pptx' ? readPptx(bytes) : readOdp(bytes);
}

export function parseSlides(bytes: Uint8Array, kind: 'pptx' | 'odp'): ParsedDocument {
  return deckDocument(readDeck(bytes, kind), kind);
}
