import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber, isDateFormat } from './number-format.ts';

test('numbers as a spreadsheet shows them', () => {
  const cases: [number, string, string][] = [
    [1234.567, '#,##0.00', '1,234.57'],
    [-1234.5, '#,##0.00;(#,##0.00)', '(1,234.50)'],
    [0, '0.00;-0.00;"zero"', 'zero'],
    [0.256, '0.0%', '25.6%'],
    [12345.678, '[$€-407] #,##0.00', '€ 12,345.68'],
    [1500000, '#,##0,"k"', '1,500k'],
    [0.000123, '0.00E+00', '1.23E-04'],
    [42, 'General', '42'],
    [3.5, '0', '4'],
    [1.5, '#.##', '1.5'],
    [-7, '0', '-7'],
  ];
  for (const [value, code, shown] of cases)
    assert.equal(formatNumber(value, code), shown, `${value} ${code}`);
});

test('dates and times from serial days', () => {
  assert.equal(isDateFormat('dd/mm/yyyy'), true);
  assert.equal(isDateFormat('#,##0.00 "days"'), false);
  assert.equal(formatNumber(45366, 'dd/mm/yyyy'), '15/03/2024');
  assert.equal(formatNumber(45366.75, 'yyyy-mm-dd hh:mm'), '2024-03-15 18:00');
  assert.equal(formatNumber(45366.75, 'h:mm AM/PM'), '6:00 PM');
  assert.equal(formatNumber(45366, 'd mmmm yyyy'), '15 March 2024');
  assert.equal(formatNumber(1.5, '[h]:mm:ss'), '36:00:00');
});
