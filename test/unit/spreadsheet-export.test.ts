import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { PROVIDER_REGISTER } from '../../src/domain/provider-register.js';
import { parseRegisterCsv } from '../../src/domain/register-csv.js';
import { neutraliseSpreadsheetCell, toSpreadsheetCsv } from '../../src/domain/spreadsheet-export.js';

describe('neutraliseSpreadsheetCell (CSV injection, OWASP)', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","Open")'],
    ["+cmd|'/C calc'!A0"],
    ['-2+3+cmd|\' /C calc\'!A0'],
    ['@SUM(1+1)*cmd'],
    ['\t=1+1'],
    ['\r=1+1'],
    ['  =1+1'],
    ['\u00A0=1+1'],
    ['＝1+1'],
    ['＋1'],
    ['－1'],
    ['＠SUM(A1)'],
  ])('%j is prefixed with a single quote', (value) => {
    expect(neutraliseSpreadsheetCell(value)).toBe(`'${value}`);
  });

  it.each([['Alderbrook School'], ["O'Brien"], [''], ['a=b'], ['admissions@alderbrook.example.org'], ['£1,528'], ['-5'], ['+1.50'], ['1528'], ['St Bride’s – Ysgol']])(
    '%j is left as it is',
    (value) => {
      expect(neutraliseSpreadsheetCell(value)).toBe(value);
    },
  );
});

describe('toSpreadsheetCsv', () => {
  it('writes UTF-8 with a byte-order mark and CRLF, quotes and neutralises text, keeps numbers as numbers', () => {
    const csv = toSpreadsheetCsv([
      ['provider', 'weekly fee (£)', 'note'],
      ['=HYPERLINK("https://evil.example","Open")', 1528.5, null],
      ['Café "Côte", Salford', -12, 'line one\nline two'],
    ]);
    expect(csv.startsWith('\uFEFF"provider","weekly fee (£)","note"\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parse(csv, { bom: true })).toEqual([
      ['provider', 'weekly fee (£)', 'note'],
      ['\'=HYPERLINK("https://evil.example","Open")', '1528.5', ''],
      ['Café "Côte", Salford', '-12', 'line one\nline two'],
    ]);
  });

  it('refuses a number a spreadsheet cannot hold rather than writing "NaN"', () => {
    expect(() => toSpreadsheetCsv([[Number.NaN]])).toThrow(RangeError);
  });

  it('a formula cell imported from a register as text goes back out neutralised', () => {
    const header = PROVIDER_REGISTER.columns.join(',');
    const cells = PROVIDER_REGISTER.columns.map((c) =>
      c === 'name' ? '"=HYPERLINK(""https://evil.example"",""Open"")"' : c === 'lots' ? '1' : c === 'needs' ? 'ASD' : 'x',
    );
    const parsed = parseRegisterCsv(`${header}\n${cells.join(',')}\n`, PROVIDER_REGISTER);
    const name = parsed.rows[0]!.values.name;
    expect(name).toBe('=HYPERLINK("https://evil.example","Open")');
    expect(parse(toSpreadsheetCsv([[name]]), { bom: true })).toEqual([[`'${name}`]]);
  });
});
