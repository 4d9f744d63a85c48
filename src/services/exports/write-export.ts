import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { ExportColumn, ExportRow, ExportValue } from '../../domain/export-columns.js';
import { neutraliseSpreadsheetCell } from '../../domain/spreadsheet-export.js';
import type { ExportPlan } from './plan-export.js';

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const PROGRESS_EVERY = 2000;

const NUMBER_FORMATS: Partial<Record<ExportColumn['type'], string>> = { money: '"£"#,##0.00', date: 'yyyy-mm-dd', integer: '0' };

/** A value as a CSV field: numbers plain, dates ISO, booleans TRUE/FALSE, text neutralised. */
function csvField(column: ExportColumn, value: ExportValue): string | number {
  if (value === null || value === '') return '';
  switch (column.type) {
    case 'boolean':
      return value ? 'TRUE' : 'FALSE';
    case 'integer':
    case 'money':
      return Number(value);
    default:
      return neutraliseSpreadsheetCell(String(value));
  }
}

/** A value as a typed spreadsheet cell. */
function xlsxCell(column: ExportColumn, value: ExportValue): ExcelJS.CellValue {
  if (value === null || value === '') return null;
  switch (column.type) {
    case 'boolean':
      return Boolean(value);
    case 'integer':
    case 'money':
      return Number(value);
    case 'date':
      return new Date(`${String(value)}T00:00:00Z`);
    default:
      return neutraliseSpreadsheetCell(String(value));
  }
}

/**
 * Streams an export to a file, row by row (a large council export is never all in memory), telling
 * `progress` every few thousand rows. Returns the number of rows written.
 */
export async function writeExport(plan: ExportPlan, format: ExportFormat, path: string, progress: (done: number, total: number) => void = () => {}): Promise<number> {
  let done = 0;
  progress(0, plan.total);
  if (format === 'csv') {
    const out = createWriteStream(path);
    // As src/domain/spreadsheet-export.ts writes CSV for Excel: UTF-8 with a byte-order mark (£ survives a double-click), CRLF, text quoted.
    const csv = stringify({ header: true, bom: true, record_delimiter: 'windows', quoted_string: true, columns: plan.columns.map((c) => ({ key: c.key, header: c.header })) });
    csv.pipe(out);
    for await (const row of plan.rows) {
      const record = Object.fromEntries(plan.columns.map((c) => [c.key, csvField(c, row[c.key] ?? null)]));
      if (!csv.write(record)) await once(csv, 'drain');
      if (++done % PROGRESS_EVERY === 0) progress(done, plan.total);
    }
    csv.end();
    await once(out, 'finish');
  } else {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Placement Desk';
    const sheet = workbook.addWorksheet(plan.kind, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = plan.columns.map((c) => ({ header: c.header, key: c.key, width: Math.max(12, c.header.length + 2), style: NUMBER_FORMATS[c.type] ? { numFmt: NUMBER_FORMATS[c.type] } : {} }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for await (const row of plan.rows) {
      sheet.addRow(plan.columns.map((c) => xlsxCell(c, row[c.key] ?? null))).commit();
      if (++done % PROGRESS_EVERY === 0) progress(done, plan.total);
    }
    sheet.commit();
    await workbook.commit();
  }
  progress(done, Math.max(done, plan.total));
  return done;
}

export type { ExportRow };
