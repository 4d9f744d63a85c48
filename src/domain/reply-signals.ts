import { lastMatch, sentenceSpans, type Span } from './reply-scan.js';

/**
 * What a reply says, in words: can the provider meet the needs, is it offering or declining a place,
 * is it asking something, is it an out-of-office. Each signal is a list of phrasings; a positive
 * phrasing only counts when nothing before it in the sentence negates it ("we do not feel we could meet").
 */

export interface ReplySignals {
  needsMet: boolean;
  needsNotMet: boolean;
  offers: boolean;
  declines: boolean;
  asks: boolean;
  outOfOffice: boolean;
}

const NEGATION_BEFORE = /(?:\bnot\b|n't\b|\bcannot\b|\bunable\b|\bnever\b|\bno longer\b|\bunsure\b|\bdoubt\w*)/i;
/** "whether we can meet", "if we could offer": a question or a condition, not a statement. */
const CONDITIONAL_BEFORE = /\b(?:if|whether)\s+(?:[\w.'-]+\s+){0,2}$/i;
/** Negation does not carry over a clause break: "we have not visited yet, but we can meet his needs". */
const CLAUSE_BREAK = /[,;:]|\bbut\b|\bhowever\b|\band\b/gi;
const NEGATION_REACH = 45;

/** "No places for September, however we could offer January": each side of a contrast is read on its own. */
const CONTRAST = /,?\s+(?:however|but|although|though|whereas|instead)\b,?/i;

const OBJECT = String.raw`(?:[\w.'-]+\s+){0,4}?`;
const NEEDS_MET: RegExp[] = [
  new RegExp(String.raw`\b(?:can|could|will|would|are able to|is able to|be able to|able to)\s+(?:fully\s+|definitely\s+|certainly\s+|comfortably\s+)?(?:meet|support|cater for|accommodate)\s+${OBJECT}needs\b`, 'i'),
  /\bneeds\s+(?:can|could|will|would)\s+(?:\w+\s+)?be\s+met\b/i,
  /^\s*yes\b[\s,.!:-]*(?:we\s+)?(?:can|could|are able to)\s+(?:meet|offer)\b/im,
];
const NEEDS_NOT_MET: RegExp[] = [
  /\b(?:cannot|can ?not|can't|could not|couldn't|unable to|not able to|won't be able to|will not be able to|would not be able to|wouldn't be able to|not in a position to)\s+(?:fully\s+|adequately\s+|safely\s+|currently\s+)?(?:meet|support|cater for|accommodate)\b/i,
  /\b(?:do|does|did)\s*(?:not|n't)\s+(?:feel|think|believe|consider)\s+(?:that\s+)?(?:we|the school|the college|our (?:school|setting|provision))\s+(?:can|could|would be able to|are able to|is able to)\s+(?:fully\s+|adequately\s+|safely\s+)?(?:meet|support|cater for)\b/i,
  /\bneeds\s+(?:cannot|could not|can't|couldn't|would not|will not|won't)\s+be\s+met\b/i,
  /\bnot\s+(?:be\s+)?(?:the\s+)?(?:right|suitable|appropriate)\s+(?:setting|placement|provision|school|college|fit)\b/i,
  /\b(?:unsuitable|not suitable)\b/i,
];
/** The needs question of a reply form, answered or not: "Can you meet the needs in Section F? (yes/no): yes". */
const NEEDS_QUESTION = /\bmeet(?:ing)?\b.{0,40}?\bneeds\b/i;

const OFFERS: RegExp[] = [
  /\b(?:pleased|happy|delighted|glad|able|in a position)\s+to\s+(?:offer|confirm\s+(?:a|the)\s+place)\b/i,
  /\b(?:can|could|would|will|are able to|would like to|wish to)\s+(?:be\s+able\s+to\s+)?offer\b/i,
  /\boffer(?:ing)?\s+(?:you\s+|him\s+|her\s+|them\s+)?a\s+place\b/i,
  /\b(?:a\s+)?place\s+(?:is\s+|would be\s+|will be\s+)?available\b/i,
  /\bhave\s+(?:a|one)\s+(?:place|vacancy|space)\b/i,
  /\b(?:can|could|are able to)\s+(?:accept|take)\s+(?:him|her|them|the (?:child|young person|pupil|student)|this referral)\b/i,
];
const DECLINES: RegExp[] = [
  /\b(?:unable|not able|cannot|can ?not|can't|could not|couldn't|won't be able|will not be able|not in a position)\s+(?:to\s+)?(?:offer|accept|take|admit|provide\s+a\s+place)\b/i,
  /\bno\s+(?:places?|vacanc(?:y|ies)|spaces?|capacity|availability)\b/i,
  /\b(?:do|does)\s*(?:not|n't)\s+have\s+(?:a\s+|any\s+)?(?:places?|vacanc(?:y|ies)|spaces?|capacity|availability)\b/i,
  /(?:\b(?:is|are)|'re|'s)\s+(?:currently\s+|now\s+)?(?:full|oversubscribed|over-subscribed|at capacity|fully subscribed)\b/i,
  /\b(?:must|have to|will have to|need to|regret(?:fully)?\s+(?:to\s+)?)\s*decline\b/i,
  /\bdeclin(?:e|ing)\s+(?:this|the|your)\s+referral\b/i,
  /\bnot\s+(?:be\s+)?(?:offering|progressing|proceeding)\b/i,
];
const ASKS: RegExp[] = [
  /\b(?:could|can|would|will)\s+you\s+(?:please\s+|kindly\s+)?(?:send|provide|share|forward|confirm|clarify|let us know|advise|tell|arrange|supply)\b/i,
  /\bplease\s+(?:could you|can you|would you|send|provide|forward|share|confirm|advise|clarify|let us know)\b/i,
  /\b(?:we|i)\s+(?:would|will|'d)\s+(?:need|require|like)\s+(?:to\s+(?:see|receive|have|arrange|visit|meet|discuss|speak|review|read)|more|further|a copy|copies|sight of)\b/i,
  /\bbefore\s+(?:we|i)\s+(?:can|could|are able to)\s+(?:confirm|consider|make|offer|respond|decide|proceed|complete|assess)\b/i,
  /\b(?:more|further|additional)\s+(?:information|details|paperwork|documentation)\b/i,
];
/** A question only counts as a query about the referral when it talks about the referral. */
const REFERRAL_TOPIC =
  /\b(?:referral|placement|place|ehcp|ehc plan|plan|reports?|review|assessment|visit|needs|fees?|funding|start|transport|child|pupil|student|young person|family|parents?|carers?|information|details|paperwork|documents?|papers|section [a-z]|history|ep|camhs|consent)\b/i;
const OUT_OF_OFFICE =
  /\b(?:out of (?:the )?office|on (?:annual |maternity |paternity |sick |study )?leave|away from (?:the |my )?(?:office|desk)|limited access to (?:my )?e-?mails?|(?:automatic|auto-?)\s?reply|currently away|i am away|i'm away|will be back|back in the office|not (?:currently )?monitoring)\b/i;
const OUT_OF_OFFICE_MAX_LENGTH = 1200;

const AUTO_REPLY_SUBJECT =
  /^\s*(?:\[[^\]]*\]\s*)?(?:automatic reply|auto(?:matic)?[ -]?(?:reply|response|antwort)|autoreply|autoresponse|out of (?:the )?office|ooo\b|away from (?:the |my )?office|abwesenheit|r[ée]ponse automatique|respuesta autom[áa]tica|on (?:annual )?leave)/i;

/** Subjects that mail systems put on out-of-office and other automatic answers. */
export function looksLikeAutoReplySubject(subject: string | null | undefined): boolean {
  return !!subject && AUTO_REPLY_SUBJECT.test(subject);
}

function sentencesOf(text: string): Array<Span & { text: string }> {
  return sentenceSpans(text).map((s) => ({ ...s, text: text.slice(s.start, s.end) }));
}

function clausesOf(text: string): string[] {
  return sentencesOf(text).flatMap((s) => s.text.split(CONTRAST));
}

function negatedBefore(sentence: string, index: number): boolean {
  const window = sentence.slice(Math.max(0, index - NEGATION_REACH), index);
  const lastBreak = lastMatch(window, CLAUSE_BREAK);
  const clause = lastBreak ? window.slice(lastBreak.index + lastBreak[0].length) : window;
  return NEGATION_BEFORE.test(clause) || CONDITIONAL_BEFORE.test(clause);
}

function affirmed(sentence: string, patterns: RegExp[]): boolean {
  return patterns.some((re) => {
    const m = re.exec(sentence);
    return !!m && !negatedBefore(sentence, m.index);
  });
}

function stated(sentence: string, patterns: RegExp[]): boolean {
  return patterns.some((re) => re.test(sentence));
}

function asksAboutReferral(sentence: string): boolean {
  const question = /\?\s*$/.test(sentence) || stated(sentence, ASKS);
  return question && REFERRAL_TOPIC.test(sentence);
}

/** The answer after a needs question on one line ("…needs: YES", "…needs? No", "…needs - yes"); 'blank' for an unfilled form line. */
function formAnswer(line: string): 'yes' | 'no' | 'blank' | null {
  const question = NEEDS_QUESTION.exec(line);
  if (!question) return null;
  const rest = line.slice(question.index + question[0].length).replace(/\([^)]*\)/g, ' ');
  const separator = /[:?\-]/.exec(rest);
  if (!separator) return null;
  const tail = rest.slice(separator.index).replace(/^[\s:?\-]+/, '');
  if (tail === '') return rest.includes(':') ? 'blank' : null;
  const answer = /^(yes|y|no|n)\b/i.exec(tail)?.[1]?.toLowerCase();
  return answer ? (answer.startsWith('y') ? 'yes' : 'no') : null;
}

function readFormAnswers(text: string, signals: ReplySignals): string {
  return text
    .split('\n')
    .map((line) => {
      const answer = formAnswer(line);
      if (!answer) return line;
      if (answer === 'yes') signals.needsMet = true;
      if (answer === 'no') signals.needsNotMet = true;
      // A form line is not a question from the provider, and its words must not be read again as prose.
      return '';
    })
    .join('\n');
}

export function readSignals(text: string): ReplySignals {
  const signals: ReplySignals = { needsMet: false, needsNotMet: false, offers: false, declines: false, asks: false, outOfOffice: false };
  const prose = readFormAnswers(text, signals);
  for (const s of clausesOf(prose)) {
    const negative = stated(s, NEEDS_NOT_MET);
    signals.needsNotMet ||= negative;
    signals.needsMet ||= !negative && affirmed(s, NEEDS_MET);
    const declines = stated(s, DECLINES);
    signals.declines ||= declines;
    signals.offers ||= !declines && affirmed(s, OFFERS);
    signals.asks ||= asksAboutReferral(s);
  }
  signals.outOfOffice = text.length <= OUT_OF_OFFICE_MAX_LENGTH && OUT_OF_OFFICE.test(text);
  return signals;
}

const CONDITION =
  /\b(?:subject to|conditional (?:up)?on|provided that|providing that|dependent (?:up)?on|depending on|on condition|pending|assuming|as long as|following (?:a |an |the )?(?:successful\s+)?(?:assessment|visit|review|meeting|transition)|once we (?:have )?(?:received|receive|completed|complete|met)|excludes|excluding|exclusive of|does not include|not included|plus vat|\+\s?vat)\b/i;
/** The reply form's "Conditions or questions:" line, when the provider wrote something there. */
const CONDITIONS_LINE = /^\s*conditions?(?:\s+or\s+questions?)?\s*:\s*(?!(?:none|nil|n\/a|no|-)\s*\.?\s*$)(\S.*)$/gim;
const MAX_CONDITIONS = 6;
const MAX_CONDITION_LENGTH = 240;

/** Sentences that put a condition on the offer, in the provider's words. */
export function findConditions(text: string): string[] {
  const found: string[] = [...text.matchAll(CONDITIONS_LINE)].map((m) => m[1]!.trim());
  for (const s of sentencesOf(text.replace(CONDITIONS_LINE, ''))) {
    const sentence = s.text.replace(/\s+/g, ' ').trim();
    if (!CONDITION.test(sentence) || found.includes(sentence)) continue;
    found.push(sentence.length > MAX_CONDITION_LENGTH ? `${sentence.slice(0, MAX_CONDITION_LENGTH - 3)}...` : sentence);
    if (found.length >= MAX_CONDITIONS) break;
  }
  return found.slice(0, MAX_CONDITIONS);
}
