/**
 * Local authorities by their DfE three-digit LA code (the code of the SEN2 return): the 24 North West
 * upper-tier authorities the FPS councils come from, and their neighbours, where out-of-area placements
 * often are. A provider's `host_authority` in the register is a name; it is resolved to a code here
 * (district names resolve to their county, which holds the SEN duty), and in-area means that code is
 * one of the council's area codes (table council_areas). A name not in this list has no code, so the
 * placement counts as out of the council's area.
 */

export interface LocalAuthority {
  code: string;
  name: string;
  region: 'North West' | 'neighbouring';
  /** Other names the register may use: districts within a county, older spellings. */
  aliases?: readonly string[];
}

export const LOCAL_AUTHORITIES: readonly LocalAuthority[] = [
  { code: '340', name: 'Knowsley', region: 'North West' },
  { code: '341', name: 'Liverpool', region: 'North West' },
  { code: '342', name: 'St Helens', region: 'North West' },
  { code: '343', name: 'Sefton', region: 'North West' },
  { code: '344', name: 'Wirral', region: 'North West' },
  { code: '350', name: 'Bolton', region: 'North West' },
  { code: '351', name: 'Bury', region: 'North West' },
  { code: '352', name: 'Manchester', region: 'North West' },
  { code: '353', name: 'Oldham', region: 'North West' },
  { code: '354', name: 'Rochdale', region: 'North West' },
  { code: '355', name: 'Salford', region: 'North West' },
  { code: '356', name: 'Stockport', region: 'North West' },
  { code: '357', name: 'Tameside', region: 'North West' },
  { code: '358', name: 'Trafford', region: 'North West' },
  { code: '359', name: 'Wigan', region: 'North West' },
  { code: '876', name: 'Halton', region: 'North West' },
  { code: '877', name: 'Warrington', region: 'North West' },
  {
    code: '888',
    name: 'Lancashire',
    region: 'North West',
    aliases: ['Burnley', 'Chorley', 'Fylde', 'Hyndburn', 'Lancaster', 'Pendle', 'Preston', 'Ribble Valley', 'Rossendale', 'South Ribble', 'West Lancashire', 'Wyre'],
  },
  { code: '889', name: 'Blackburn with Darwen', region: 'North West' },
  { code: '890', name: 'Blackpool', region: 'North West' },
  { code: '895', name: 'Cheshire East', region: 'North West' },
  { code: '896', name: 'Cheshire West and Chester', region: 'North West' },
  { code: '942', name: 'Cumberland', region: 'North West', aliases: ['Allerdale', 'Carlisle', 'Copeland'] },
  { code: '943', name: 'Westmorland and Furness', region: 'North West', aliases: ['Barrow-in-Furness', 'Eden', 'South Lakeland'] },
  { code: '370', name: 'Barnsley', region: 'neighbouring' },
  { code: '373', name: 'Sheffield', region: 'neighbouring' },
  { code: '380', name: 'Bradford', region: 'neighbouring' },
  { code: '381', name: 'Calderdale', region: 'neighbouring' },
  { code: '382', name: 'Kirklees', region: 'neighbouring' },
  { code: '383', name: 'Leeds', region: 'neighbouring' },
  { code: '815', name: 'North Yorkshire', region: 'neighbouring' },
  { code: '830', name: 'Derbyshire', region: 'neighbouring' },
  { code: '860', name: 'Staffordshire', region: 'neighbouring' },
  { code: '861', name: 'Stoke-on-Trent', region: 'neighbouring' },
  { code: '893', name: 'Shropshire', region: 'neighbouring' },
];

export const NORTH_WEST_AUTHORITIES = LOCAL_AUTHORITIES.filter((a) => a.region === 'North West');

/** "Cheshire West & Chester Council", "St. Helens", "Borough of Wigan" → the same key as the list's name. */
export function authorityKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\bst\./g, 'st')
    .replace(/[^a-z\s-]/g, ' ')
    .replace(/\b(?:metropolitan|borough|city|county|council|district|of|the)\b/g, ' ')
    .replace(/[\s-]+/g, ' ')
    .trim();
}

const BY_KEY = new Map<string, string>(
  LOCAL_AUTHORITIES.flatMap((a) => [a.name, ...(a.aliases ?? [])].map((n) => [authorityKey(n), a.code] as const)),
);
const BY_CODE = new Map(LOCAL_AUTHORITIES.map((a) => [a.code, a]));

/** The LA code of a host authority named in the provider register, or null when it is not in the list. */
export function laCodeForAuthorityName(name: string | null | undefined): string | null {
  return name ? (BY_KEY.get(authorityKey(name)) ?? null) : null;
}

export function localAuthority(code: string): LocalAuthority | undefined {
  return BY_CODE.get(code);
}

export function isLaCode(code: string): boolean {
  return BY_CODE.has(code);
}
