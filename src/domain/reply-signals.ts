import { lastMatch, sentenceSpans, type Span } from './reply-scan.js';

/**
 * What a reply says, in words: can the provider meet the needs, is it offering or declining a place,
 * asking something, acknowledging the referral, or an automatic answer. Each meaning is a set of
 * phrasings read clause by clause: a positive phrasing counts only when nothing before it in its clause
 * negates it ("we do not feel we could meet"), and a suitability phrasing counts as a refusal when it is
 * negated ("we don't think X is the right setting for him"). Each signal keeps where it was said, so the
 * card can show the sentence a conclusion came from.
 */

export type SignalName =
  | 'needsMet'
  | 'needsNotMet'
  | 'offers'
  | 'declines'
  | 'asks'
  | 'acknowledges'
  | 'affirms'
  | 'outOfOffice'
  | 'automated'
  | 'unrelated';

/** Every place (sentence span) a signal was read, in text order. */
export type ReplySignals = Record<SignalName, Span[]>;

const NEGATION_BEFORE = /(?:\bnot\b|n't\b|\bcannot\b|\bunable\b|\bnever\b|\bno longer\b|\bunsure\b|\bdoubt\w*)/i;
/** "whether we can meet", "if we could offer": a question or a condition, not a statement. */
const CONDITIONAL_BEFORE = /\b(?:if|whether)\s+(?:[\w.'-]+\s+){0,3}$/i;
/** Negation does not carry over a clause break: "we have not visited yet, but we can meet his needs". */
const CLAUSE_BREAK = /[,;:–]|\bbut\b|\bhowever\b|\band\b|\bso\b/gi;
const NEGATION_REACH = 60;

/** "No places for September, however we could offer January": each side of a contrast is read on its own. */
const CONTRAST = /,?\s+(?:however|but|although|though|whereas|instead|sadly|unfortunately)\b,?/i;

const OBJECT = String.raw`(?:[\w.'-]+\s+){0,4}?`;
const PROVISION = String.raw`(?:needs|provision|requirements|section f)`;

const NEEDS_MET: RegExp[] = [
  new RegExp(
    String.raw`\b(?:can|could|will|would|are able to|is able to|be able to|able to)\s+(?:fully\s+|definitely\s+|certainly\s+|comfortably\s+|safely\s+|also\s+)?(?:meet|support|cater for|accommodate|provide for)\s+${OBJECT}${PROVISION}\b`,
    'i',
  ),
  new RegExp(String.raw`\bconfident\s+(?:about|in|of)\s+(?:meeting|supporting)\s+${OBJECT}${PROVISION}\b`, 'i'),
  /\bneeds\s+(?:can|could|will|would)\s+(?:\w+\s+)?be\s+met\b/i,
  /^\s*yes\b[\s,.!:-]*(?:we\s+)?(?:can|could|are able to)\s+(?:meet|offer)\b/im,
];

const NEEDS_NOT_MET: RegExp[] = [
  /\b(?:cannot|can ?not|can't|could not|couldn't|unable to|not able to|won't be able to|will not be able to|would not be able to|wouldn't be able to|not be able to|not in a position to)\s+(?:fully\s+|adequately\s+|safely\s+|currently\s+)?(?:meet|support|cater for|accommodate)\b/i,
  /\b(?:do|does|did)\s*(?:not|n't)\s+(?:feel|think|believe|consider)\s+(?:that\s+)?[\w' ]{0,40}?\b(?:can|could|would|will|'d|be able to|able to|are able to|is able to)\b[\w' ]{0,25}?\b(?:meet|support|cater for|provide|give|manage|keep)\b/i,
  /\bneeds\s+(?:cannot|could not|can't|couldn't|would not|will not|won't)\s+be\s+met\b/i,
  /\b(?:cannot|can ?not|can't|could not|couldn't|would not|wouldn't|will not|won't)\s+(?:be\s+able\s+to\s+)?(?:safely\s+|adequately\s+|fully\s+)?(?:provide|give|make|offer)\s+(?:\w+\s+){0,4}?(?:provision|environment|support|staffing|care|nursing|communication|therapy|expertise)\b/i,
  /\b(?:is|are|would be|falls?|fall)\s+(?:well\s+)?(?:beyond|outside(?:\s+of)?)\s+(?:what|the scope|our|the)\b/i,
  /\bnot\s+(?:be\s+)?compatible\b/i,
  /\bnot\s+(?:currently\s+)?(?:registered|set up|equipped|staffed|commissioned|designed)\s+(?:for|to)\b/i,
  /\b(?:do|does)\s*(?:not|n't)\s+(?:currently\s+)?have\s+(?:the\s+|any\s+)?(?:[\w-]+\s+)?(?:staff|staffing|expertise|nursing|clinical|specialist|trained|facilities|skills|resources|language base|provision)\b/i,
  /\btoo\s+(?:young|old)\s+for\b/i,
  /\b(?:boys|girls|males|females)\s+only\b|\bonly\s+(?:admit|take|accept|educate)\s+(?:boys|girls)\b/i,
  /\bonly\s+(?:take|admit|accept|cater for|educate|work with)\s+(?:pupils|students|children|young people|learners)\s+(?:from|aged|between|over|under)\b/i,
  /(?:\bis\s*n[o']t|\bnot)\s+(?:really\s+)?(?:one\s+)?for\s+us\b/i,
  /\b(?:doesn't|does not|don't|do not|wouldn't|would not|won't|will not)\s+(?:really\s+)?(?:match|fit|suit)\b/i,
  /\bbetter\s+(?:met|suited|served|placed)\b/i,
  /\b(?:unsuitable|inappropriate)\b/i,
];

/** Phrasings of suitability that are a refusal when negated: "not the right setting", "don't think we are the right school". */
const SUITABILITY: RegExp[] = [
  /\b(?:the\s+)?(?:right|suitable|appropriate|best|correct|good)\s+(?:setting|school|college|placement|provision|fit|environment|place|home|match|option|choice)\b/i,
  /\b(?:suitable|appropriate|right)\s+for\s+(?:him|her|them|[A-Z]{2}\b)/,
  /\b(?:consider|think|feel|believe)\s+(?:itself|ourselves|the school|we are|we're)\s+(?:to\s+be\s+)?suitable\b/i,
];

const NEEDS_QUESTION = /\bmeet(?:ing)?\b.{0,40}?\bneeds\b/i;
const FORM_LABEL_TAIL = 30;

const OFFERS: RegExp[] = [
  /\b(?:pleased|happy|delighted|glad|able|in a position|keen|love|like)\s+to\s+(?:offer|confirm\s+(?:a|the|her|his|their)\s+place|welcome|have|take|accept|admit|accommodate)\b/i,
  /\b(?:pleased|happy|delighted|glad)\s+to\s+make\s+(?:an?|the following|this|the)\s+offer\b/i,
  /\b(?:can|could|would|will|are able to|would like to|wish to|'d)\s+(?:be\s+able\s+to\s+)?(?:\w+\s+)?offer\s+(?:[\w'.-]+\s+){0,3}?(?:an?\s+|the\s+|one\s+)?(?:[\w-]+\s+){0,3}?(?:place|placement|space|vacancy)\b/i,
  /\b(?:can|could|would|will|'d|are able to|able to|happy to)\s+(?:take|accept|have|admit|accommodate|welcome)\s+(?:him|her|them|[A-Z]{2}\b)/,
  /\boffer(?:ing|s)?\s+(?:you\s+|him\s+|her\s+|them\s+|[A-Z]{2}\s+)?(?:an?|the)\s+(?:[\w-]+\s+){0,3}?(?:place|placement)\b/i,
  /\b(?:a\s+)?place\s+(?:is\s+|would be\s+|will be\s+)?available\b/i,
  /\bhave\s+(?:a|one)\s+(?:[\w-]+\s+){0,2}?(?:place|vacancy|space)\b/i,
  /\b(?:we've|we have|i've)\s+got\s+(?:a|one)\s+(?:[\w-]+\s+){0,2}?(?:place|vacancy|space)\b/i,
  /\b(?:can|could|are able to)\s+(?:accept|take)\s+(?:him|her|them|the (?:child|young person|pupil|student)|this referral)\b/i,
  /\bconfirm\s+(?:that\s+)?(?:we\s+(?:have|can offer)\s+)?(?:a|the)\s+(?:[\w-]+\s+)?place\b/i,
  /\bthere\s+is\s+(?:a|one)\s+(?:[\w-]+\s+){0,2}?place\s+(?:for|available)\b/i,
  /\bhave\s+(?:a\s+)?(?:space|room)\s+for\s+(?:him|her|them|[A-Z]{2}\b)/,
];

const DECLINES: RegExp[] = [
  /\b(?:unable|not able|no longer able|cannot|can ?not|can't|could not|couldn't|won't be able|will not be able|wouldn't be able|would not be able|not be able|not in a position|don't feel able|do not feel able|not feel able|aren't able|are not able)\s+(?:to\s+)?(?:\w+\s+)?(?:offer|accept|take|admit|consider|progress|proceed|help|support a placement|provide a place|keep|make (?:an?|the)\s+(?:[\w-]+\s+)?offer)\b/i,
  /\b(?:won't|wont|will not|shan't|shall not|wouldn't|would not)\s+be\s+(?:offering|making (?:an?\s+)?offer|putting (?:forward|in) (?:an?\s+)?offer|progressing|proceeding|taking\s+(?:this|the referral|it|him|her)\b|able to help)/i,
  /\bnot\s+(?:be\s+)?(?:offering|progressing|proceeding|taking\s+(?:this|it)\s+forward)\b/i,
  /\bdecided\s+not\s+to\s+(?:proceed|offer|progress|take|accept|pursue)\b/i,
  /\b(?:must|have to|will have to|'ll have to|need to|regret(?:fully)?\s+(?:to\s+)?)\s*(?:respectfully\s+|politely\s+|therefore\s+)?(?:decline|turn\s+(?:this|it|the referral|him|her)(?:\s+one)?\s+down|say\s+no)\b/i,
  /\bdeclin(?:e|ing)\s+(?:this|the|your)\s+referral\b/i,
  /\b(?:it's|it is)\s+a\s+no\b|\ba\s+no\s+from\s+(?:us|me)\b/i,
  /\bno\s+(?:[\w-]+\s+)?(?:places?|vacanc(?:y|ies)|spaces?|capacity|availability|room|beds?)\b/i,
  /\b(?:do|does|did)\s*(?:not|n't)\s+have\s+(?:a\s+|any\s+)?(?:[\w-]+\s+)?(?:places?|vacanc(?:y|ies)|spaces?|capacity|availability|room)\b/i,
  /\b(?:won't|will not|wouldn't|would not)\s+have\s+(?:a\s+|any\s+)?(?:[\w-]+\s+)?(?:places?|spaces?|vacanc(?:y|ies)|room|anything|capacity)\b/i,
  /(?:\b(?:is|are)|'re|'s)\s+(?:currently\s+|now\s+|already\s+|completely\s+)?(?:full|oversubscribed|over-subscribed|at (?:full )?capacity|fully subscribed|rammed)\b/i,
  /\bnothing\s+(?:available|free|suitable|coming up)\b/i,
  /\bpass\s+on\s+(?:this|it|the referral)\b/i,
  /^\s*(?:unfortunately|sadly|i'm afraid|i am afraid|afraid)\s+not\b|\bthe answer is no\b/im,
  /\brules?\s+(?:\w+\s+)?out\b/i,
  /\bnot\s+accepting\s+(?:any\s+)?(?:new\s+|further\s+|more\s+)?(?:referrals|applications|pupils|students|admissions|placements)\b/i,
];

const ASKS: RegExp[] = [
  /\b(?:could|can|would|will)\s+you\s+(?:please\s+|kindly\s+|also\s+)?(?:send|provide|share|forward|confirm|clarify|let (?:us|me) know|advise|tell|arrange|supply)\b/i,
  /\bplease\s+(?:could you|can you|would you|send|provide|forward|share|confirm|advise|clarify|let us know|let me know)\b/i,
  /\b(?:we|i)\s+(?:would|will|'d)\s+(?:need|require|like)\s+(?:to\s+(?:see|receive|have|arrange|visit|meet|discuss|speak|review|read|know)|more|further|a copy|copies|sight of)\b/i,
  /\bbefore\s+(?:we|i)\s+(?:can|could|are able to|go)\s+(?:any\s+further|further|confirm|consider|make|offer|respond|decide|proceed|complete|assess|put)\b/i,
  /\b(?:more|further|additional)\s+(?:information|details|paperwork|documentation)\b/i,
  /\bso\s+that\s+we\s+can\s+(?:assess|consider|review)\b[^.?]*\bplease\b/i,
];
/** A question only counts as a query about the referral when it talks about the referral. */
const REFERRAL_TOPIC =
  /\b(?:referral|placement|place|ehcp|ehc plan|plan|reports?|review|assessment|assessed|visit\w*|needs|fees?|funding|fund|budget|cost|quote|start|transport|escort|travel|trainer|child|pupil|student|young person|family|parents?|carers?|mum|dad|preference|information|details|paperwork|documents?|papers|section [a-z]|history|ep|camhs|consent|weeks|staff\w*|therapy|safety|support|1:1|school|college|class|him|her|he|she|his)\b/i;
/** The child's initials ("AK", "A.K.'s") make a question about the referral too. */
const INITIALS_TOPIC = /\b(?:[A-Z]{2}|[A-Z]\.[A-Z]\.)(?:'s)?(?![\w])/;
const UNRELATED = /\b(?:unrelated|not related)\s+to\s+(?:this|the referral|your e-?mail)\b|\bon\s+a\s+(?:separate|different|another)\s+(?:note|matter|subject)\b|\b(?:off|separate)\s+topic\b/i;

const ACKNOWLEDGES: RegExp[] = [
  /\b(?:will|'ll|shall)\s+(?:\w+\s+){0,4}?(?:come back to you|get back to (?:you|yourself)|be in touch|respond|reply|write to you|write back|let you know|revert|update you|confirm|look at|look into|consider|discuss(?:ed)?|review(?:ed)?|pass|share|make sure)\b/i,
  /\b(?:have\s+|has\s+been\s+|was\s+)?received\b|\backnowledg(?:e|ing)\s+(?:receipt|your)\b|\bgot\s+(?:this|it|your)\b|\bnoted\b/i,
  /\b(?:passed|forwarded|sent|shared)\s+(?:it|this|the referral|your (?:e-?mail|referral)|[\w' ]{0,25}referral)\s+(?:on\s+)?(?:to|with)\b/i,
  /\b(?:are|is|am|'re|'m)\s+(?:currently\s+|just\s+)?(?:reviewing|considering|looking\s+(?:at|into)|assessing|discussing|checking)\b/i,
  /\b(?:aim|hope|expect|plan)\s+to\s+(?:respond|reply|get back|come back|let you know|be in touch)\b/i,
  /\b(?:will|'ll)\s+pick\s+(?:this|it)\s+up\b/i,
];

const OUT_OF_OFFICE =
  /\b(?:out of (?:the )?office|on (?:annual |maternity |paternity |sick |study |parental )?leave|away from (?:the |my )?(?:office|desk)|limited access to (?:my )?e-?mails?|(?:automatic|auto-?)\s?reply|currently away|currently unavailable|i am away|i'm away|not (?:currently )?monitoring)\b/i;
const AUTOMATED =
  /\bthis\s+is\s+an?\s+automat(?:ed|ic)\b|\bautomat(?:ed|ic)(?:ally generated)?\s+(?:response|reply|acknowledge?ment|message|notification|e-?mail)\b|\b(?:please\s+)?do\s+not\s+reply\s+to\s+this\b|\b(?:mailbox|inbox|e-?mail address|address)\s+is\s+(?:no\s+longer|not)\s+(?:monitored|in use|checked|active)\b|\bno\s+longer\s+(?:monitored|in use)\b|\bmonitored\s+(?:monday|mon)\b|\b(?:e-?mails?|messages?)\s+will\s+be\s+(?:answered|read|dealt with|responded to)\s+(?:when|on|after|once)\b|\byour\s+(?:reference|ticket)\s+(?:number\s+)?is\b/i;
/** Automatic answers are short: a long text that mentions leave is a person writing. */
const AUTOMATIC_MAX_LENGTH = 1200;

/** Opening a reply with a yes: "Yes - happy to…", "Can do.", "Yep,". */
const AFFIRMATION = /^\s*(?:yes|yep|yeah|yup|can do|absolutely|definitely)\b(?!\s*\/)/i;

const AUTO_REPLY_SUBJECT =
  /^\s*(?:\[[^\]]*\]\s*)?(?:automatic reply|auto(?:matic)?[ -]?(?:reply|response|antwort)|autoreply|autoresponse|out of (?:the )?office|ooo\b|away from (?:the |my )?office|abwesenheit|r[ée]ponse automatique|respuesta autom[áa]tica|on (?:annual )?leave)/i;

/** Subjects that mail systems put on out-of-office and other automatic answers. */
export function looksLikeAutoReplySubject(subject: string | null | undefined): boolean {
  return !!subject && AUTO_REPLY_SUBJECT.test(subject);
}

interface Clause extends Span {
  text: string;
  /** The sentence the clause belongs to: what is shown as evidence. */
  sentence: Span;
}

function clausesOf(text: string): Clause[] {
  const clauses: Clause[] = [];
  for (const sentence of sentenceSpans(text)) {
    const body = text.slice(sentence.start, sentence.end);
    let from = 0;
    const re = new RegExp(CONTRAST.source, 'gi');
    for (let m = re.exec(body); ; m = re.exec(body)) {
      const end = m ? m.index : body.length;
      clauses.push({ start: sentence.start + from, end: sentence.start + end, text: body.slice(from, end), sentence });
      if (!m) break;
      from = m.index + m[0].length;
    }
  }
  return clauses;
}

function negatedBefore(clause: string, index: number): boolean {
  const window = clause.slice(Math.max(0, index - NEGATION_REACH), index);
  const lastBreak = lastMatch(window, CLAUSE_BREAK);
  const scope = lastBreak ? window.slice(lastBreak.index + lastBreak[0].length) : window;
  return NEGATION_BEFORE.test(scope) || CONDITIONAL_BEFORE.test(scope);
}

function affirmed(clause: string, patterns: RegExp[]): boolean {
  return patterns.some((re) => {
    const m = re.exec(clause);
    return !!m && !negatedBefore(clause, m.index);
  });
}

function denied(clause: string, patterns: RegExp[]): boolean {
  return patterns.some((re) => {
    const m = re.exec(clause);
    return !!m && negatedBefore(clause, m.index);
  });
}

function stated(clause: string, patterns: RegExp[]): boolean {
  return patterns.some((re) => re.test(clause));
}

function asksAboutReferral(sentence: string): boolean {
  const question = /\?\s*$/.test(sentence.trim()) || stated(sentence, ASKS);
  return question && (REFERRAL_TOPIC.test(sentence) || INITIALS_TOPIC.test(sentence));
}

/** The answer after a needs question on one line ("…needs: YES", "…needs? No", "…needs - yes"); 'blank' for an unfilled form line. */
function formAnswer(line: string): 'yes' | 'no' | 'blank' | null {
  const question = NEEDS_QUESTION.exec(line);
  if (!question) return null;
  const rest = line.slice(question.index + question[0].length).replace(/\([^)]*\)/g, ' ');
  const separator = /[:?\-]/.exec(rest);
  // The label ends at its separator: "…needs in Section F? (yes/no): yes", not "…needs. Our costs are as follows:".
  if (!separator || separator.index > FORM_LABEL_TAIL || /[.!]/.test(rest.slice(0, separator.index))) return null;
  const tail = rest.slice(separator.index).replace(/^[\s:?\-]+/, '');
  if (tail === '') return rest.includes(':') ? 'blank' : null;
  const answer = /^(yes|y|no|n)\b/i.exec(tail)?.[1]?.toLowerCase();
  return answer ? (answer.startsWith('y') ? 'yes' : 'no') : null;
}

function emptySignals(): ReplySignals {
  return { needsMet: [], needsNotMet: [], offers: [], declines: [], asks: [], acknowledges: [], affirms: [], outOfOffice: [], automated: [], unrelated: [] };
}

/** Form lines answer the needs question; their words are then not read again as prose. */
function readFormAnswers(text: string, signals: ReplySignals): string {
  let offset = 0;
  return text
    .split('\n')
    .map((line) => {
      const at = offset;
      offset += line.length + 1;
      const answer = formAnswer(line);
      if (!answer) return line;
      if (answer === 'yes') signals.needsMet.push({ start: at, end: at + line.length });
      if (answer === 'no') signals.needsNotMet.push({ start: at, end: at + line.length });
      return ' '.repeat(line.length);
    })
    .join('\n');
}

const pushOnce = (list: Span[], span: Span) => {
  if (!list.some((s) => s.start === span.start)) list.push(span);
};

/** Reads the (masked) new text of a reply; the spans returned are sentences of that same text. */
export function readSignals(text: string): ReplySignals {
  const signals = emptySignals();
  const prose = readFormAnswers(text, signals);
  for (const c of clausesOf(prose)) {
    const refuses = stated(c.text, DECLINES);
    const cannotMeet = stated(c.text, NEEDS_NOT_MET) || denied(c.text, SUITABILITY);
    if (cannotMeet) pushOnce(signals.needsNotMet, c.sentence);
    else if (affirmed(c.text, NEEDS_MET)) pushOnce(signals.needsMet, c.sentence);
    if (refuses) pushOnce(signals.declines, c.sentence);
    else if (!cannotMeet && affirmed(c.text, OFFERS)) pushOnce(signals.offers, c.sentence);
  }
  const sentences = sentenceSpans(prose);
  for (const s of sentences) {
    const sentence = prose.slice(s.start, s.end);
    if (UNRELATED.test(sentence)) pushOnce(signals.unrelated, s);
    else if (asksAboutReferral(sentence)) pushOnce(signals.asks, s);
    if (affirmed(sentence, ACKNOWLEDGES)) pushOnce(signals.acknowledges, s);
  }
  const first = sentences.find((s) => prose.slice(s.start, s.end).trim() !== '');
  if (first && AFFIRMATION.test(prose.slice(first.start, first.end))) signals.affirms.push(first);
  if (text.length <= AUTOMATIC_MAX_LENGTH) {
    const at = (re: RegExp) => sentences.find((s) => re.test(prose.slice(s.start, s.end)));
    const away = at(OUT_OF_OFFICE);
    const automated = at(AUTOMATED);
    if (away) signals.outOfOffice.push(away);
    if (automated) signals.automated.push(automated);
  }
  return signals;
}

const CONDITION =
  /\b(?:subject to|conditional (?:up)?on|provided that|providing that|provided (?:the|that|we|you)|dependent (?:up)?on|depending on|on condition|pending|assuming|as long as|following (?:a |an |the )?(?:successful\s+)?(?:assessment|visit|review|meeting|transition)|once we (?:have )?(?:received|receive|completed|complete|met)|excludes|excluding|exclusive of|does not include|not included|plus vat|\+\s?vat)\b/i;
/** The reply form's "Conditions or questions:" line, when the provider wrote something there. */
const CONDITIONS_LINE = /^\s*conditions?(?:\s+or\s+questions?)?\s*:\s*(?!(?:none|nil|n\/a|no|-)\s*\.?\s*$)(\S.*)$/gim;
const MAX_CONDITIONS = 6;
const MAX_CONDITION_LENGTH = 240;

/** Sentences that put a condition on the offer, in the provider's words. */
export function findConditions(text: string): string[] {
  const found: string[] = [...text.matchAll(CONDITIONS_LINE)].map((m) => m[1]!.trim());
  const rest = text.replace(CONDITIONS_LINE, '');
  for (const s of sentenceSpans(rest)) {
    const sentence = rest.slice(s.start, s.end).replace(/\s+/g, ' ').trim();
    if (!CONDITION.test(sentence) || found.includes(sentence)) continue;
    found.push(sentence.length > MAX_CONDITION_LENGTH ? `${sentence.slice(0, MAX_CONDITION_LENGTH - 3)}...` : sentence);
    if (found.length >= MAX_CONDITIONS) break;
  }
  return found.slice(0, MAX_CONDITIONS);
}
