import { cleanLabel, findWeeksBasis, periodBefore, roleOf, type MoneyMention } from './reply-money.js';
import type { Span } from './reply-scan.js';

/**
 * Tables a provider drew in a reply (HTML tables arrive as "cell | cell" rows, Outlook's plain text as
 * tab-separated cells). The header row says what each column holds, so a bare "3,120.00" under
 * "Cost per week (£)" is £3,120 a week, and the weeks of a row come from that row's own weeks cell.
 * Two-column tables of labels and answers are read like the reply form's lines.
 */

export interface TableCell {
  text: string;
  start: number;
  end: number;
}

export interface TableReading {
  /** The text with label/answer tables turned into "label: answer" lines (same length, offsets kept). */
  text: string;
  mentions: MoneyMention[];
  /** Weeks per year read from a weeks column. */
  weeks: Array<{ weeks: number; start: number; end: number }>;
  /** Cells of a start-date column: the dates in them are start dates. */
  startCells: TableCell[];
  /** Rows read as a table (header included): the prose reading skips them. */
  covered: Span[];
  /** For each amount read from a table, its header and row in words, for the evidence. */
  evidence: Map<number, string>;
}

const CELL_SEPARATOR = /\t| \| /g;
const HAS_SEPARATOR = /\t| \| /;
/** Digits outside brackets: "Weeks per year (38/52)" is still a header, "3,120.00" is not. */
const DIGIT_OUTSIDE_BRACKETS = /\d(?![^(]*\))/;
const HEADER_WORDS =
  /\b(?:item|description|element|service|provision|programme|course|option|placement|support|weeks?|weekly|annual|fee|cost|price|rate|charge|amount|total|start|date|from|per|question|answer|detail|value|response|notes?)\b|£/i;
const ANSWER_HEADER = /^(?:answers?|values?|details?|responses?|our (?:answer|response)|information|)$/i;
/** "Weeks", "Weeks per year", "Weeks a year (38/52)": the column holds weeks, even though "per year" sounds like money. */
const WEEKS_HEADER = /\bweeks\b(?:\s+(?:per|a|each)\s+(?:year|annum))?/i;
const MONEY_HEADER = /\b(?:fees?|costs?|prices?|rates?|charges?|amount|total|weekly|annual|termly|monthly|daily|per (?:week|year|annum|term|month|day))\b|£|\bgbp\b/i;
/** Rows that are a placement in themselves (a second one is an alternative, not an add-on). */
const PLACEMENT_ITEM = /\b(?:placement|place|boarding|residential|day|core|tuition|education|programme|course|option|package|fee)\b/i;
const START_HEADER = /\b(?:start|from|available|commenc\w*)\b/i;
const POUNDS_HEADER = /£|\bgbp\b|\b(?:fees?|costs?|prices?|charges?)\b/i;
const CELL_AMOUNT = /(£|\bgbp\s?)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?:\s?(k)\b)?/i;

function cellsOf(lineStart: number, line: string): TableCell[] {
  const cells: TableCell[] = [];
  let from = 0;
  for (const m of [...line.matchAll(CELL_SEPARATOR), { index: line.length, 0: '' }]) {
    const raw = line.slice(from, m.index);
    const lead = raw.length - raw.trimStart().length;
    cells.push({ text: raw.trim(), start: lineStart + from + lead, end: lineStart + from + lead + raw.trim().length });
    from = m.index! + m[0].length;
  }
  return cells;
}

interface Row {
  start: number;
  end: number;
  cells: TableCell[];
}

/** Runs of two or more consecutive lines with cell separators. */
function tables(text: string): Row[][] {
  const found: Row[][] = [];
  let current: Row[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (HAS_SEPARATOR.test(line) && line.trim()) current.push({ start: offset, end: offset + line.length, cells: cellsOf(offset, line) });
    else {
      if (current.length >= 2) found.push(current);
      current = [];
    }
    offset += line.length + 1;
  }
  if (current.length >= 2) found.push(current);
  return found;
}

function isHeader(row: Row): boolean {
  return row.cells.every((c) => !DIGIT_OUTSIDE_BRACKETS.test(c.text)) && row.cells.some((c) => HEADER_WORDS.test(c.text));
}

function isLabelAnswerTable(rows: Row[], header: Row | null): boolean {
  const columns = rows[rows.length - 1]!.cells.length;
  if (columns !== 2) return false;
  return !header || ANSWER_HEADER.test(header.cells[1]!.text) || !MONEY_HEADER.test(header.cells[1]!.text);
}

function amountIn(cell: TableCell): { value: number; start: number; end: number; marked: boolean } | null {
  const m = CELL_AMOUNT.exec(cell.text);
  if (!m) return null;
  const whole = Number(m[2]!.replace(/,/g, '')) + (m[3] ? Number(`0.${m[3]}`) : 0);
  const value = Math.round((m[4] ? whole * 1000 : whole) * 100) / 100;
  return { value, start: cell.start + m.index, end: cell.start + m.index + m[0].length, marked: !!m[1] };
}

/** "Label | answer" rows become "Label: answer" lines of the same length. */
function asLabelledLines(text: string, rows: Row[]): string {
  let out = text;
  for (const row of rows) {
    const line = out.slice(row.start, row.end).replace(HAS_SEPARATOR, (sep) => (sep === '\t' ? ':' : ':  '));
    out = out.slice(0, row.start) + line + out.slice(row.end);
  }
  return out;
}

export function readTables(text: string): TableReading {
  const reading: TableReading = { text, mentions: [], weeks: [], startCells: [], covered: [], evidence: new Map() };
  for (const rows of tables(text)) {
    const header = isHeader(rows[0]!) ? rows[0]! : null;
    if (isLabelAnswerTable(rows, header)) {
      reading.text = asLabelledLines(reading.text, rows);
      continue;
    }
    if (!header) continue;
    readColumns(reading, header, rows.slice(1));
    reading.covered.push({ start: header.start, end: rows[rows.length - 1]!.end });
  }
  return reading;
}

type Column = 'item' | 'weeks' | 'money' | 'start' | 'other';

function columnKinds(header: Row): Column[] {
  const kinds = header.cells.map((c): Column => {
    if (WEEKS_HEADER.test(c.text) && !MONEY_HEADER.test(c.text.replace(WEEKS_HEADER, ''))) return 'weeks';
    if (MONEY_HEADER.test(c.text)) return 'money';
    if (START_HEADER.test(c.text)) return 'start';
    return 'other';
  });
  const item = kinds.indexOf('other');
  if (item >= 0) kinds[item] = 'item';
  return kinds;
}

/** The one weeks-per-year figure a header states ("Weekly cost (38 weeks)"), if it states exactly one. */
function distinctWeeks(text: string): number | null {
  const weeks = [...new Set(findWeeksBasis(text).map((w) => w.weeks))];
  return weeks.length === 1 ? weeks[0]! : null;
}

function readColumns(reading: TableReading, header: Row, rows: Row[]): void {
  const kinds = columnKinds(header);
  const itemColumn = kinds.indexOf('item');
  let coreSeen = false;
  for (const row of rows) {
    const item = itemColumn >= 0 ? (row.cells[itemColumn]?.text ?? '') : '';
    const weeksCell = row.cells[kinds.indexOf('weeks')];
    const weeks = weeksCell && /^\d{2}\b/.test(weeksCell.text) ? Number(weeksCell.text.slice(0, 2)) : null;
    if (weeks !== null && weeksCell) reading.weeks.push({ weeks, start: weeksCell.start, end: weeksCell.end });
    const startColumn = kinds.indexOf('start');
    if (startColumn >= 0 && row.cells[startColumn]) reading.startCells.push(row.cells[startColumn]!);
    let amountsInRow = 0;
    // Below the placement's own row, a row that is not another placement is something added to it.
    let role = roleOf(item, '', '');
    if (role === 'core' && coreSeen && !PLACEMENT_ITEM.test(item)) role = 'addon';
    const priced = row.cells.some((cell, i) => kinds[i] === 'money' && amountIn(cell));
    if (role === 'core' && priced) coreSeen = true;
    row.cells.forEach((cell, i) => {
      if (kinds[i] !== 'money') return;
      const amount = amountIn(cell);
      if (!amount || amount.value <= 0) return;
      const columnHeader = header.cells[i]!.text;
      const headerWeeks = distinctWeeks(columnHeader);
      const period = periodBefore(cell.text.slice(amount.end - cell.start)) ?? periodBefore(columnHeader) ?? null;
      reading.mentions.push({
        value: amount.value,
        start: amount.start,
        end: amount.end,
        period,
        role,
        label: cleanLabel(item.replace(/\s*\((?:core|weekly|annual)\)\s*/i, ' ')),
        weeksBasis: weeks ?? headerWeeks,
        currencyMarked: amount.marked || POUNDS_HEADER.test(columnHeader),
        // A second amount in the row ("Weekly | Annual") is the same thing in other terms.
        restates: amountsInRow++ > 0,
      });
      reading.evidence.set(amount.start, `${item ? `${item}: ` : ''}${cell.text} (${columnHeader}${weeks ? `, ${weeks} weeks` : ''})`);
      if (weeks === null && headerWeeks !== null && !reading.weeks.some((w) => w.start === header.cells[i]!.start)) {
        reading.weeks.push({ weeks: headerWeeks, start: header.cells[i]!.start, end: header.cells[i]!.end });
      }
    });
  }
}
