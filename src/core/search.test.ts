import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fuseRankings, type Ranked } from './search.ts';
import { configForLanguageCode, guessTextSearchConfig } from './text-language.ts';

const ranked = (...keys: string[]): Ranked[] =>
  keys.map((key, i) => ({ jobId: key.split(':')[0]!, index: Number(key.split(':')[1]), score: 100 - i }));
const keysOf = (list: Ranked[]) => list.map((entry) => `${entry.jobId}:${entry.index}`);

describe('reciprocal rank fusion', () => {
  it('adds 1/(k + rank) from each ranking, and sorts by the sum', () => {
    const text = ranked('a:0', 'b:0', 'c:0');
    const vector = ranked('c:0', 'b:0', 'd:0');
    const fused = fuseRankings([text, vector], 10, 60);
    // b: 1/62 + 1/62 = 0.03226; c: 1/63 + 1/61 = 0.03227 (c wins by a hair); a: 1/61; d: 1/63.
    assert.deepEqual(keysOf(fused), ['c:0', 'b:0', 'a:0', 'd:0']);
    assert.ok(Math.abs(fused[0]!.score - (1 / 63 + 1 / 61)) < 1e-12);
    assert.ok(Math.abs(fused[2]!.score - 1 / 61) < 1e-12);
  });

  it('ignores the rankers’ own scores, keeps first-seen order on ties, and cuts at topK', () => {
    const fused = fuseRankings([ranked('x:1', 'y:1'), ranked('y:2', 'x:2')], 3);
    assert.deepEqual(keysOf(fused), ['x:1', 'y:2', 'y:1']);
    assert.deepEqual(fuseRankings([[], []], 5), []);
  });
});

describe('text search language', () => {
  it('maps ISO codes to PostgreSQL configurations, simple when unknown', () => {
    assert.equal(configForLanguageCode('en'), 'english');
    assert.equal(configForLanguageCode('deu'), 'german');
    assert.equal(configForLanguageCode('fr-CA'), 'french');
    assert.equal(configForLanguageCode('ja'), 'simple');
    assert.equal(configForLanguageCode(null), 'simple');
  });

  it('guesses the language of a paragraph from its function words', () => {
    assert.equal(
      guessTextSearchConfig(
        'The results of the experiment are shown in the table, which was built from the data.',
      ),
      'english',
    );
    assert.equal(
      guessTextSearchConfig(
        'Die Ergebnisse des Versuchs sind in der Tabelle zu sehen, die aus den Daten für das Jahr erstellt wurde.',
      ),
      'german',
    );
    assert.equal(
      guessTextSearchConfig(
        'Les résultats de l’expérience sont dans le tableau, qui est construit avec les données du projet.',
      ),
      'french',
    );
    assert.equal(guessTextSearchConfig('Total 1,250.00 EUR'), 'simple', 'too little text to say');
    assert.equal(guessTextSearchConfig('東京都の人口は約1400万人です。'), 'simple');
  });
});
