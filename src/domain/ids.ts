/**
 * Ids and versions arrive from card data, which anyone can forge: a whole number (or its digits as
 * text) is accepted, anything else is no id at all.
 */
export function parseId(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  return typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}
