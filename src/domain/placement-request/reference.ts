const REFERENCE_PATTERN = /^PR-(\d{4})-(\d{1,9})$/i;

/** The human reference of a submitted request: 'PR-2026-0042' (sequence zero-padded to at least 4 digits). */
export function formatRequestReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999_999) throw new RangeError(`Sequence out of range: ${sequence}`);
  return `PR-${year}-${String(sequence).padStart(4, '0')}`;
}

/** Reads 'PR-2026-0042' (any case, surrounding spaces, or unpadded 'PR-2026-42'); null when it is not one. */
export function parseRequestReference(text: string): { year: number; sequence: number } | null {
  const m = REFERENCE_PATTERN.exec(text.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const sequence = Number(m[2]);
  if (year < 1000 || sequence < 1) return null;
  return { year, sequence };
}

