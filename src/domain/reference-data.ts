/** Reference data shared by the schema, validation and cards. Sources: the 2025 North West FPS notice (lots) and the DfE SEN2 return (need codes). */

export const STAFF_ROLES = [
  'caseworker',
  'placements_officer',
  'service_manager',
  'head_of_service',
  'admin',
  'regional_analyst',
  'regional_admin',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = {
  caseworker: 'Caseworker',
  placements_officer: 'Placements officer',
  service_manager: 'Service Manager',
  head_of_service: 'Head of Service',
  admin: 'Administrator',
  regional_analyst: 'Regional analyst',
  regional_admin: 'Regional administrator',
};

/** SEN2 primary need codes, exactly as the DfE publishes them. */
export const NEED_CODES = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH'] as const;
export type NeedCode = (typeof NEED_CODES)[number];

export const NEED_LABELS: Record<NeedCode, string> = {
  SPLD: 'Specific learning difficulty',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication needs',
  HI: 'Hearing impairment',
  VI: 'Visual impairment',
  MSI: 'Multi-sensory impairment',
  PD: 'Physical disability',
  ASD: 'Autistic spectrum disorder',
  OTH: 'Other difficulty/disability',
};

export const LOTS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Lot = (typeof LOTS)[number];

export const LOT_LABELS: Record<Lot, string> = {
  1: '0–16 day',
  2: '38-week residential',
  3: '52-week residential',
  4: '16+ day',
  5: '16+ residential',
  6: 'Alternative provision (registered)',
  7: 'Alternative provision (unregistered)',
};

/**
 * The lots whose name fixes the weeks a year a placement is paid for (38-week and 52-week residential).
 * Elsewhere the weeks depend on the offer, and a reply that does not state them must be asked.
 */
export const LOT_WEEKS_PER_YEAR: Partial<Record<Lot, number>> = { 2: 38, 3: 52 };

export function weeksFixedByLot(lot: number | null | undefined): number | undefined {
  return lot !== null && lot !== undefined && isLot(lot) ? LOT_WEEKS_PER_YEAR[lot] : undefined;
}

/** Lots reserved for young people aged 16 and over. */
export const POST16_LOTS: readonly Lot[] = [4, 5];
/** Lots intended for children under 16. */
export const UNDER16_LOTS: readonly Lot[] = [1, 2, 3];

/** Where a council's or provider's rows come from: the real region, the dev-mode demo, or `demo-history`. */
export const DATA_ORIGINS = ['real', 'demo', 'synthetic'] as const;
export type DataOrigin = (typeof DATA_ORIGINS)[number];

export const OFSTED_GRADES = ['Outstanding', 'Good', 'Requires improvement', 'Inadequate'] as const;
export type OfstedGrade = (typeof OFSTED_GRADES)[number];

export const PROVIDER_SEXES = ['mixed', 'male', 'female'] as const;
export type ProviderSex = (typeof PROVIDER_SEXES)[number];

export const PROVIDER_STATUSES = ['active', 'suspended', 'withdrawn'] as const;
export type ProviderStatus = (typeof PROVIDER_STATUSES)[number];

export function isNeedCode(v: string): v is NeedCode {
  return (NEED_CODES as readonly string[]).includes(v);
}
export function isLot(v: number): v is Lot {
  return (LOTS as readonly number[]).includes(v);
}
export function isStaffRole(v: string): v is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(v);
}
