import type { Actor } from '../../db/repositories/staff.js';
import { iterateDeclineTexts, loadCouncilAreas, loadDashboardRequests, loadProviderResponses, type RequestFilter } from '../../db/repositories/regional.js';
import { isRoute } from '../../domain/appraisal/routes.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import {
  canSeeCouncilDashboard,
  canSeeRegional,
  computeDashboard,
  type DashboardFigures,
  type DashboardFilters,
  type DashboardInput,
  type DashboardRequestFact,
  type ProviderResponseFact,
} from '../../domain/dashboard.js';
import { DECLINE_REASONS, declineReason, type DeclineReason } from '../../domain/decline-reasons.js';
import { AppError, ErrorCodes } from '../../domain/errors.js';
import { laCodeForAuthorityName } from '../../domain/local-authorities.js';
import { isLot, isNeedCode } from '../../domain/reference-data.js';
import type { ServiceDeps } from '../deps.js';

export type DashboardScope = 'council' | 'regional';

export interface Dashboard {
  figures: DashboardFigures;
  filters: DashboardFilters;
  /** The actor's council, for the heading. */
  councilName: string;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);

export function requestFilterOf(councilId: number | null, filters: DashboardFilters): RequestFilter {
  return { councilId, from: filters.period.from, to: filters.period.to, lot: filters.lot, need: filters.need };
}

/** Who may see which dashboard; read from the actor the turn resolved from the database. */
export function assertMaySee(actor: Pick<Actor, 'roles'>, scope: DashboardScope): void {
  if (scope === 'regional' && !canSeeRegional(actor.roles)) {
    throw new AppError(ErrorCodes.FORBIDDEN_ROLE, 'The regional dashboard is for regional analysts and Heads of Service. Type **dashboard** for your council\'s own figures.');
  }
  if (scope === 'council' && !canSeeCouncilDashboard(actor.roles)) {
    throw new AppError(
      ErrorCodes.FORBIDDEN_ROLE,
      "Your Placement Desk roles are regional ones, and a council's dashboard shows its exact figures, for its own staff. Regional analysts type **regional dashboard** for the protected regional figures.",
    );
  }
}

/** Loads and computes one dashboard: the actor's council (exact), or the region (protected aggregates). */
export async function buildDashboardInput(deps: ServiceDeps, scope: { kind: 'council'; councilId: number } | { kind: 'regional' }, filters: DashboardFilters): Promise<DashboardInput> {
  const filter = requestFilterOf(scope.kind === 'council' ? scope.councilId : null, filters);
  const councils = new Map((await loadCouncilAreas(deps.db)).map((c) => [c.councilId, { name: c.name, areaCodes: c.areaCodes }]));
  const laCodes = new Map<string, string | null>();
  const laCodeOf = (name: string | null) => {
    if (name === null) return null;
    if (!laCodes.has(name)) laCodes.set(name, laCodeForAuthorityName(name));
    return laCodes.get(name)!;
  };
  const requests: DashboardRequestFact[] = (await loadDashboardRequests(deps.db, filter)).map((r) => ({
    councilId: r.councilId,
    lot: r.lot !== null && isLot(r.lot) ? r.lot : null,
    need: r.need !== null && isNeedCode(r.need) ? r.need : null,
    route: isRoute(r.route) ? r.route : null,
    status: r.status,
    synthetic: r.synthetic === 1,
    submittedOn: r.submittedAt.slice(0, 10),
    referralsSentOn: day(r.referralsSentAt),
    firstOfferOn: day(r.firstOfferAt),
    award:
      r.awardedAt !== null
        ? { awardedOn: r.awardedAt.slice(0, 10), weeklyFeePence: r.weeklyFeePence!, annualValuePence: r.annualValuePence!, startDate: r.startDate!, providerLaCode: laCodeOf(r.hostAuthority) }
        : null,
  }));
  const byProvider = new Map<string, ProviderResponseFact & { daysToAnswer: Array<{ value: number; count: number }> }>();
  for (const row of (await loadProviderResponses(deps.db, filter))) {
    let p = byProvider.get(row.providerId);
    if (!p) byProvider.set(row.providerId, (p = { providerId: row.providerId, providerName: row.providerName, referred: 0, answered: 0, daysToAnswer: [] }));
    p.referred += row.requests;
    if (row.days !== null) {
      p.answered += row.requests;
      p.daysToAnswer.push({ value: Math.max(0, row.days), count: row.requests });
    }
  }
  const declines = Object.fromEntries(DECLINE_REASONS.map((r) => [r, 0])) as Record<DeclineReason, number>;
  for await (const d of iterateDeclineTexts(deps.db, filter)) declines[declineReason(`${d.replyText}\n${d.conditions ?? ''}`)] += d.declines;
  const councilId = scope.kind === 'council' ? scope.councilId : null;
  return {
    scope: councilId !== null ? { kind: 'council', councilId, councilName: councils.get(councilId)?.name ?? '' } : { kind: 'regional' },
    councils,
    requests,
    providerResponses: [...byProvider.values()],
    declines,
  };
}

/** `dashboard` / `regional dashboard`: the actor's own council, or the region if their role allows it. */
export async function dashboardFor(deps: ServiceDeps, actor: Actor, scope: DashboardScope, filters: DashboardFilters): Promise<Dashboard> {
  assertMaySee(actor, scope);
  const input = await buildDashboardInput(deps, scope === 'council' ? { kind: 'council', councilId: actor.councilId } : { kind: 'regional' }, filters);
  return { figures: computeDashboard(input), filters, councilName: actor.councilName };
}

export function todayOf(deps: Pick<ServiceDeps, 'clock'>): string {
  return calendarDateOf(deps.clock.now());
}
