import type { PlacementRequestRow } from '../../db/repositories/placement-requests.js';
import type { ShortlistRow } from '../../db/repositories/referrals.js';
import type { ReferralRow } from '../../db/repositories/referrals.js';
import { ageOn, nationalCurriculumYear } from '../../domain/placement-request/age.js';
import { RISK_FLAG_LABELS } from '../../domain/placement-request/fields.js';
import type { ReferralEmailView } from '../../mail/outbound/referral-email.js';

/**
 * The referral's content, pseudonymised by construction: it is built from named fields only (initials,
 * age and year group, needs, summaries, lot, start date, postcode district, risks), never from the whole
 * request, so a name or the full EHCP has no way in.
 */
export function referralEmailView(args: {
  request: PlacementRequestRow;
  shortlist: ShortlistRow;
  referral: ReferralRow;
  providerName: string;
  councilName: string;
  officer: { name: string; email: string } | undefined;
  productName: string;
}): ReferralEmailView {
  const { child, needs, placement, risks } = args.request.draft;
  if (!child?.childInitials || !child.dateOfBirth || !child.sex || !child.homePostcodeDistrict || !needs?.primaryNeed || !placement?.lot || !placement.requiredStartDate) {
    throw new Error('request is incomplete');
  }
  return {
    councilName: args.councilName,
    requestReference: args.request.reference ?? '',
    providerName: args.providerName,
    contactName: args.referral.contactName ?? undefined,
    childInitials: child.childInitials,
    age: ageOn(child.dateOfBirth, placement.requiredStartDate),
    yearGroup: nationalCurriculumYear(child.dateOfBirth, placement.requiredStartDate),
    sex: child.sex,
    primaryNeed: needs.primaryNeed,
    secondaryNeeds: needs.secondaryNeeds ?? [],
    sectionB: needs.sectionB ?? '',
    sectionE: needs.sectionE ?? '',
    sectionF: needs.sectionF ?? '',
    lot: placement.lot,
    requiredStartDate: placement.requiredStartDate,
    postcodeDistrict: child.homePostcodeDistrict,
    riskFlags: (risks?.riskFlags ?? []).map((f) => RISK_FLAG_LABELS[f]),
    medicalNeeds: risks?.medicalNeeds,
    transportNeeds: risks?.transportNeeds,
    responseDeadline: args.shortlist.responseDeadline,
    officerName: args.officer?.name ?? `${args.councilName} placements team`,
    officerEmail: args.officer?.email,
    productName: args.productName,
  };
}
