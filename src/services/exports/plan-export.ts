import { appendStaffAudit } from '../../db/repositories/audit.js';
import { writeTransaction } from '../../db/transaction.js';
import {
  countOfferRows,
  countPlacementRows,
  countResponseRows,
  countTimingRows,
  iterateOfferRows,
  iteratePlacementRows,
  iterateResponseRows,
  iterateTimingRows,
} from '../../db/repositories/exports.js';
import { loadCouncilAreas, loadProviderHosts } from '../../db/repositories/regional.js';
import type { Actor } from '../../db/repositories/staff.js';
import { daysBetween } from '../../domain/calendar-date.js';
import { describeFilters, type DashboardFilters } from '../../domain/dashboard.js';
import { declineReason, DECLINE_REASON_LABELS } from '../../domain/decline-reasons.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { EXPORT_COLUMNS, type ExportColumn, type ExportKind, type ExportRow, type ExportScope } from '../../domain/export-columns.js';
import { laCodeForAuthorityName } from '../../domain/local-authorities.js';
import { LOT_LABELS, isLot } from '../../domain/reference-data.js';
import { regionalExportRows } from '../../domain/regional-exports.js';
import { seesWholeCouncil } from '../../domain/request-access.js';
import type { ServiceDeps } from '../deps.js';
import { assertMaySee, buildDashboardInput, requestFilterOf } from '../regional/dashboard.js';

export interface ExportPlan {
  kind: ExportKind;
  scope: ExportScope;
  columns: readonly ExportColumn[];
  total: number;
  /** Streamed: a council export is read from a cursor, never all in memory. */
  rows: AsyncIterable<ExportRow> | Iterable<ExportRow>;
  /** "Northshire Borough Council, placements, last 24 months · all lots · all needs". */
  description: string;
}

const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : null);
const pounds = (pence: number | null | undefined) => (pence === null || pence === undefined ? null : pence / 100);
const RESIDENTIAL_LOTS = new Set([2, 3, 5]);

/**
 * What an export holds, for whom: a council's own rows for staff who see the whole council, or the
 * regional aggregates for regional analysts and Heads of Service. Authority comes from the actor as
 * the database knows them.
 */
export async function planExport(deps: ServiceDeps, input: { actor: Actor; kind: ExportKind; scope: ExportScope; filters: DashboardFilters }): Promise<ExportPlan> {
  const { actor, kind, scope, filters } = input;
  const columns = EXPORT_COLUMNS[scope][kind];
  if (scope === 'regional') {
    assertMaySee(actor, 'regional');
    const rows = regionalExportRows(kind, (await buildDashboardInput(deps, { kind: 'regional' }, filters)), (await loadProviderHosts(deps.db)));
    return { kind, scope, columns, total: rows.length, rows, description: `All councils (aggregates), ${kind}, ${describeFilters(filters)}` };
  }
  if (!seesWholeCouncil(actor)) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, "Council exports are for placements officers, approvers and administrators: they hold every request of the council.");
  }
  const f = { ...requestFilterOf(actor.councilId, filters), councilId: actor.councilId };
  const area = (await loadCouncilAreas(deps.db)).find((c) => c.councilId === actor.councilId)?.areaCodes ?? [];
  const description = `${actor.councilName}, ${kind}, ${describeFilters(filters)}`;
  const { db } = deps;
  switch (kind) {
    case 'placements':
      return {
        kind, scope, columns, description,
        total: await countPlacementRows(db, f),
        rows: mapRows(iteratePlacementRows(db, f), (r) => {
          const draft = JSON.parse(r.draft) as { child?: { caseReference?: string }; needs?: { secondaryNeeds?: string[] } };
          const settingLa = laCodeForAuthorityName(r.hostAuthority);
          return {
            council_code: actor.councilCode,
            la_code: area[0] ?? null,
            request_reference: r.reference,
            case_reference: draft.child?.caseReference ?? null,
            synthetic: r.synthetic === 1,
            route: r.route ?? (r.providerId ? 'fps_call_off' : null),
            provider_id: r.providerId,
            setting_name: r.providerName,
            setting_urn: r.ofstedUrn,
            // The register holds no UKPRN yet: the column is there for the SEN2 return and stays empty.
            setting_ukprn: null,
            setting_type: r.providerType,
            setting_la_code: settingLa,
            in_area: r.providerId && area.length ? settingLa !== null && area.includes(settingLa) : null,
            lot: r.lot,
            lot_name: r.lot !== null && isLot(r.lot) ? LOT_LABELS[r.lot] : null,
            residential: r.lot !== null ? RESIDENTIAL_LOTS.has(r.lot) : null,
            weeks_per_year: r.weeksPerYear,
            primary_need: r.need,
            secondary_needs: (draft.needs?.secondaryNeeds ?? []).join(';'),
            start_date: r.startDate ?? r.requiredStartDate,
            leaving_date: r.endDate,
            weekly_fee: pounds(r.weeklyFeePence),
            add_ons_weekly: pounds(r.addOnsWeeklyPence),
            annual_cost: pounds(r.annualValuePence ?? r.annualCostPence),
            decided_on: day(r.awardedAt ?? r.closedAt),
          };
        }),
      };
    case 'offers':
      return {
        kind, scope, columns, description,
        total: await countOfferRows(db, f),
        rows: mapRows(iterateOfferRows(db, f), (r) => ({
          request_reference: r.reference,
          synthetic: r.synthetic === 1,
          lot: r.lot,
          primary_need: r.need,
          provider_id: r.providerId,
          provider_name: r.providerName,
          can_meet_needs: r.canMeetNeeds === 1,
          weekly_fee: r.canMeetNeeds ? pounds(r.weeklyFeePence) : null,
          weeks_per_year: r.canMeetNeeds ? r.weeksPerYear : null,
          add_ons_weekly: r.canMeetNeeds ? pounds(r.addOnsWeeklyPence) : null,
          annual_cost: r.canMeetNeeds ? pounds((r.weeklyFeePence + r.addOnsWeeklyPence) * r.weeksPerYear) : null,
          start_date: r.startDate,
          confirmed_on: day(r.confirmedAt),
          quality_mark: r.qualityMark,
          decline_reason: r.canMeetNeeds ? null : DECLINE_REASON_LABELS[declineReason(`${r.replyText}\n${r.conditions ?? ''}`)],
          awarded: r.awarded === 1,
        })),
      };
    case 'timings':
      return {
        kind, scope, columns, description,
        total: await countTimingRows(db, f),
        rows: mapRows(iterateTimingRows(db, f), (r) => {
          const submitted = r.submittedAt.slice(0, 10);
          const since = (to: string | null) => (to ? daysBetween(submitted, to.slice(0, 10)) : null);
          return {
            request_reference: r.reference,
            synthetic: r.synthetic === 1,
            lot: r.lot,
            primary_need: r.need,
            route: r.route,
            submitted_on: submitted,
            referrals_sent_on: day(r.referralsSentAt),
            first_offer_on: day(r.firstOfferAt),
            awarded_on: day(r.awardedAt),
            start_date: r.startDate,
            days_to_referrals: since(r.referralsSentAt),
            days_to_first_offer: since(r.firstOfferAt),
            days_to_award: since(r.awardedAt),
            days_to_start: since(r.startDate),
          };
        }),
      };
    case 'responses':
      return {
        kind, scope, columns, description,
        total: await countResponseRows(db, f),
        rows: mapRows(iterateResponseRows(db, f), (r) => ({
          request_reference: r.reference,
          synthetic: r.synthetic === 1,
          provider_id: r.providerId,
          provider_name: r.providerName,
          sent_on: day(r.sentAt),
          answered_on: day(r.respondedAt),
          days_to_answer: r.sentAt && r.respondedAt ? daysBetween(r.sentAt.slice(0, 10), r.respondedAt.slice(0, 10)) : null,
          answer: r.answer ?? (r.respondedAt ? 'answered' : 'no answer'),
        })),
      };
  }
}

async function* mapRows<T>(rows: AsyncIterable<T>, map: (row: T) => ExportRow): AsyncGenerator<ExportRow> {
  for await (const row of rows) yield map(row);
}

/** Who exported what, for the audit trail (an export carries children's data out of the product). */
export async function recordExport(deps: ServiceDeps, actor: Actor, plan: ExportPlan, details: { format: string; rows: number; file: string }): Promise<void> {
  (await writeTransaction(deps.db, (tx) =>
    appendStaffAudit(tx, deps.clock.now(), actor, {
      action: 'export.written',
      entityType: 'export',
      entityId: `${plan.scope}:${plan.kind}`,
      details: { description: plan.description, format: details.format, rows: details.rows, file: details.file },
    }),
  ));
}
