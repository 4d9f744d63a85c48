import type { CalendarDate } from './calendar-date.js';
import type { ChildSex } from './placement-request/fields.js';
import type { ProviderRecord } from './provider-register.js';
import { LOT_LABELS, type Lot, type NeedCode, type ProviderSex } from './reference-data.js';

/**
 * The first cut of a call-off: which providers on the register could meet this child's needs. Every
 * provider gets an entry with its reasons in words, because the placements officer reviews the list,
 * may add back an excluded provider or remove an included one, and must be able to say why.
 * Capacity and missing inspections are reasons to check, never to exclude: the officer decides.
 */

export interface ShortlistNeed {
  lot: Lot;
  primaryNeed: NeedCode;
  secondaryNeeds: NeedCode[];
  /** Age in completed years on the required start date. */
  ageAtStart: number;
  sex: ChildSex;
}

export interface ShortlistEntry {
  providerId: string;
  providerName: string;
  included: boolean;
  /** "excluded: …" for each failed rule, or one "included: …", then any notes to check. */
  reasons: string[];
}

const SINGLE_SEX_LABELS: Record<Exclude<ProviderSex, 'mixed'>, string> = { male: 'boys only', female: 'girls only' };
const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

export function proposeShortlist(need: ShortlistNeed, providers: readonly ProviderRecord[]): ShortlistEntry[] {
  return providers
    .map((p) => assess(need, p))
    .sort(
      (a, b) =>
        Number(b.included) - Number(a.included) ||
        a.providerName.localeCompare(b.providerName, 'en-GB', { sensitivity: 'base' }) ||
        a.providerId.localeCompare(b.providerId),
    );
}

function assess(need: ShortlistNeed, p: ProviderRecord): ShortlistEntry {
  const exclusions: string[] = [];
  const notes: string[] = [];

  if (p.status !== 'active') exclusions.push(p.status);
  if (!p.lots.includes(need.lot)) exclusions.push(`not on lot ${need.lot} (${LOT_LABELS[need.lot]})`);
  if (!p.needs.includes(need.primaryNeed)) exclusions.push(`does not cover ${need.primaryNeed}`);
  if (need.ageAtStart < p.ageFrom || need.ageAtStart > p.ageTo) exclusions.push(`age ${ageRange(p)}`);

  if (p.sex !== 'mixed') {
    const label = SINGLE_SEX_LABELS[p.sex];
    if (need.sex === 'not_stated') notes.push(`single-sex provider: check (${label})`);
    else if (need.sex !== p.sex) exclusions.push(label);
  }

  if (p.ofstedGrade === 'Inadequate') {
    exclusions.push(`latest inspection Inadequate${p.inspectionDate ? ` (${shortDate(p.inspectionDate)})` : ''}`);
  } else if (p.ofstedGrade === null) {
    notes.push('not yet inspected');
  }

  const uncovered = need.secondaryNeeds.filter((n) => n !== need.primaryNeed && !p.needs.includes(n));
  if (uncovered.length) notes.push(`does not list secondary need${uncovered.length > 1 ? 's' : ''} ${joinWords(uncovered)}`);
  if (p.vacancies <= 0) notes.push('no vacancies reported');

  const included = exclusions.length === 0;
  const verdict = included ? [`included: ${inclusionSummary(need, p)}`] : exclusions.map((e) => `excluded: ${e}`);
  return { providerId: p.id, providerName: p.name, included, reasons: [...verdict, ...notes] };
}

function inclusionSummary(need: ShortlistNeed, p: ProviderRecord): string {
  const covered = [need.primaryNeed, ...need.secondaryNeeds.filter((n) => n !== need.primaryNeed && p.needs.includes(n))];
  const parts = [`lot ${need.lot}`, `covers ${joinWords(covered)}`, `age ${ageRange(p)}`];
  if (p.sex !== 'mixed') parts.push(SINGLE_SEX_LABELS[p.sex]);
  if (p.ofstedGrade) parts.push(p.inspectionDate ? `${p.ofstedGrade} (${p.inspectionDate.slice(0, 4)})` : p.ofstedGrade);
  return parts.join(', ');
}

function ageRange(p: ProviderRecord): string {
  return `${p.ageFrom}–${p.ageTo}`;
}

/** '10 Sep 2021': short enough for a reason line in a card. */
function shortDate(date: CalendarDate): string {
  return `${Number(date.slice(8, 10))} ${SHORT_MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
}

/** 'ASD', 'ASD and SLCN', 'ASD, SLCN and SEMH'. */
function joinWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
