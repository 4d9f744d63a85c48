import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PROVIDER_COLUMNS, PROVIDER_REGISTER, validateProviderRows, type ProviderColumn } from '../../src/domain/provider-register.js';
import {
  MAX_REGISTER_FILE_BYTES,
  MAX_REGISTER_ROWS,
  formatRowError,
  inFileOrder,
  parseRegisterCsv,
  type ParsedCsv,
} from '../../src/domain/register-csv.js';
import { STAFF_COLUMNS, STAFF_REGISTER } from '../../src/domain/staff-register.js';
import { SAVE_AS_CSV_UTF8, decodeSpreadsheetBytes } from '../../src/domain/spreadsheet-text.js';

/**
 * Register files as councils really save them, and as a bad day or an attacker would hand them over.
 * Every case goes through the same reader the imports use; the CLI cases are in
 * test/integration/import-hostile-files.test.ts.
 */

const GOOD: Record<ProviderColumn, string> = {
  provider_id: 'FPS-9301',
  name: 'St Bride’s School – Ysgol Santes Ffraid',
  provider_type: 'INMSS',
  lots: '1;2',
  needs: 'ASD;SLCN',
  age_from: '5',
  age_to: '16',
  sex: 'mixed',
  ofsted_urn: '300301',
  ofsted_grade: 'Good',
  inspection_date: '2024-03-12',
  postcode: 'CH5 2AB',
  host_authority: 'Flintshire',
  vacancies: '3',
  contact_name: 'Siân Hughes',
  contact_email: 'admissions@stbrides.example.org',
  other_emails: '',
  email_domains: 'stbrides.example.org',
  weekly_fee_from: '£1,528',
  weekly_fee_to: '£2,014.50',
  status: 'active',
};

type Cells = Partial<Record<ProviderColumn, string>>;

/** One register line as Excel writes it: cells holding the delimiter or a quote are quoted. */
function line(cells: Cells = {}, delimiter = ','): string {
  return PROVIDER_COLUMNS.map((c) => {
    const v = { ...GOOD, ...cells }[c];
    return [delimiter, '"', '\n', '\r'].some((ch) => v.includes(ch)) ? `"${v.replaceAll('"', '""')}"` : v;
  }).join(delimiter);
}

const HEADER = PROVIDER_COLUMNS.join(',');

function register(rows: Cells[] = [{}, { provider_id: 'FPS-9302', name: 'Café Côte Learning Centre' }], eol = '\r\n', delimiter = ','): string {
  return [PROVIDER_COLUMNS.join(delimiter), ...rows.map((r) => line(r, delimiter))].join(eol) + eol;
}

const utf16le = (text: string) => Buffer.from(text, 'utf16le');
const utf16be = (text: string) => utf16le(text).swap16();
const withMark = (mark: number[], body: Buffer) => Buffer.concat([Buffer.from(mark), body]);

function rowsOf(parsed: ParsedCsv<ProviderColumn>) {
  if (!parsed.ok) throw new Error(parsed.errors.map(formatRowError).join('\n'));
  return parsed.rows;
}

function problems(parsed: ParsedCsv<string>): string[] {
  expect(parsed.ok).toBe(false);
  return parsed.errors.map(formatRowError);
}

/** The two rows of `register()`, read back: the text survived the encoding round trip exactly. */
function expectBothRowsIntact(parsed: ParsedCsv<ProviderColumn>) {
  const rows = rowsOf(parsed);
  expect(rows.map((r) => [r.row, r.values.provider_id, r.values.name, r.values.contact_name, r.values.weekly_fee_from, r.values.weekly_fee_to])).toEqual([
    [2, 'FPS-9301', 'St Bride’s School – Ysgol Santes Ffraid', 'Siân Hughes', '£1,528', '£2,014.50'],
    [3, 'FPS-9302', 'Café Côte Learning Centre', 'Siân Hughes', '£1,528', '£2,014.50'],
  ]);
  const { records, errors } = validateProviderRows(rows);
  expect(errors).toEqual([]);
  expect(records.map((r) => [r.weeklyFeeFromPence, r.weeklyFeeToPence])).toEqual([[152800, 201450], [152800, 201450]]);
}

describe('hostile register files: encodings', () => {
  it('Excel plain "CSV" (Windows-1252: £ is the byte 0xA3, ’ is 0x92, – is 0x96) reads every fee and name', () => {
    const bytes = iconv.encode(register(), 'windows-1252');
    expect(bytes.includes(0xa3)).toBe(true);
    const parsed = parseRegisterCsv(bytes, PROVIDER_REGISTER);
    expect(parsed.source).toEqual({ encoding: 'windows-1252', delimiter: 'comma' });
    expectBothRowsIntact(parsed);
  });

  it('Excel "CSV UTF-8" (with byte-order mark)', () => {
    const parsed = parseRegisterCsv(withMark([0xef, 0xbb, 0xbf], Buffer.from(register(), 'utf8')), PROVIDER_REGISTER);
    expect(parsed.source).toEqual({ encoding: 'utf-8-bom', delimiter: 'comma' });
    expectBothRowsIntact(parsed);
  });

  it('UTF-8 without a byte-order mark', () => {
    const parsed = parseRegisterCsv(Buffer.from(register(), 'utf8'), PROVIDER_REGISTER);
    expect(parsed.source).toEqual({ encoding: 'utf-8', delimiter: 'comma' });
    expectBothRowsIntact(parsed);
  });

  it('UTF-16 LE with byte-order mark, comma-separated', () => {
    const parsed = parseRegisterCsv(withMark([0xff, 0xfe], utf16le(register())), PROVIDER_REGISTER);
    expect(parsed.source).toEqual({ encoding: 'utf-16le-bom', delimiter: 'comma' });
    expectBothRowsIntact(parsed);
  });

  it('UTF-16 BE with byte-order mark', () => {
    const parsed = parseRegisterCsv(withMark([0xfe, 0xff], utf16be(register())), PROVIDER_REGISTER);
    expect(parsed.source).toEqual({ encoding: 'utf-16be-bom', delimiter: 'comma' });
    expectBothRowsIntact(parsed);
  });

  it('Excel "Unicode Text": UTF-16 LE with byte-order mark, tab-separated, CRLF, fees with commas unquoted', () => {
    const text = register(undefined, '\r\n', '\t');
    expect(text).toContain('\t£1,528\t');
    const parsed = parseRegisterCsv(withMark([0xff, 0xfe], utf16le(text)), PROVIDER_REGISTER);
    expect(parsed.source).toEqual({ encoding: 'utf-16le-bom', delimiter: 'tab' });
    expectBothRowsIntact(parsed);
  });

  it('UTF-16 LE without a byte-order mark is recognised from the zero bytes of its ASCII header', () => {
    const parsed = parseRegisterCsv(utf16le(register()), PROVIDER_REGISTER);
    expect(parsed.source).toEqual({ encoding: 'utf-16le', delimiter: 'comma' });
    expectBothRowsIntact(parsed);
  });

  it('UTF-16 BE without a byte-order mark', () => {
    const parsed = parseRegisterCsv(utf16be(register()), PROVIDER_REGISTER);
    expect(parsed.source).toEqual({ encoding: 'utf-16be', delimiter: 'comma' });
    expectBothRowsIntact(parsed);
  });

  it('UTF-16 cut short (an odd number of bytes) is refused with the Save As advice, not half-read', () => {
    const bytes = withMark([0xff, 0xfe], utf16le(register())).subarray(0, -1);
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual([
      `The file starts like UTF-16 text but is not valid UTF-16 (it may be cut short or damaged). ${SAVE_AS_CSV_UTF8}`,
    ]);
  });

  it('a UTF-8 byte-order mark followed by bytes that are not UTF-8 is refused', () => {
    const bytes = withMark([0xef, 0xbb, 0xbf], iconv.encode(register(), 'windows-1252'));
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual([
      `The file starts with the UTF-8 byte-order mark but is not valid UTF-8. ${SAVE_AS_CSV_UTF8}`,
    ]);
  });

  it('UTF-8 rows pasted into a Windows-1252 file are refused, naming the first line that is not UTF-8', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\r\n${line()}\r\n`, 'utf8'),
      iconv.encode(`${line({ provider_id: 'FPS-9302' })}\r\n`, 'windows-1252'),
    ]);
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual([
      `The file mixes UTF-8 text with text in another encoding (the first character that is not UTF-8 is on line 3). ${SAVE_AS_CSV_UTF8}`,
    ]);
  });

  it('a byte Windows-1252 leaves undefined (another code page) is refused, not guessed at', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER}\n${line({ name: 'Ysgol X' })}\n`, 'latin1'), Buffer.from([0x81, 0x0a])]);
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual([
      `The file is neither UTF-8 nor Windows-1252 (byte 0x81 on line 3 has no meaning in either). ${SAVE_AS_CSV_UTF8}`,
    ]);
  });

  it('UTF-32 is refused with the Save As advice', () => {
    const bytes = withMark([0xff, 0xfe, 0x00, 0x00], Buffer.from(iconv.encode(register(), 'utf32le')));
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual([
      `The file is UTF-32 text, which spreadsheets rarely write and this import does not read. ${SAVE_AS_CSV_UTF8}`,
    ]);
  });

  it('Node\'s own windows-1252 decoder is not used: € (0x80) and ’ (0x92) come out as themselves, not as C1 controls', () => {
    const decoded = decodeSpreadsheetBytes(Buffer.from([0x80, 0x20, 0x92, 0x20, 0xa3]));
    expect(decoded).toEqual({ ok: true, text: '€ ’ £', encoding: 'windows-1252' });
  });
});

describe('hostile register files: line ends', () => {
  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR only (old Mac)', '\r'],
  ])('%s line ends read the same rows', (_name, eol) => {
    expectBothRowsIntact(parseRegisterCsv(Buffer.from(register(undefined, eol), 'utf8'), PROVIDER_REGISTER));
  });

  it('mixed line ends in one file keep every row separate (csv-parse alone merged them into one cell)', () => {
    const text = `${HEADER}\r\n${line()}\n${line({ provider_id: 'FPS-9302', name: 'Café Côte Learning Centre' })}\r${line({ provider_id: 'FPS-9303' })}\r\n`;
    const rows = rowsOf(parseRegisterCsv(Buffer.from(text, 'utf8'), PROVIDER_REGISTER));
    expect(rows.map((r) => [r.row, r.values.provider_id, r.values.status])).toEqual([
      [2, 'FPS-9301', 'active'],
      [3, 'FPS-9302', 'active'],
      [4, 'FPS-9303', 'active'],
    ]);
  });
});

describe('hostile register files: cells', () => {
  it('an embedded NUL byte is refused by row and column', () => {
    const bytes = Buffer.from(register([{}, { provider_id: 'FPS-9302', name: 'Alder\u0000brook' }]), 'utf8');
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual([
      'row 3, column name: contains an invisible or control character, U+0000 (NUL), at character 6; delete it',
    ]);
  });

  it('a megabyte provider name is refused by length, and the error does not echo it', () => {
    const huge = 'A'.repeat(1024 * 1024);
    const parsed = parseRegisterCsv(Buffer.from(register([{ name: huge }]), 'utf8'), PROVIDER_REGISTER);
    expect(problems(parsed)).toEqual(['row 2, column name: is 1,048,576 characters long; this column takes at most 200']);
    expect(parsed.rows).toEqual([]);
  });

  it('a megabyte of spaces inside a cell is refused by length (a trailing-space regex took 5 s for 64 KB of them)', () => {
    const cell = `"  x${' '.repeat(1024 * 1024)}y"`;
    const text = `${HEADER}\n${line({ provider_type: 'CELL' }).replace(',CELL,', `,${cell},`)}\n`;
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([
      'row 2, column provider_type: is 1,048,578 characters long; this column takes at most 100',
    ]);
  });

  it('every column has a limit, and a value at the limit is accepted', () => {
    expect(Object.keys(PROVIDER_REGISTER.maxLength).sort()).toEqual([...PROVIDER_COLUMNS].sort());
    expect(Object.keys(STAFF_REGISTER.maxLength).sort()).toEqual([...STAFF_COLUMNS].sort());
    const atLimit = parseRegisterCsv(register([{ name: 'N'.repeat(200) }]), PROVIDER_REGISTER);
    expect(rowsOf(atLimit)[0]!.values.name).toHaveLength(200);
    expect(problems(parseRegisterCsv(register([{ contact_name: 'N'.repeat(201) }]), PROVIDER_REGISTER))).toEqual([
      'row 2, column contact_name: is 201 characters long; this column takes at most 200',
    ]);
  });

  it('a terminal escape sequence (ESC [2J clears the operator\'s screen) is refused', () => {
    expect(problems(parseRegisterCsv(register([{ host_authority: 'Lancs\u001b[2J' }]), PROVIDER_REGISTER))).toEqual([
      'row 2, column host_authority: contains an invisible or control character, U+001B (escape), at character 6; delete it',
    ]);
  });

  it('a line break inside a quoted cell is refused: a cell must be one line', () => {
    const text = `${HEADER}\n${line({ name: 'Alderbrook\nSchool' })}\n`;
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([
      'row 2, column name: has a line break at character 11; a cell must be one line',
    ]);
  });

  it('a tab inside a quoted cell is refused (tab is also a formula trigger)', () => {
    const text = `${HEADER}\n${line({ contact_name: 'TAB' }).replace(',TAB,', ',"\t=cmd",')}\n`;
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([
      'row 2, column contact_name: contains an invisible or control character, U+0009 (tab), at character 1; delete it',
    ]);
  });

  it('a zero-width space and a right-to-left override in names are refused (they hide what a name says)', () => {
    expect(problems(parseRegisterCsv(register([{ name: 'Alder\u200Bbrook' }, { provider_id: 'FPS-9302', name: 'School \u202Efdp.exe' }]), PROVIDER_REGISTER))).toEqual([
      'row 2, column name: contains an invisible or control character, U+200B (zero-width space), at character 6; delete it',
      'row 3, column name: contains an invisible or control character, U+202E (right-to-left override), at character 8; delete it',
    ]);
  });

  it('U+FFFD left by an earlier bad save (the "�1,528" of today) is refused with the Save As advice', () => {
    expect(problems(parseRegisterCsv(Buffer.from(register([{ weekly_fee_from: '\uFFFD1,528' }]), 'utf8'), PROVIDER_REGISTER))).toEqual([
      `row 2, column weekly_fee_from: contains �, the mark of a character lost when the file was saved. ${SAVE_AS_CSV_UTF8}`,
    ]);
  });

  it('a lone surrogate (text no encoder could have written) is refused as a lost character', () => {
    expect(problems(parseRegisterCsv(register([{ name: 'Alder\uD800brook' }]), PROVIDER_REGISTER))).toEqual([
      `row 2, column name: contains �, the mark of a character lost when the file was saved. ${SAVE_AS_CSV_UTF8}`,
    ]);
  });

  it('a 100,000-column row is one row error, found quickly', () => {
    const text = `${HEADER}\n${line()}\n${'x,'.repeat(100_000)}x\n`;
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual(['row 3: expected 21 cells, found 100,001']);
  });

  it('a 100,000-column header is one short error listing ten names and a count', () => {
    const extra = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    const [message, ...rest] = problems(parseRegisterCsv(`${HEADER},${extra}\n`, PROVIDER_REGISTER));
    expect(rest).toEqual([]);
    expect(message).toBe(`row 1: wrong header (unexpected columns: c0, c1, c2, c3, c4, c5, c6, c7, c8, c9 and 99,990 more); expected ${HEADER}`);
  });

  it('a quote never closed names the row where the quoted cell starts, and nothing is read', () => {
    const text = `${HEADER}\n${line()}\n${line({ provider_id: 'FPS-9302' })}\nFPS-9303,"Unclosed School,INMSS\nFPS-9304,no quotes here\n`;
    const parsed = parseRegisterCsv(text, PROVIDER_REGISTER);
    expect(problems(parsed)).toEqual(['row 4: a quoted cell starts on this row and is never closed (a " is missing), so the rest of the file cannot be read']);
    expect(parsed.rows).toEqual([]);
  });

  it('a quote left open until a later quote names the row where it opened', () => {
    const text = `${HEADER}\n${line()}\nFPS-9302,"Unclosed School,INMSS\n${line({ provider_id: 'FPS-9303' })}\n`;
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([
      'row 3: a quoted cell starting on this row does not end at the end of a cell: a " is missing, or a " inside it is not doubled ("")',
    ]);
  });

  it('a quote in the middle of an unquoted cell says how to fix it', () => {
    const text = `${HEADER}\n${line().replace('St Bride’s School', 'St Bride’s "School"')}\n`;
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([
      'row 2: a " appears inside a cell that does not start with one; put the whole cell in quotes and double each " inside it ("")',
    ]);
  });

  it('formula-looking cells are kept as text exactly as given, and validation accepts them where free text is allowed', () => {
    const cells = {
      name: '=HYPERLINK("https://evil.example/login","Open")',
      provider_type: "+cmd|'/C calc'!A0",
      host_authority: '-2+3',
      contact_name: '@SUM(1+1)*cmd',
    };
    const rows = rowsOf(parseRegisterCsv(register([cells]), PROVIDER_REGISTER));
    expect(rows[0]!.values).toMatchObject(cells);
    const { records, errors } = validateProviderRows(rows);
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      name: cells.name,
      providerType: cells.provider_type,
      hostAuthority: cells.host_authority,
      contacts: [{ kind: 'primary', name: cells.contact_name, email: 'admissions@stbrides.example.org' }],
    });
  });

  it('accents written as two characters (NFD, as Mac tools save them) are stored composed (NFC)', () => {
    const rows = rowsOf(parseRegisterCsv(register([{ name: 'Cafe\u0301 Co\u0302te' }]), PROVIDER_REGISTER));
    expect(rows[0]!.values.name).toBe('Café Côte');
    expect(rows[0]!.values.name).toHaveLength(9);
  });

  it('no-break spaces around a cell (pasted from a web page) are trimmed like spaces', () => {
    const rows = rowsOf(parseRegisterCsv(register([{ postcode: '\u00A0CH5 2AB\u00A0', status: ' active ' }]), PROVIDER_REGISTER));
    expect([rows[0]!.values.postcode, rows[0]!.values.status]).toEqual(['CH5 2AB', 'active']);
  });

  it('cell problems and field problems of different rows are reported together, in row order', () => {
    const parsed = parseRegisterCsv(register([{ lots: '9' }, { provider_id: 'FPS-9302', name: 'Bad\u0000Name' }]), PROVIDER_REGISTER);
    const checked = validateProviderRows(parsed.rows);
    expect(inFileOrder([...parsed.errors, ...checked.errors]).map(formatRowError)).toEqual([
      'row 2, column lots: "9" is not an FPS lot (1–7)',
      'row 3, column name: contains an invisible or control character, U+0000 (NUL), at character 4; delete it',
    ]);
  });
});

describe('hostile register files: headers', () => {
  it('a Cyrillic "а" in "name" (looks identical) is named as a look-alike', () => {
    const text = register().replace(',name,', ',n\u0430me,');
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([
      `row 1: wrong header (missing columns: name; unexpected columns: n[U+0430]me); expected ${HEADER}. Column names are plain letters, digits and _; [U+…] marks a character that only looks like one or cannot be seen`,
    ]);
  });

  it('a zero-width space inside "status" is made visible', () => {
    const text = register().replace(',status', ',sta\u200Btus');
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))[0]).toContain('missing columns: status; unexpected columns: sta[U+200B]tus');
  });

  it('full-width letters ("ｓｅｘ") are not the column sex', () => {
    const text = register().replace(',sex,', ',ｓｅｘ,');
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))[0]).toContain('missing columns: sex; unexpected columns: [U+FF53][U+FF45][U+FF58]');
  });

  it('a repeated column is refused (which of two "name" cells would be the name?)', () => {
    const text = `${HEADER},NAME\n${line()},Other Name\n`;
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([`row 1: wrong header (repeated columns: name); expected ${HEADER}`]);
  });

  it('semicolon-separated files (Excel in a comma-decimal locale) are refused with the Save As advice', () => {
    const text = register(undefined, '\r\n', ';');
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([`row 1: the columns are separated by semicolons. ${SAVE_AS_CSV_UTF8}`]);
  });
});

describe('hostile register files: not a register at all', () => {
  it.each([
    ['an empty file (0 bytes)', Buffer.alloc(0)],
    ['a byte-order mark and nothing else', Buffer.from([0xef, 0xbb, 0xbf])],
    ['blank lines only', Buffer.from('\r\n\r\n  \r\n', 'utf8')],
    ['a UTF-16 byte-order mark and nothing else', Buffer.from([0xff, 0xfe])],
  ])('%s is "empty", naming the header expected', (_name, bytes) => {
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual([`row 1: the file is empty; expected the header ${HEADER}`]);
  });

  const pngBytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 7)]);
  const zipBytes = Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(64, 1)]);
  const xlsBytes = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64, 0)]);
  it.each([
    ['a PNG renamed .csv', pngBytes, 'is a PNG image, not a CSV file'],
    ['a zip (or .xlsx workbook) renamed .csv', zipBytes, 'is a zip archive (an Excel workbook, .xlsx, is one), not a CSV file'],
    ['an old .xls workbook renamed .csv', xlsBytes, 'is an old-style Excel workbook (.xls) or other Office document, not a CSV file'],
    ['a PDF renamed .csv', Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj', 'latin1'), 'is a PDF, not a CSV file'],
    ['random binary bytes', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 'is not a text file (it holds binary data)'],
  ])('%s is refused, saying what it is', (_name, bytes, what) => {
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual([`The file ${what}. ${SAVE_AS_CSV_UTF8}`]);
  });

  it('a file over the size cap is refused before it is parsed', () => {
    const bytes = Buffer.alloc(MAX_REGISTER_FILE_BYTES + 512 * 1024, 0x41);
    expect(problems(parseRegisterCsv(bytes, PROVIDER_REGISTER))).toEqual(['The file is 16.5 MB; an import takes at most 16 MB. Is this the right file?']);
  });

  it('a file with more rows than the cap is refused as a whole', () => {
    const text = `${HEADER}\n${'\n'.repeat(MAX_REGISTER_ROWS)}${line()}\n`;
    expect(problems(parseRegisterCsv(text, PROVIDER_REGISTER))).toEqual([
      'The file has more than 20,000 rows; an import takes at most that many. Is this the right file?',
    ]);
    const atCap = `${HEADER}\n${'\n'.repeat(MAX_REGISTER_ROWS - 1)}${line()}\n`;
    expect(rowsOf(parseRegisterCsv(atCap, PROVIDER_REGISTER)).map((r) => r.row)).toEqual([MAX_REGISTER_ROWS + 1]);
  });
});
