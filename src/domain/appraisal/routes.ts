/**
 * The options appraisal's vocabulary: the routes a council could use for a child, whether each can meet
 * Section F and has a place, the legal grounds the council may rely on, and the kinds of setting a parent
 * may ask for (which decide the law that governs the request).
 */

// ---------------------------------------------------------------------------------------------------
// Reference lists
// ---------------------------------------------------------------------------------------------------

/** In the order they are asked and compared: maintained and in-house provision before independent. */
export const ROUTES = ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase', 'other'] as const;
export type Route = (typeof ROUTES)[number];

export const ROUTE_LABELS: Record<Route, string> = {
  mainstream: 'Mainstream school with support',
  resourced_provision: 'Resourced provision / specialist unit in a maintained school',
  maintained_special: 'Maintained special school (in or out of area)',
  fps_call_off: 'FPS call-off (independent special school or post-16 provider)',
  spot_purchase: 'Spot purchase outside the FPS',
  other: 'Other (e.g. block-contract place, EOTAS package)',
};

/** For charts and tables, where the full label does not fit. */
export const ROUTE_SHORT_LABELS: Record<Route, string> = {
  mainstream: 'Mainstream',
  resourced_provision: 'Resourced provision',
  maintained_special: 'Maintained special',
  fps_call_off: 'FPS call-off',
  spot_purchase: 'Spot purchase',
  other: 'Other',
};

export function isRoute(value: unknown): value is Route {
  return typeof value === 'string' && (ROUTES as readonly string[]).includes(value);
}

/** Can the route meet the provision in Section F of the EHC plan? */
export const SUITABILITY = ['yes', 'partly', 'no'] as const;
export type Suitability = (typeof SUITABILITY)[number];
export const SUITABILITY_LABELS: Record<Suitability, string> = {
  yes: 'Yes, it can meet all of Section F',
  partly: 'Partly, it can meet some of Section F',
  no: 'No, it cannot meet Section F',
};

/**
 * Whether the route has a place. For an FPS call-off or a spot purchase nobody knows before the referrals
 * go out: asking providers is how a place is found, so "to be tested by the call-off" is an answer there.
 */
export const PLACE_AVAILABILITY = ['yes', 'no', 'unknown', 'call_off'] as const;
export type PlaceAvailability = (typeof PLACE_AVAILABILITY)[number];
export const PLACE_AVAILABILITY_LABELS: Record<PlaceAvailability, string> = {
  yes: 'Yes, a place is available',
  no: 'No place is available',
  unknown: 'Not known yet',
  call_off: 'To be tested by the call-off (referrals to providers find out)',
};

/** The routes whose place is found by asking providers (referrals), so it cannot be known before. */
export const CALL_OFF_ROUTES: readonly Route[] = ['fps_call_off', 'spot_purchase'];

export function placeFoundByCallOff(route: Route): boolean {
  return CALL_OFF_ROUTES.includes(route);
}

export const LEGAL_GROUNDS = [
  's33_incompatible_with_wishes',
  's33_incompatible_with_efficient_education_of_others',
  's39_4_unsuitable',
  's39_4_incompatible_with_efficient_education_of_others',
  's39_4_incompatible_with_efficient_use_of_resources',
  's9_unreasonable_public_expenditure',
] as const;
export type LegalGround = (typeof LEGAL_GROUNDS)[number];

export const LEGAL_GROUND_LABELS: Record<LegalGround, string> = {
  s33_incompatible_with_wishes: 's.33: mainstream is against the wishes of the parent or young person',
  s33_incompatible_with_efficient_education_of_others: 's.33: mainstream is incompatible with the efficient education of others',
  s39_4_unsuitable: "s.39(4)(a): unsuitable for the child's age, ability, aptitude or SEN",
  s39_4_incompatible_with_efficient_education_of_others: 's.39(4)(b)(i): incompatible with the efficient education of others',
  s39_4_incompatible_with_efficient_use_of_resources: 's.39(4)(b)(ii): incompatible with the efficient use of resources',
  s9_unreasonable_public_expenditure: 's.9: unreasonable public expenditure',
};

export const LEGAL_GROUND_EXPLANATIONS: Record<LegalGround, string> = {
  s33_incompatible_with_wishes:
    'Under s.33(2)(a) of the Children and Families Act 2014 the council need not secure a mainstream placement where that is incompatible with the wishes of the child’s parent or the young person.',
  s33_incompatible_with_efficient_education_of_others:
    'Under s.33(2)(b) of the Children and Families Act 2014 the council need not secure a mainstream placement where that is incompatible with the provision of efficient education for others, but only if it shows there are no reasonable steps it could take to prevent the incompatibility (s.33(3) and (4)).',
  s39_4_unsuitable:
    'Under s.39(4)(a) of the Children and Families Act 2014 the council need not name the requested school or institution if it is unsuitable for the age, ability, aptitude or special educational needs of the child or young person.',
  s39_4_incompatible_with_efficient_education_of_others:
    'Under s.39(4)(b)(i) of the Children and Families Act 2014 the council need not name the requested school or institution if attendance there would be incompatible with the provision of efficient education for others.',
  s39_4_incompatible_with_efficient_use_of_resources:
    'Under s.39(4)(b)(ii) of the Children and Families Act 2014 the council need not name the requested school or institution if attendance there would be incompatible with the efficient use of resources.',
  s9_unreasonable_public_expenditure:
    'Under s.9 of the Education Act 1996 the council has regard to the principle that pupils are educated in accordance with their parents’ wishes only so far as that is compatible with efficient instruction and training and the avoidance of unreasonable public expenditure.',
};

export function isLegalGround(value: unknown): value is LegalGround {
  return typeof value === 'string' && (LEGAL_GROUNDS as readonly string[]).includes(value);
}

const S39_4_GROUNDS = [
  's39_4_unsuitable',
  's39_4_incompatible_with_efficient_education_of_others',
  's39_4_incompatible_with_efficient_use_of_resources',
] as const satisfies readonly LegalGround[];

/**
 * The routes on which each ground may be recorded. s.33 is the mainstream presumption. s.39(4) applies to
 * a requested maintained, non-maintained special or s.41-approved setting, which any route but "other" can
 * lead to. s.9 weighs parental wishes against cost for settings outside s.38(3), i.e. independent ones.
 */
export const LEGAL_GROUND_ROUTES: Record<LegalGround, readonly Route[]> = {
  s33_incompatible_with_wishes: ['mainstream'],
  s33_incompatible_with_efficient_education_of_others: ['mainstream'],
  s39_4_unsuitable: ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase'],
  s39_4_incompatible_with_efficient_education_of_others: ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase'],
  s39_4_incompatible_with_efficient_use_of_resources: ['mainstream', 'resourced_provision', 'maintained_special', 'fps_call_off', 'spot_purchase'],
  s9_unreasonable_public_expenditure: ['fps_call_off', 'spot_purchase', 'other'],
};

export function groundFitsRoute(ground: LegalGround, route: Route): boolean {
  return LEGAL_GROUND_ROUTES[ground].includes(route);
}

/** The kind of setting a parent or young person asks for decides which law governs the request. */
export const SETTING_KINDS = ['maintained', 's41_approved', 'independent_not_s41'] as const;
export type SettingKind = (typeof SETTING_KINDS)[number];
export const SETTING_KIND_LABELS: Record<SettingKind, string> = {
  maintained: 'Maintained school or academy, FE college or non-maintained special school',
  s41_approved: 'Independent special school or specialist post-16 institution on the s.41 approved list',
  independent_not_s41: 'Independent school not on the s.41 approved list',
};

/** The grounds on which the council may decline to name a requested setting of each kind. */
export const SETTING_KIND_GROUNDS: Record<SettingKind, readonly LegalGround[]> = {
  maintained: S39_4_GROUNDS,
  s41_approved: S39_4_GROUNDS,
  independent_not_s41: ['s9_unreasonable_public_expenditure'],
};

/** The law a ground comes from: the s.33 mainstream exceptions, s.39(4) naming grounds, or s.9 expenditure. */
export function groundFamily(ground: LegalGround): 's33' | 's39_4' | 's9' {
  if (ground.startsWith('s33_')) return 's33';
  return ground.startsWith('s39_4_') ? 's39_4' : 's9';
}
