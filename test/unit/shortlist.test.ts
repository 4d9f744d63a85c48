import { describe, expect, it } from 'vitest';
import type { ProviderRecord } from '../../src/domain/provider-register.js';
import { proposeShortlist, type ShortlistNeed } from '../../src/domain/shortlist.js';

/** A provider that fits `need` below on every rule; each test breaks one thing. */
function provider(overrides: Partial<ProviderRecord> & Pick<ProviderRecord, 'id' | 'name'>): ProviderRecord {
  return {
    providerType: 'NMSS',
    lots: [1, 3],
    needs: ['ASD', 'SLCN'],
    ageFrom: 4,
    ageTo: 11,
    sex: 'mixed',
    ofstedUrn: '100001',
    ofstedGrade: 'Good',
    inspectionDate: '2025-03-12',
    postcode: 'WA1 1AA',
    hostAuthority: 'Warrington',
    vacancies: 2,
    contacts: [{ kind: 'primary', name: 'Admissions', email: 'admissions@example.org' }],
    emailDomains: ['example.org'],
    weeklyFeeFromPence: 250000,
    weeklyFeeToPence: 400000,
    status: 'active',
    ...overrides,
  };
}

const need: ShortlistNeed = { lot: 3, primaryNeed: 'ASD', secondaryNeeds: ['SLCN'], ageAtStart: 9, sex: 'female' };

function only(p: ProviderRecord, n: ShortlistNeed = need) {
  const [entry, ...rest] = proposeShortlist(n, [p]);
  expect(rest).toEqual([]);
  return entry!;
}

describe('proposeShortlist', () => {
  it('includes a provider that fits every rule and says why in words', () => {
    expect(only(provider({ id: 'P1', name: 'Heron Bank School' }))).toEqual({
      providerId: 'P1',
      providerName: 'Heron Bank School',
      included: true,
      reasons: ['included: lot 3, covers ASD and SLCN, age 4–11, Good (2025)'],
    });
  });

  it('excludes suspended and withdrawn providers', () => {
    expect(only(provider({ id: 'P1', name: 'A', status: 'suspended' }))).toMatchObject({ included: false, reasons: ['excluded: suspended'] });
    expect(only(provider({ id: 'P1', name: 'A', status: 'withdrawn' }))).toMatchObject({ included: false, reasons: ['excluded: withdrawn'] });
  });

  it('excludes a provider that is not on the lot, naming the lot', () => {
    expect(only(provider({ id: 'P1', name: 'A', lots: [1, 2] })).reasons).toEqual(['excluded: not on lot 3 (52-week residential)']);
  });

  it('excludes a provider not registered for the primary need', () => {
    expect(only(provider({ id: 'P1', name: 'A', needs: ['SEMH', 'SLCN'] })).reasons).toEqual(['excluded: does not cover ASD']);
  });

  it('names the secondary needs covered, and notes those that are not listed', () => {
    const n: ShortlistNeed = { ...need, secondaryNeeds: ['SLCN', 'SEMH', 'MLD'] };
    expect(only(provider({ id: 'P1', name: 'A', needs: ['ASD', 'SEMH'] }), n).reasons).toEqual([
      'included: lot 3, covers ASD and SEMH, age 4–11, Good (2025)',
      'does not list secondary needs SLCN and MLD',
    ]);
    expect(only(provider({ id: 'P1', name: 'A', needs: ['ASD', 'SEMH', 'SLCN', 'MLD'] }), n).reasons).toEqual([
      'included: lot 3, covers ASD, SLCN, SEMH and MLD, age 4–11, Good (2025)',
    ]);
  });

  it('checks the age at start against the provider range, inclusive at both ends', () => {
    expect(only(provider({ id: 'P1', name: 'A', ageFrom: 16, ageTo: 25 })).reasons).toEqual(['excluded: age 16–25']);
    expect(only(provider({ id: 'P1', name: 'A', ageFrom: 2, ageTo: 8 })).reasons).toEqual(['excluded: age 2–8']);
    expect(only(provider({ id: 'P1', name: 'A', ageFrom: 9, ageTo: 9 })).included).toBe(true);
  });

  it('excludes a single-sex provider for the other sex and includes it for the same sex', () => {
    expect(only(provider({ id: 'P1', name: 'A', sex: 'male' })).reasons).toEqual(['excluded: boys only']);
    expect(only(provider({ id: 'P1', name: 'A', sex: 'female' })).reasons).toEqual([
      'included: lot 3, covers ASD and SLCN, age 4–11, girls only, Good (2025)',
    ]);
    expect(only(provider({ id: 'P1', name: 'A', sex: 'female' }), { ...need, sex: 'male' }).reasons).toEqual(['excluded: girls only']);
  });

  it('includes a single-sex provider with a note to check when the sex is not stated', () => {
    const entry = only(provider({ id: 'P1', name: 'A', sex: 'male' }), { ...need, sex: 'not_stated' });
    expect(entry.included).toBe(true);
    expect(entry.reasons).toEqual(['included: lot 3, covers ASD and SLCN, age 4–11, boys only, Good (2025)', 'single-sex provider: check (boys only)']);
    // A mixed provider needs no note.
    expect(only(provider({ id: 'P1', name: 'A' }), { ...need, sex: 'not_stated' }).reasons).toHaveLength(1);
  });

  it('excludes a provider whose latest judgement is Inadequate, with the date', () => {
    expect(only(provider({ id: 'P1', name: 'A', ofstedGrade: 'Inadequate', inspectionDate: '2021-09-10' })).reasons).toEqual([
      'excluded: latest inspection Inadequate (10 Sep 2021)',
    ]);
    expect(only(provider({ id: 'P1', name: 'A', ofstedGrade: 'Requires improvement', inspectionDate: '2024-01-05' })).reasons).toEqual([
      'included: lot 3, covers ASD and SLCN, age 4–11, Requires improvement (2024)',
    ]);
  });

  it('includes a provider with no vacancies, noting it: capacity is for the officer to check', () => {
    const entry = only(provider({ id: 'P1', name: 'A', vacancies: 0 }));
    expect(entry.included).toBe(true);
    expect(entry.reasons).toEqual(['included: lot 3, covers ASD and SLCN, age 4–11, Good (2025)', 'no vacancies reported']);
  });

  it('includes a provider not yet inspected, noting it', () => {
    const entry = only(provider({ id: 'P1', name: 'A', ofstedGrade: null, inspectionDate: null, ofstedUrn: null }));
    expect(entry.included).toBe(true);
    expect(entry.reasons).toEqual(['included: lot 3, covers ASD and SLCN, age 4–11', 'not yet inspected']);
  });

  it('lists every failed rule, then the notes, for an excluded provider', () => {
    const entry = only(
      provider({ id: 'P1', name: 'A', status: 'suspended', lots: [4], needs: ['SEMH'], ageFrom: 16, ageTo: 19, sex: 'male', vacancies: 0, ofstedGrade: 'Inadequate', inspectionDate: '2023-02-01' }),
    );
    expect(entry).toMatchObject({ included: false });
    expect(entry.reasons).toEqual([
      'excluded: suspended',
      'excluded: not on lot 3 (52-week residential)',
      'excluded: does not cover ASD',
      'excluded: age 16–19',
      'excluded: boys only',
      'excluded: latest inspection Inadequate (1 Feb 2023)',
      'does not list secondary need SLCN',
      'no vacancies reported',
    ]);
  });

  it('returns every provider on the register, included first, then by name', () => {
    const register = [
      provider({ id: 'P5', name: 'curlew edge', status: 'withdrawn' }),
      provider({ id: 'P4', name: 'Wren House' }),
      provider({ id: 'P3', name: 'Avocet College', lots: [5] }),
      provider({ id: 'P2', name: 'Bittern Lodge' }),
      provider({ id: 'P1', name: 'Bittern Lodge', vacancies: 0 }),
    ];
    const list = proposeShortlist(need, register);
    expect(list.map((e) => `${e.included ? '+' : '-'} ${e.providerId} ${e.providerName}`)).toEqual([
      '+ P1 Bittern Lodge',
      '+ P2 Bittern Lodge',
      '+ P4 Wren House',
      '- P3 Avocet College',
      '- P5 curlew edge',
    ]);
    expect(proposeShortlist(need, [])).toEqual([]);
  });
});
