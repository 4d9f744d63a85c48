/**
 * The columns of every export, with their types: the CSV and XLSX writers and the README's column
 * tables follow these lists. Council exports are row-level for the council's own placements (the
 * SEN2 placement fields the council holds); regional exports are aggregates, protected like the
 * regional dashboard (counts rounded to 5, under 5 suppressed, statistics of small groups blank).
 */

export type ColumnType = 'text' | 'integer' | 'money' | 'date' | 'boolean';

export interface ExportColumn {
  key: string;
  header: string;
  type: ColumnType;
}

export const EXPORT_KINDS = ['placements', 'offers', 'timings', 'responses'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export type ExportScope = 'council' | 'regional';

const c = (key: string, type: ColumnType, header = key): ExportColumn => ({ key, header, type });

export const EXPORT_COLUMNS: Record<ExportScope, Record<ExportKind, readonly ExportColumn[]>> = {
  council: {
    placements: [
      c('council_code', 'text'),
      c('la_code', 'text'),
      c('request_reference', 'text'),
      c('case_reference', 'text'),
      c('synthetic', 'boolean'),
      c('route', 'text'),
      c('provider_id', 'text'),
      c('setting_name', 'text'),
      c('setting_urn', 'text'),
      c('setting_ukprn', 'text'),
      c('setting_type', 'text'),
      c('setting_la_code', 'text'),
      c('in_area', 'boolean'),
      c('lot', 'integer'),
      c('lot_name', 'text'),
      c('residential', 'boolean'),
      c('weeks_per_year', 'integer'),
      c('primary_need', 'text'),
      c('secondary_needs', 'text'),
      c('start_date', 'date'),
      c('leaving_date', 'date'),
      c('weekly_fee', 'money'),
      c('add_ons_weekly', 'money'),
      c('annual_cost', 'money'),
      c('decided_on', 'date'),
    ],
    offers: [
      c('request_reference', 'text'),
      c('synthetic', 'boolean'),
      c('lot', 'integer'),
      c('primary_need', 'text'),
      c('provider_id', 'text'),
      c('provider_name', 'text'),
      c('can_meet_needs', 'boolean'),
      c('weekly_fee', 'money'),
      c('weeks_per_year', 'integer'),
      c('add_ons_weekly', 'money'),
      c('annual_cost', 'money'),
      c('start_date', 'date'),
      c('confirmed_on', 'date'),
      c('quality_mark', 'integer'),
      c('decline_reason', 'text'),
      c('awarded', 'boolean'),
    ],
    timings: [
      c('request_reference', 'text'),
      c('synthetic', 'boolean'),
      c('lot', 'integer'),
      c('primary_need', 'text'),
      c('route', 'text'),
      c('submitted_on', 'date'),
      c('referrals_sent_on', 'date'),
      c('first_offer_on', 'date'),
      c('awarded_on', 'date'),
      c('start_date', 'date'),
      c('days_to_referrals', 'integer'),
      c('days_to_first_offer', 'integer'),
      c('days_to_award', 'integer'),
      c('days_to_start', 'integer'),
    ],
    responses: [
      c('request_reference', 'text'),
      c('synthetic', 'boolean'),
      c('provider_id', 'text'),
      c('provider_name', 'text'),
      c('sent_on', 'date'),
      c('answered_on', 'date'),
      c('days_to_answer', 'integer'),
      c('answer', 'text'),
    ],
  },
  regional: {
    placements: [c('council', 'text'), c('la_codes', 'text'), c('lot', 'integer'), c('primary_need', 'text'), c('placements', 'integer'), c('suppressed', 'boolean')],
    offers: [
      c('lot', 'integer'),
      c('primary_need', 'text'),
      c('placements', 'integer'),
      c('suppressed', 'boolean'),
      c('weekly_fee_lower_quartile', 'money'),
      c('weekly_fee_median', 'money'),
      c('weekly_fee_upper_quartile', 'money'),
      c('annual_cost_lower_quartile', 'money'),
      c('annual_cost_median', 'money'),
      c('annual_cost_upper_quartile', 'money'),
    ],
    timings: [c('lot', 'integer'), c('stage', 'text'), c('requests', 'integer'), c('suppressed', 'boolean'), c('median_days', 'integer')],
    responses: [c('provider_id', 'text'), c('provider_name', 'text'), c('host_la_code', 'text'), c('requests_referred', 'integer'), c('suppressed', 'boolean'), c('answered_percent', 'integer'), c('median_days_to_answer', 'integer')],
  },
};

export type ExportValue = string | number | boolean | null;
export type ExportRow = Record<string, ExportValue>;

export function isExportKind(v: string): v is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(v);
}
