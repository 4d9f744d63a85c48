import { annualCostPence } from './offer-figures.js';

/**
 * Advisory evaluation of confirmed offers: price and quality weighted as the council fixed when the
 * referrals went out. Price scores 100 for the lowest annual cost and proportionally less for dearer
 * offers (lowest ÷ this × 100); quality is the officer's mark out of 100. Only offers that can meet the
 * needs are ranked; an offer without a quality mark is listed but not ranked until it has one.
 */

export interface OfferForEvaluation {
  offerId: number;
  providerId: string;
  providerName: string;
  canMeetNeeds: boolean;
  weeklyFeePence: number;
  weeksPerYear: number;
  addOnsWeeklyPence: number;
  startDate: string | null;
  qualityMark: number | null;
  ofstedGrade: string | null;
  inspectionDate: string | null;
  providerPostcode: string;
}

export interface EvaluatedOffer extends OfferForEvaluation {
  annualCostPence: number;
  priceScore: number | null;
  qualityScore: number | null;
  /** Weighted total out of 100, to one decimal place; null until it can be computed. */
  totalScore: number | null;
  /** 1 = best; null when not ranked (cannot meet needs, or no quality mark yet). */
  rank: number | null;
  distanceBand: string;
  notes: string[];
}

const NORTH_WEST_AREAS = new Set(['BB', 'BL', 'CA', 'CH', 'CW', 'FY', 'L', 'LA', 'M', 'OL', 'PR', 'SK', 'WA', 'WN']);

function outwardCode(postcode: string): string {
  return postcode.trim().toUpperCase().split(/\s+/)[0] ?? '';
}

function areaOf(outward: string): string {
  return /^[A-Z]+/.exec(outward)?.[0] ?? '';
}

/**
 * How far the setting is from home, as a band from postcodes alone (no map data is used, so it is a
 * band, not a distance): same district, same postcode area, elsewhere in the North West, or beyond it.
 */
export function distanceBand(homeDistrict: string, providerPostcode: string): string {
  const home = outwardCode(homeDistrict);
  const setting = outwardCode(providerPostcode);
  if (!home || !setting) return 'unknown';
  if (home === setting) return 'same postcode district';
  if (areaOf(home) === areaOf(setting)) return `same postcode area (${areaOf(home)})`;
  if (NORTH_WEST_AREAS.has(areaOf(setting))) return 'elsewhere in the North West';
  return 'outside the North West';
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function evaluateOffers(offers: readonly OfferForEvaluation[], weighting: { priceWeight: number; qualityWeight: number }, homeDistrict: string): EvaluatedOffer[] {
  const eligible = offers.filter((o) => o.canMeetNeeds);
  const costs = eligible.map((o) => annualCostPence(o));
  const lowest = costs.length ? Math.min(...costs) : 0;
  const evaluated = offers.map((o): EvaluatedOffer => {
    const cost = annualCostPence(o);
    const notes: string[] = [];
    if (!o.canMeetNeeds) notes.push('cannot meet the needs: not ranked');
    const priceScore = o.canMeetNeeds && cost > 0 ? round1((lowest / cost) * 100) : null;
    const qualityScore = o.canMeetNeeds && o.qualityMark !== null ? o.qualityMark : null;
    if (o.canMeetNeeds && o.qualityMark === null) notes.push('no quality mark yet: not ranked');
    if (o.ofstedGrade === 'Inadequate') notes.push('latest inspection Inadequate');
    const totalScore = priceScore !== null && qualityScore !== null ? round1((priceScore * weighting.priceWeight + qualityScore * weighting.qualityWeight) / 100) : null;
    return { ...o, annualCostPence: cost, priceScore, qualityScore, totalScore, rank: null, distanceBand: distanceBand(homeDistrict, o.providerPostcode), notes };
  });
  // Highest score first; a tie goes to the lower annual cost, then the earlier start.
  const ranked = evaluated
    .filter((e) => e.totalScore !== null)
    .sort((a, b) => b.totalScore! - a.totalScore! || a.annualCostPence - b.annualCostPence || (a.startDate ?? '9999').localeCompare(b.startDate ?? '9999'));
  ranked.forEach((e, i) => {
    e.rank = i + 1;
  });
  return [...ranked, ...evaluated.filter((e) => e.rank === null)];
}

export const QUALITY_REASON_MIN = 10;

export function validateQualityMark(input: { mark: unknown; reason: unknown }): { ok: true; mark: number; reason: string } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const markText = typeof input.mark === 'string' || typeof input.mark === 'number' ? String(input.mark).trim() : '';
  const mark = Number(markText);
  if (!/^\d{1,3}$/.test(markText) || mark > 100) errors.mark = 'Give a quality mark from 0 to 100.';
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (reason.length < QUALITY_REASON_MIN || reason.length > 1000) errors.reason = `Give the reason for the mark (at least ${QUALITY_REASON_MIN} characters).`;
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, mark, reason };
}
