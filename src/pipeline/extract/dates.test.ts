import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentDayFirst, findDates } from './dates.ts';

const iso = (text: string, dayFirst = true) => findDates(text, dayFirst).map((d) => d.iso);

describe('dates', () => {
  it('reads the common written forms', () => {
    const cases: [string, string][] = [
      ['03 MAR 2018 18:22', '2018-03-03'],
      ['2018-03-03', '2018-03-03'],
      ['03/03/2018', '2018-03-03'],
      ['March 3, 2018', '2018-03-03'],
      ['3rd March 2018', '2018-03-03'],
      ['3.3.18', '2018-03-03'],
      ['05-JAN-2017', '2017-01-05'],
      ['3 de marzo de 2018', '2018-03-03'],
      ['3. März 2018', '2018-03-03'],
      ['1er janvier 2020', '2020-01-01'],
      ['19 april 2014', '2014-04-19'],
      ['Oct 20, 2015', '2015-10-20'],
    ];
    for (const [text, want] of cases) assert.deepEqual(iso(text), [want], text);
  });

  it('keeps the date as printed next to its ISO form', () => {
    const [date] = findDates('Date: 21/02/18 13:05');
    assert.equal(date?.text, '21/02/18');
    assert.equal(date?.iso, '2018-02-21');
  });

  it('settles day and month order by the numbers, else by the caller', () => {
    assert.deepEqual(iso('12/25/2023'), ['2023-12-25']);
    assert.deepEqual(iso('25/12/2023', false), ['2023-12-25']);
    assert.deepEqual(iso('03/04/2018', true), ['2018-04-03']);
    assert.deepEqual(iso('03/04/2018', false), ['2018-03-04']);
    assert.equal(findDates('03/04/2018')[0]?.ambiguous, true);
    assert.equal(documentDayFirst(['Invoice 11/25/2023', 'Due 12/01/2023'], false), false);
    assert.equal(documentDayFirst(['25.11.2023'], true), true);
    assert.equal(documentDayFirst(['03/04/2018'], true), false);
  });

  it('refuses what is not a calendar date or not a date at all', () => {
    assert.deepEqual(iso('31/02/2018'), []);
    assert.deepEqual(iso('Date: May 2018'), []);
    assert.deepEqual(iso('Total 12.50 Qty 3'), []);
    assert.deepEqual(iso('Tel 03-4021 0276'), []);
    assert.deepEqual(iso('18:22:05'), []);
  });
});

describe('dates as OCR reads them', () => {
  it('closes the spaces OCR puts beside a hyphen or slash, not those after a dot', () => {
    assert.deepEqual(
      findDates('Date: 05- Jan-2017 03:17 PM, paid 27/03/ 2018, am 24. März 2018').map((d) => [
        d.text,
        d.iso,
      ]),
      [
        ['05-Jan-2017', '2017-01-05'],
        ['27/03/2018', '2018-03-27'],
        ['24. März 2018', '2018-03-24'],
      ],
    );
  });
});
