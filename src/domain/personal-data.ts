/**
 * Data minimisation checks for free text typed about a child. They only warn: a caseworker can always
 * save, but is told when a summary seems to contain a full name, an e-mail address or a phone number,
 * none of which should leave the council's case record (referrals go to many providers).
 *
 * Name detection is a heuristic tuned against false alarms on the words EHCP summaries are full of
 * ("Speech and Language Therapy", "Head of Service", "Oak Tree School", "Key Stage 3", month names).
 */

export const PERSONAL_DATA_KINDS = ['full_name', 'email', 'phone'] as const;
export type PersonalDataKind = (typeof PERSONAL_DATA_KINDS)[number];

export const PERSONAL_DATA_MESSAGES: Record<PersonalDataKind, string> = {
  full_name: "this looks like it contains a person's full name. Use the child's initials; names stay in the council's case record.",
  email: 'this looks like it contains an e-mail address. Leave contact details out of the request.',
  phone: 'this looks like it contains a phone number. Leave contact details out of the request.',
};

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/;

// Digits with the separators people type in phone numbers; validated as a UK number afterwards.
const PHONE_CANDIDATE = /(?:\+|\b00)?\(?\d[\d ()-]{7,}\d/g;
// UK numbers once +44 is replaced by 0: geographic 01/02 (10 or 11 digits), 03 non-geographic, 07 mobiles.
const UK_PHONE_DIGITS = /^0(?:1\d{8,9}|2\d{9}|3\d{9}|7\d{9})$/;

function containsUkPhone(text: string): boolean {
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const raw = match[0];
    let digits = raw.replace(/\D/g, '');
    if (/^(?:\+|00)/.test(raw)) {
      if (digits.startsWith('00')) digits = digits.slice(2);
      if (!digits.startsWith('44')) continue;
      // "+44 (0)161 …" keeps the trunk 0 in brackets; "+44 161 …" drops it.
      digits = digits.startsWith('440') ? digits.slice(2) : `0${digits.slice(2)}`;
    }
    if (UK_PHONE_DIGITS.test(digits)) return true;
  }
  return false;
}

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr']);

/**
 * Capitalised words that are common in EHCP summaries and are not names. A run of capitalised words is
 * only suspicious when two adjacent words are both outside this list.
 */
const NOT_NAMES = new Set(
  [
    // calendar
    'january february march april may june july august september october november december',
    'jan feb mar apr jun jul aug sep sept oct nov dec',
    'monday tuesday wednesday thursday friday saturday sunday',
    'christmas easter summer autumn spring winter term half bank holiday holidays',
    // plans, law and process
    'section sections part education educational health care plan plans ehc ehcp annual review statutory',
    'assessment local authority council borough county city metropolitan tribunal court order',
    'children families act code practice send sen senco special needs need provision personal budget',
    'key stage year years reception nursery primary secondary sixth form further higher post transition',
    'phase transfer independent travel training transport residential day placement placements',
    // professionals and services
    'head service services team manager officer worker workers social teacher teaching assistant',
    'coordinator co-ordinator lead leader designated safeguarding virtual school nurse paediatrician',
    'speech language communication therapy therapist therapies occupational physiotherapy physio',
    'psychologist psychology psychiatrist psychiatry camhs nhs clinical consultant community',
    'early help intervention help support learning mentor keyworker key worker',
    // needs and conditions
    'autism autistic spectrum disorder condition conditions syndrome down tourette tourettes fragile',
    'cerebral palsy epilepsy global developmental delay attention deficit hyperactivity adhd',
    'sensory processing integration circuits emotional mental behaviour behavioural positive',
    'difficulty difficulties disability disabilities moderate severe profound multiple specific',
    'hearing visual impairment physical medical dyslexia dyspraxia pathological demand avoidance',
    // approaches commonly named in Section F
    'makaton pecs braille british sign zones regulation lego social stories intensive interaction',
    'attention autism teach team-teach precision attachment aware trauma informed',
    // people described by role, not name
    'child children young person people parent parents carer carers mum dad mother father',
    'grandparent grandmother grandfather nan grandma grandad foster looked after protection',
    'in need the a an and of for with to at on by from this that he she they his her their it we our',
    // subjects
    'english maths mathematics science art music pe computing history geography french spanish',
    // places in the North West that appear in addresses and school names
    'north south east west northwest north-west greater cheshire merseyside lancashire cumbria',
    'manchester liverpool warrington halton wirral chester crewe macclesfield stockport trafford',
    'salford wigan bolton bury oldham rochdale tameside sefton knowsley blackpool blackburn darwen',
    'preston lancaster st saint helens ellesmere port widnes runcorn westmorland furness cumberland',
    'england wales uk',
  ]
    .join(' ')
    .split(/\s+/),
);

/** A run ending in one of these is an organisation or a place ("Oak Tree School", "Beech Hill Primary", "Elm Road"). */
const ORGANISATION_ENDINGS = new Set([
  'school',
  'primary',
  'infants',
  'juniors',
  'high',
  'grammar',
  'academy',
  'college',
  'university',
  'centre',
  'center',
  'unit',
  'hospital',
  'clinic',
  'surgery',
  'trust',
  'foundation',
  'council',
  'nursery',
  'campus',
  'church',
  'house',
  'hall',
  'farm',
  'street',
  'road',
  'lane',
  'avenue',
  'close',
  'drive',
  'park',
  'way',
  'grove',
  'green',
]);

/**
 * Forenames and surnames common in England. Only used at the start of a sentence, where any word is
 * capitalised: "Jack Smith attends …" and "Kayden Brown attends …" are flagged, "Needs Support …" is not.
 */
const COMMON_FORENAMES = new Set(
  [
    'oliver george harry noah jack leo arthur muhammad oscar charlie jacob thomas henry william freddie',
    'alfie theo archie joshua james lucas isaac ethan max mason logan daniel adam samuel joseph dylan',
    'liam ryan tyler kai riley jayden callum connor luke lewis aaron ben benjamin sam matthew michael',
    'david john paul mark peter andrew christopher steven stephen richard robert craig darren lee',
    'olivia amelia isla ava mia ivy lily isabella rosie sophia grace freya willow florence emily ella',
    'poppy evie charlotte sophie jessica chloe ruby lucy holly megan ellie hannah emma amy katie lauren',
    'sarah laura rebecca rachel natalie nicola kelly claire karen lisa julie susan helen jane mary',
    'anne elizabeth margaret jennifer michelle louise gemma jade leah maisie millie phoebe scarlett',
  ]
    .join(' ')
    .split(/\s+/),
);

const COMMON_SURNAMES = new Set(
  [
    'smith jones williams taylor brown davies evans wilson thomas johnson roberts robinson thompson wright',
    'walker white edwards hughes hall lewis harris clarke clark patel jackson wood turner martin cooper hill',
    'ward morris moore allen king lee baker harrison morgan young scott khan ali hussain begum kelly murphy',
  ]
    .join(' ')
    .split(/\s+/),
);

// Surname shapes that ordinary words never have: O'Neill, McDonald, MacLeod, Smith-Jones.
const SURNAME_SHAPE = /^(?:O['’][A-Z]|Mc[A-Z]|Mac[A-Z]|[A-Z][a-z]+-[A-Z])/;

// A name-shaped word: "Smith", "O'Neill", "McDonald", "Mary-Jane". All-capitals (ASD, SEMH) never match.
const NAME_WORD = /^(?:Mc|Mac|O['’])?[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*$/;

interface Token {
  word: string;
  /** Separated from the previous token only by spaces (so part of the same run of words). */
  joined: boolean;
  /** First word of the text or of a sentence. */
  sentenceStart: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(/[A-Za-z][A-Za-z'’-]*/g)) {
    const start = match.index;
    const gap = previousEnd < 0 ? text.slice(0, start) : text.slice(previousEnd, start);
    const word = match[0].replace(/['’]s$/, '');
    tokens.push({
      word,
      joined: previousEnd >= 0 && /^[ \t]+$/.test(gap),
      sentenceStart: previousEnd < 0 ? !/\S/.test(gap) || /[.!?:;\n]\s*$/.test(gap) : /[.!?:;\n]/.test(gap),
    });
    previousEnd = start + match[0].length;
  }
  return tokens;
}

function looksLikeFullName(text: string): boolean {
  if (/\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+(?:Mc|Mac|O['’])?[A-Z][a-z]+/.test(text)) return true;
  const tokens = tokenize(text);
  let i = 0;
  while (i < tokens.length) {
    // Gather a run of adjacent name-shaped words.
    const run: Token[] = [];
    while (i < tokens.length) {
      const t = tokens[i] as Token;
      if (!NAME_WORD.test(t.word) || (run.length > 0 && !t.joined)) break;
      run.push(t);
      i += 1;
    }
    if (run.length === 0) {
      i += 1;
      continue;
    }
    const last = run[run.length - 1] as Token;
    if (run.length < 2 || ORGANISATION_ENDINGS.has(last.word.toLowerCase())) continue;
    for (let j = 0; j + 1 < run.length; j += 1) {
      const first = run[j] as Token;
      const second = run[j + 1] as Token;
      const a = first.word.toLowerCase();
      const b = second.word.toLowerCase();
      if (NOT_NAMES.has(a) || NOT_NAMES.has(b) || TITLES.has(a)) continue;
      const nameLike =
        COMMON_FORENAMES.has(a.split('-')[0] ?? a) || COMMON_SURNAMES.has(b) || SURNAME_SHAPE.test(second.word);
      if (j === 0 && first.sentenceStart && !nameLike) continue;
      return true;
    }
  }
  return false;
}

/** Which kinds of personal data the text seems to contain (each kind at most once, in a fixed order). */
export function detectPersonalData(text: string): PersonalDataKind[] {
  const found: PersonalDataKind[] = [];
  if (looksLikeFullName(text)) found.push('full_name');
  if (EMAIL.test(text)) found.push('email');
  if (containsUkPhone(text)) found.push('phone');
  return found;
}

/** User-facing warnings for `detectPersonalData`; they never repeat the suspected data itself. */
export function findPersonalDataWarnings(text: string): string[] {
  return detectPersonalData(text).map((kind) => {
    const message = PERSONAL_DATA_MESSAGES[kind];
    return message.charAt(0).toUpperCase() + message.slice(1);
  });
}
