import { groundFamily, LEGAL_GROUND_EXPLANATIONS, LEGAL_GROUND_LABELS, ROUTES, ROUTE_LABELS, SETTING_KIND_GROUNDS, SETTING_KIND_LABELS, type LegalGround, type PlaceAvailability, type Route, type Suitability } from './routes.js';
import { totalAnnualCostPence, type AppraisalOptionValues, type PreferenceValues } from './answers.js';
import { formatPounds } from '../money.js';
import { formatUkDate } from '../calendar-date.js';

/**
 * The recommendation, made by explicit rules and explained in full sentences (they are copied into the case
 * file and may be read at a tribunal). It is advisory: a named person confirms the route (UK GDPR Art 22).
 */

/** Ends user text with a full stop unless it already ends a sentence, for embedding in reasons. */
function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]["'”’)]?$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** "Maintained school or academy, FE college" → "maintained school or academy, FE college"; acronyms stay. */
function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------------
// The recommendation
// ---------------------------------------------------------------------------------------------------

export const RECOMMENDATION_RULES = [
  'preference_named',
  'preference_ground_missing',
  'mainstream_presumption',
  'lowest_cost',
  'lowest_estimated_cost',
  'lowest_cost_tie',
  'only_suitable_route',
  'no_suitable_route',
] as const;
export type RecommendationRule = (typeof RECOMMENDATION_RULES)[number];

export const RECOMMENDATION_RULE_LABELS: Record<RecommendationRule, string> = {
  preference_named: 'Setting asked for by the parent or young person',
  preference_ground_missing: 'Ground for not naming the setting asked for is missing',
  mainstream_presumption: 'Mainstream presumption (s.33)',
  lowest_cost: 'Lowest cost to the public purse of the suitable routes',
  lowest_estimated_cost: 'Lowest estimated cost to the public purse of the suitable routes; the place is to be found by the call-off',
  lowest_cost_tie: 'Lowest cost to the public purse of the suitable routes (tie)',
  only_suitable_route: 'The only suitable route',
  no_suitable_route: 'No suitable route',
};

export interface RouteComparison {
  route: Route;
  /** False when the route has not been answered at all. */
  answered: boolean;
  considered: boolean;
  meetsSectionF: Suitability | null;
  /** Considered, meets all of Section F and has a place available (or one the call-off is to find). */
  suitable: boolean;
  placeAvailable: PlaceAvailability | null;
  /** Its place is to be found by the referrals (FPS call-off, spot purchase). */
  placeToBeTested: boolean;
  totalPence: number;
  /** The cost includes an estimated fee (the officer's figure, or the regional median). */
  costIsEstimate: boolean;
  legalGround: LegalGround | null;
  /** Why the route cannot be recommended, in full sentences; absent when it can be. */
  excludedBecause?: string;
}

export interface Recommendation {
  route: Route | null;
  rule: RecommendationRule;
  /** Full sentences, in the order the rules were applied, then one per route not recommended. */
  reasons: string[];
  comparison: RouteComparison[];
  warnings: string[];
}

function placeText(option: AppraisalOptionValues): string {
  if (option.placeAvailable === 'call_off') return 'its place is to be found by the call-off (the referrals ask providers which can offer one)';
  return option.availableFrom ? `has a place available from ${formatUkDate(option.availableFrom)}` : 'has a place available';
}

/** "£140,600 (an estimate: …)" when the fee is an estimate. */
function costText(option: AppraisalOptionValues, totalPence: number): string {
  return option.feeEstimate ? `${formatPounds(totalPence)}, an estimate (the fee is ${option.feeEstimate.basis})` : formatPounds(totalPence);
}

function suitabilityProblems(option: AppraisalOptionValues): string[] {
  const problems: string[] = [];
  const given = option.suitabilityReason ? ` Reason given: ${asSentence(option.suitabilityReason)}` : '';
  switch (option.meetsSectionF) {
    case 'yes':
      break;
    case 'partly':
      problems.push(
        `It can meet Section F only in part, and a route must be able to secure all of the provision in Section F to be suitable, so "partly" is not enough.${given}`,
      );
      break;
    case 'no':
      problems.push(`It cannot meet the provision in Section F.${given}`);
      break;
    case undefined:
      problems.push('Whether it can meet Section F has not been recorded.');
  }
  switch (option.placeAvailable) {
    case 'yes':
    case 'call_off':
      break;
    case 'no':
      problems.push(option.availableFrom ? `No place is available until ${formatUkDate(option.availableFrom)}.` : 'No place is available.');
      break;
    case 'unknown':
      problems.push('It is not known whether a place is available, and a route is only recommended when a place is confirmed, so "unknown" is not enough.');
      break;
    case undefined:
      problems.push('Whether a place is available has not been recorded.');
  }
  return problems;
}

function groundSentence(option: AppraisalOptionValues, ground: LegalGround): string {
  const evidence = option.legalGroundEvidence ? ` Evidence recorded: ${asSentence(option.legalGroundEvidence)}` : '';
  const what = groundFamily(ground) === 's33' ? 'an exception to the mainstream presumption' : 'a legal ground against this route';
  return `The council relies on ${what}: ${LEGAL_GROUND_LABELS[ground]}. ${LEGAL_GROUND_EXPLANATIONS[ground]}${evidence}`;
}

function compareRoute(route: Route, option: AppraisalOptionValues | undefined): RouteComparison {
  if (option === undefined) {
    return {
      route,
      answered: false,
      considered: false,
      meetsSectionF: null,
      suitable: false,
      placeAvailable: null,
      placeToBeTested: false,
      totalPence: 0,
      costIsEstimate: false,
      legalGround: null,
      excludedBecause: 'It has not been answered yet.',
    };
  }
  if (!option.considered) {
    return {
      route,
      answered: true,
      considered: false,
      meetsSectionF: null,
      suitable: false,
      placeAvailable: null,
      placeToBeTested: false,
      totalPence: 0,
      costIsEstimate: false,
      legalGround: null,
      excludedBecause: option.notConsideredReason ? `It was not considered. Reason given: ${asSentence(option.notConsideredReason)}` : 'It was not considered.',
    };
  }
  const problems = suitabilityProblems(option);
  const suitable = problems.length === 0;
  const excludedBecause = suitable ? (option.legalGround ? groundSentence(option, option.legalGround) : undefined) : problems.join(' ');
  return {
    route,
    answered: true,
    considered: true,
    meetsSectionF: option.meetsSectionF ?? null,
    suitable,
    placeAvailable: option.placeAvailable ?? null,
    placeToBeTested: option.placeAvailable === 'call_off',
    totalPence: totalAnnualCostPence(option),
    costIsEstimate: option.feeEstimate !== undefined,
    legalGround: option.legalGround ?? null,
    ...(excludedBecause ? { excludedBecause } : {}),
  };
}

function costBreakdown(option: AppraisalOptionValues): string {
  return `fee ${formatPounds(option.feePence)}, add-ons ${formatPounds(option.addOnsPence)}, transport ${formatPounds(option.transportPence)}, therapies ${formatPounds(option.therapiesPence)}`;
}

function byCostThenRouteOrder(a: RouteComparison, b: RouteComparison): number {
  return a.totalPence - b.totalPence || ROUTES.indexOf(a.route) - ROUTES.indexOf(b.route);
}

const S33_PHRASE = 'The mainstream presumption (s.33 of the Children and Families Act 2014)';

/**
 * Recommends a route by these rules, in order:
 * 1. A route is suitable when it was considered, can meet all of Section F and has a place available.
 * 2. A setting the parent or young person asked for, which the council will name and whose route is
 *    suitable, is recommended even if dearer. If the council will not name it, the ground and its evidence
 *    must be recorded, or no route is recommended.
 * 3. Otherwise a suitable mainstream route is recommended (s.33), unless an exception is recorded on it.
 * 4. Otherwise the suitable route with the lowest total cost to the public purse; a tie goes to the route
 *    earlier in ROUTES (maintained before independent).
 * 5. Otherwise no route.
 * A suitable route on which a legal ground is recorded is never recommended by rules 3 and 4.
 */
export function recommendRoute(options: readonly AppraisalOptionValues[], preference: PreferenceValues | undefined): Recommendation {
  const warnings: string[] = [];
  const byRoute = new Map<Route, AppraisalOptionValues>();
  for (const option of options) {
    if (byRoute.has(option.route)) warnings.push(`${ROUTE_LABELS[option.route]} was answered more than once; the first answer is used.`);
    else byRoute.set(option.route, option);
  }
  const comparison = ROUTES.map((route) => compareRoute(route, byRoute.get(route)));
  const row = (route: Route): RouteComparison => comparison.find((c) => c.route === route) as RouteComparison;
  const eligible = comparison.filter((c) => c.suitable && c.excludedBecause === undefined).sort(byCostThenRouteOrder);

  const unanswered = comparison.filter((c) => !c.answered).map((c) => ROUTE_LABELS[c.route]);
  if (unanswered.length > 0) {
    warnings.push(`Not answered yet: ${listInWords(unanswered)}. Answer each route or mark it as not considered before the route is confirmed.`);
  }

  const reasons: string[] = [];
  /** Routes whose exclusion is already explained in `reasons`. */
  const explained = new Set<Route>();

  const finish = (route: Route | null, rule: RecommendationRule): Recommendation => {
    for (const c of comparison) {
      if (c.route === route || explained.has(c.route)) continue;
      if (c.excludedBecause !== undefined) reasons.push(`${ROUTE_LABELS[c.route]} is not recommended. ${c.excludedBecause}`);
      else if (route !== null) reasons.push(notChosenSentence(c, row(route), rule));
    }
    return { route, rule, reasons, comparison, warnings };
  };

  // Rule 2: the parent's or young person's preference.
  if (preference === undefined) {
    warnings.push("The parent's or young person's preference has not been asked yet; record it before the route is confirmed.");
  } else if (!preference.hasPreference) {
    reasons.push('The parent or young person has not asked for a particular school or college.');
  } else {
    const name = preference.settingName ?? 'the setting asked for';
    const kind = preference.settingKind;
    const asked = `The parent or young person asked for ${name}${kind ? ` (${lowerFirst(SETTING_KIND_LABELS[kind])})` : ''}`;
    if (preference.councilWillName === true) {
      const preferred = preference.route ? row(preference.route) : undefined;
      if (preferred?.suitable && preference.route) {
        const option = byRoute.get(preference.route) as AppraisalOptionValues;
        reasons.push(`${asked}, and the council will name it.`);
        reasons.push(`${ROUTE_LABELS[preferred.route]} can meet Section F and ${placeText(option)}, so this route is recommended.`);
        const cheapest = eligible.find((c) => c.route !== preferred.route);
        if (cheapest && cheapest.totalPence < preferred.totalPence) {
          reasons.push(
            `It costs ${formatPounds(preferred.totalPence)} a year, which is ${formatPounds(preferred.totalPence - cheapest.totalPence)} more than the lowest-cost suitable route, ${ROUTE_LABELS[cheapest.route]}, at ${formatPounds(cheapest.totalPence)}; the council has recorded no ground for refusing the request, so the higher cost does not override it.`,
          );
        }
        reasons.push(
          kind === 'independent_not_s41'
            ? 'Under s.9 of the Education Act 1996 the council has regard to the wishes of the parent or young person so far as compatible with efficient instruction and the avoidance of unreasonable public expenditure, and it has not found the cost unreasonable.'
            : 'Under s.39(4) of the Children and Families Act 2014 a requested maintained, non-maintained special or s.41-approved setting must be named unless it is unsuitable or incompatible with the efficient education of others or the efficient use of resources, and no such ground has been recorded.',
        );
        if (preferred.route !== 'mainstream' && row('mainstream').suitable) {
          reasons.push(
            `${S33_PHRASE} does not displace this request: it applies where no setting is asked for or the request is refused (s.39(5) and s.40(2)), and mainstream would be incompatible with the wishes of the parent or young person (s.33(2)(a)).`,
          );
        }
        if (preferred.legalGround) {
          warnings.push(
            `The ${ROUTE_LABELS[preferred.route]} answer records the ground “${LEGAL_GROUND_LABELS[preferred.legalGround]}” although the council will name ${name}: check which is right before the route is confirmed.`,
          );
        }
        explained.add(preferred.route);
        return finish(preferred.route, 'preference_named');
      }
      const why = preferred ? ` ${preferred.excludedBecause ?? ''}` : ' The route the setting belongs to has not been recorded.';
      reasons.push(`${asked}, and the council said it will name it, but its route cannot be recommended in this appraisal.${why}`);
      warnings.push(`The council said it will name ${name}, but its route is not suitable in this appraisal: check the answers before the route is confirmed.`);
      if (preferred) explained.add(preferred.route);
    } else if (preference.councilWillName === false) {
      const problem = preferenceGroundProblem(preference);
      if (problem !== null) {
        reasons.push(
          `${asked}, and the council does not intend to name it, but ${problem}. No route can be recommended until the legal ground for not naming the setting and its evidence are recorded.`,
        );
        return finish(null, 'preference_ground_missing');
      }
      const ground = preference.ground as LegalGround;
      reasons.push(
        `${asked}; the council does not intend to name it and relies on ${LEGAL_GROUND_LABELS[ground]}. ${LEGAL_GROUND_EXPLANATIONS[ground]} Evidence recorded: ${asSentence(preference.groundEvidence ?? '')}`,
      );
    } else {
      warnings.push(`Whether the council will name ${name} has not been recorded, so the request could not be weighed.`);
    }
  }

  // Rule 3: the mainstream presumption.
  const mainstream = row('mainstream');
  if (!mainstream.answered) {
    reasons.push(`${S33_PHRASE} could not be applied because the mainstream route has not been answered yet.`);
  } else if (mainstream.suitable && mainstream.excludedBecause === undefined) {
    const option = byRoute.get('mainstream') as AppraisalOptionValues;
    reasons.push(
      `${ROUTE_LABELS.mainstream} can meet Section F and ${placeText(option)}. Under s.33 of the Children and Families Act 2014 the child or young person must be educated in mainstream unless that is incompatible with the wishes of the parent or young person or the efficient education of others, and no such exception has been recorded, so mainstream is recommended.`,
    );
    const cheaper = eligible.find((c) => c.route !== 'mainstream' && c.totalPence < mainstream.totalPence);
    if (cheaper) {
      reasons.push(
        `It is recommended although ${ROUTE_LABELS[cheaper.route]} would cost ${formatPounds(mainstream.totalPence - cheaper.totalPence)} a year less (${formatPounds(cheaper.totalPence)} against ${formatPounds(mainstream.totalPence)}): the presumption does not depend on cost.`,
      );
    }
    explained.add('mainstream');
    return finish('mainstream', 'mainstream_presumption');
  } else {
    reasons.push(`${S33_PHRASE} was considered, but mainstream cannot be recommended. ${mainstream.excludedBecause ?? ''}`);
  }
  explained.add('mainstream');

  // Rule 4: the lowest cost to the whole public purse among the remaining suitable routes.
  const [lowest, ...others] = eligible;
  if (lowest !== undefined) {
    const option = byRoute.get(lowest.route) as AppraisalOptionValues;
    const tied = others.filter((c) => c.totalPence === lowest.totalPence);
    if (tied.length > 0) {
      const names = [lowest, ...tied].map((c) => ROUTE_LABELS[c.route]);
      reasons.push(
        `${listInWords(names)} can each meet Section F with a place available and cost the same, ${formatPounds(lowest.totalPence)} a year to the public purse. This is a tie: ${ROUTE_LABELS[lowest.route]} is recommended because it comes first in the order of routes (maintained and in-house provision before independent), not because it costs less.`,
      );
      for (const c of tied) explained.add(c.route);
      return finish(lowest.route, 'lowest_cost_tie');
    }
    const withPlace = eligible.some((c) => c.placeToBeTested) ? 'with a place available or one to be found by the call-off' : 'with a place available';
    reasons.push(
      others.length === 0
        ? `${ROUTE_LABELS[lowest.route]} is the only remaining route that can meet Section F ${withPlace}; its total annual cost to the public purse is ${costText(option, lowest.totalPence)} (${costBreakdown(option)}).`
        : `Of the remaining routes that can meet Section F ${withPlace}, ${ROUTE_LABELS[lowest.route]} has the lowest total annual cost to the public purse: ${costText(option, lowest.totalPence)} (${costBreakdown(option)}).`,
    );
    if (lowest.placeToBeTested) {
      reasons.push(
        `The call-off will find out whether ${ROUTE_LABELS[lowest.route]} has a place: the referrals ask providers, and their offers give the real fees. If no provider can offer a place, the appraisal is revised.`,
      );
    }
    // Never "lowest cost" when it is the only suitable route (a cheaper route may have been ruled out), or when it rests on estimates.
    const rule: RecommendationRule = others.length === 0 ? 'only_suitable_route' : eligible.some((c) => c.costIsEstimate) ? 'lowest_estimated_cost' : 'lowest_cost';
    return finish(lowest.route, rule);
  }

  // Rule 5.
  reasons.push('No route can be recommended: no route considered can meet all of Section F with a place available and no legal ground recorded against it.');
  return finish(null, 'no_suitable_route');
}

function notChosenSentence(c: RouteComparison, chosen: RouteComparison, rule: RecommendationRule): string {
  const label = ROUTE_LABELS[c.route];
  const place = c.placeToBeTested ? 'with its place to be found by the call-off' : 'with a place available';
  const cost = `${formatPounds(c.totalPence)} a year${c.costIsEstimate ? ' (an estimate)' : ''}`;
  if ((rule === 'lowest_cost' || rule === 'lowest_estimated_cost' || rule === 'lowest_cost_tie') && c.totalPence > chosen.totalPence) {
    return `${label} can meet Section F ${place}, but costs ${cost}, ${formatPounds(c.totalPence - chosen.totalPence)} more than the recommended route.`;
  }
  return `${label} can also meet Section F ${place} (${cost}), but is not recommended for the reasons above.`;
}

/** Why a "will not name" preference cannot be relied on, as a clause; null when it can. */
function preferenceGroundProblem(preference: PreferenceValues): string | null {
  const { ground, settingKind } = preference;
  if (ground === undefined) return 'no legal ground for not naming it has been recorded';
  if (settingKind === undefined) return 'the kind of setting has not been recorded, so the ground that applies cannot be checked';
  if (!SETTING_KIND_GROUNDS[settingKind].includes(ground)) {
    const allowed = SETTING_KIND_GROUNDS[settingKind].map((g) => LEGAL_GROUND_LABELS[g]);
    return `the ground recorded (${LEGAL_GROUND_LABELS[ground]}) does not apply to this kind of setting, which can only be declined on ${allowed.length > 1 ? 'one of these grounds: ' : ''}${allowed.join('; ')}`;
  }
  if (!preference.groundEvidence) return 'the evidence for the ground has not been recorded';
  return null;
}

// ---------------------------------------------------------------------------------------------------
// What is still missing
// ---------------------------------------------------------------------------------------------------

export const APPRAISAL_GAP_CODES = ['route_unanswered', 'route_incomplete', 'preference_not_asked', 'preference_incomplete', 'preference_ground_missing'] as const;
export type AppraisalGapCode = (typeof APPRAISAL_GAP_CODES)[number];

export interface AppraisalGap {
  code: AppraisalGapCode;
  route?: Route;
  message: string;
}

/** What must still be answered before a recommendation can be made; empty when nothing is missing. */
export function appraisalGaps(options: readonly AppraisalOptionValues[], preference: PreferenceValues | undefined): AppraisalGap[] {
  const gaps: AppraisalGap[] = [];
  for (const route of ROUTES) {
    const option = options.find((o) => o.route === route);
    if (option === undefined) {
      gaps.push({ code: 'route_unanswered', route, message: `Answer “${ROUTE_LABELS[route]}”, or mark it as not considered with a reason.` });
    } else if (option.considered && (!option.meetsSectionF || !option.suitabilityReason || !option.placeAvailable)) {
      gaps.push({
        code: 'route_incomplete',
        route,
        message: `Finish “${ROUTE_LABELS[route]}”: say whether it can meet Section F (with a reason) and whether a place is available.`,
      });
    } else if (!option.considered && !option.notConsideredReason) {
      gaps.push({ code: 'route_incomplete', route, message: `Say why “${ROUTE_LABELS[route]}” was not considered.` });
    }
  }
  if (preference === undefined) {
    gaps.push({ code: 'preference_not_asked', message: 'Ask whether the parent or young person has asked for a particular school or college.' });
  } else if (preference.hasPreference) {
    if (!preference.settingName || !preference.settingKind || !preference.route || preference.councilWillName === undefined) {
      gaps.push({
        code: 'preference_incomplete',
        message: 'Record the setting asked for: its name, its kind, its route and whether the council will name it.',
      });
    } else if (!preference.councilWillName) {
      const problem = preferenceGroundProblem(preference);
      if (problem !== null) gaps.push({ code: 'preference_ground_missing', message: `The council does not intend to name the setting asked for, but ${problem}.` });
    }
  }
  return gaps;
}

