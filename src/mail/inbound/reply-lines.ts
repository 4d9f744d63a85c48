/**
 * Line patterns for telling a reply's new text from the history mail clients append to it:
 * Gmail/Apple/iPhone/Android attributions ("On … wrote:", "… написал(а):"), Outlook header blocks
 * ("From: … Sent: …"), "-----Original Message-----" separators, forward markers and sign-offs.
 */

const QUOTED_LINE = /^\s*>/;

/** The last words of an attribution line, in the languages mail clients write them. */
const ATTRIBUTION_END =
  /(?:wrote|writes|a écrit|schrieb|escribió|ha scritto|escreveu|schreef|skrev|napisał(?:\(a\))?|pisze|написал(?:\(а\)|а)?|пишет|kirjoitti|írta|写道|のメッセージ|작성)\s*[:：]\s*$/i;
/** How attributions begin: "On …", "Le …", "Am …", a numeric date, an address or a quoted name. */
const ATTRIBUTION_START =
  /^\s*(?:on|le|am|el|il|em|op|den|w dniu|dnia|pe|ma|ti|ke|to|pá|\d{1,4}[./-]\d{1,2}|\d{1,2}\s+\p{L}+\s+\d{4}|\S+@\S+|"|\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*)*\s*<)/iu;
/** "X <x@y> wrote on 10/11/2026 09:14:" */
const WROTE_ON = /^.{0,150}\bwrote\s+on\b.{0,80}:\s*$/i;
const MAX_ATTRIBUTION_LINES = 3;
const MAX_ATTRIBUTION_LENGTH = 300;

const ORIGINAL_SEPARATOR =
  /^\s*-{2,}\s*(?:original message|reply message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|исходное сообщение|opprinnelig melding|oprindelig besked|ursprungligt meddelande|alkuperäinen viesti)\s*-{2,}\s*$/i;
const FORWARD_MARKER =
  /^\s*(?:-{2,}\s*(?:forwarded message|forwarded e-?mail|weitergeleitete nachricht|message transféré|mensaje reenviado|messaggio inoltrato|пересылаемое сообщение|doorgestuurd bericht)\s*-{2,}|begin forwarded message:|anfang der weitergeleiteten nachricht:|début du message réexpédié\s*:)\s*$/i;
/** A bare rule (underscores, dashes, equals) that Outlook and others put above the quoted header. */
const RULE_LINE = /^\s*[_\-=*]{5,}\s*$/;

/** The sender line of a quoted header; its value is a name or address, never a date ("From: 6 September"). */
const HEADER_FROM = /^\s*\*?(?:from|de|von|van|da|från|fra|от|od|lähettäjä|feladó)\*?\s*:\s*\*?\s*[^\s\d]/i;
/** Header lines that only mail headers have: "Sent:", "Date:", "Subject:" (a "To:" alone could be a date range). */
const HEADER_STRONG =
  /^\s*\*?(?:sent|date|subject|envoyé|gesendet|datum|betreff|objet|enviado|asunto|verzonden|onderwerp|skickat|ämne|inviato|oggetto|отправлено|дата|тема)\*?\s*:/i;
const HEADER_WEAK = /^\s*\*?(?:to|cc|à|an|a|para|aan|till|кому)\*?\s*:/i;
const ONE_LINE_HEADER = /^\s*\*?from\*?:.*\bsent\*?:.*\b(?:to|subject)\*?:/i;
const HEADER_EXTRA = /^\s*\*?(?:bcc|reply-to)\*?\s*:/i;
const HEADER_LOOKAHEAD = 6;

const SIGN_OFF =
  /^\s*(?:(?:(?:kind(?:est)?|best|warm(?:est)?|many|with)\s+){0,2}(?:regards|wishes|thanks|thank you)|yours\s+(?:sincerely|faithfully|truly)|sincerely|cheers|best|rgds|kr)[\s,.!]*$/i;
/** "Sent from my iPhone", "Get Outlook for Android", "Sent with Sparrow": short device lines. */
const MOBILE_SIGNATURE = /^\s*(?:sent from|get outlook for|sent with|sent via)\b[^£]{0,50}$/i;
const SIGNATURE_DELIMITER = /^--\s?$/;
const MAX_SIGNATURE_LINES = 10;
const MAX_SIGNATURE_LINE_LENGTH = 80;
/** A line in a person's own voice ("we can…") or about the placement is content, not a signature. */
const CONTENT_LINE =
  /\b(?:we|i)\b.*\b(?:can|could|will|would|are|am|have)\b|£|\b(?:offer|fees?|start|needs|available|availability|place|weekly|per week|p\.?s\.?)\b/i;

/**
 * A line of our referral's reply form filled in where it stood, inside the quoted referral: a label with
 * a format hint in brackets, or "Conditions or questions", followed by an answer ("> Weekly fee (£): 3,450").
 */
const FILLED_FORM_LINE =
  /^(?:.{0,120}?\((?:£|gbp|yes\s*\/\s*no|38\s*\/\s*52|dd\/mm\/yyyy)[^)]*\)|conditions or questions)\s*:\s*\S/i;

/** The provider's answer line, unquoted, when a history line is a filled-in form line; otherwise null. */
export function filledFormLine(line: string): string | null {
  const unquoted = line.replace(/^(?:\s*>)+\s?/, '').trim();
  return FILLED_FORM_LINE.test(unquoted) ? unquoted : null;
}

/** A reply form label left blank in the quoted referral ("> Weekly fee (£):"). */
const BLANK_FORM_LABEL = /^(?:.{0,120}?\((?:£|gbp|yes\s*\/\s*no|38\s*\/\s*52|dd\/mm\/yyyy)[^)]*\)|conditions or questions)\s*:\s*$/i;
/** Longer than this, the unquoted line after a label is the provider writing on, not an answer to the label. */
const MAX_INLINE_ANSWER = 100;

/**
 * Answers typed under the quoted form's labels ("> Weekly fee (£):" then "3,295" on its own line) are
 * joined to their label: the quoted line becomes the filled-in form line "> Weekly fee (£): 3,295", which
 * is kept from the history like any filled-in form line, and the answer's own line is emptied. Same number of lines.
 */
export function joinInterleavedAnswers(lines: readonly string[]): string[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    if (!isQuoted(out[i]!)) continue;
    const label = out[i]!.replace(/^(?:\s*>)+\s?/, '').trim();
    if (!BLANK_FORM_LABEL.test(label)) continue;
    const j = nextNonBlank(out, i + 1);
    const answer = out[j];
    if (answer === undefined || isQuoted(answer) || answer.trim().length > MAX_INLINE_ANSWER || BLANK_FORM_LABEL.test(answer.trim())) continue;
    out[i] = `> ${label} ${answer.trim()}`;
    out[j] = '';
  }
  return out;
}

export function isQuoted(line: string): boolean {
  return QUOTED_LINE.test(line);
}

const isBlank = (line: string | undefined) => line === undefined || line.trim() === '';

export function isOriginalSeparator(line: string): boolean {
  return ORIGINAL_SEPARATOR.test(line);
}

export function isForwardMarker(line: string): boolean {
  return FORWARD_MARKER.test(line);
}

/** "From: …" followed within a few lines by "Sent:", "To:", "Subject:" (or their translations). */
export function isHeaderBlockStart(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  if (ONE_LINE_HEADER.test(line)) return true;
  if (!HEADER_FROM.test(line)) return false;
  const following = lines.slice(i + 1, i + 1 + HEADER_LOOKAHEAD).filter((l) => !isBlank(l));
  return following.slice(0, 3).some((l) => HEADER_STRONG.test(l));
}

/** Moves a history start up over blank lines to the rule or separator drawn above it. */
export function includeRuleAbove(lines: readonly string[], i: number): number {
  let j = i - 1;
  while (j >= 0 && isBlank(lines[j])) j--;
  return j >= 0 && (RULE_LINE.test(lines[j]!) || ORIGINAL_SEPARATOR.test(lines[j]!)) ? j : i;
}

/**
 * When an attribution ("On Tue, 10 Nov 2026 at 09:14, X <x@y> wrote:") starts at line i, the index
 * of its last line (it may wrap over up to three lines); otherwise -1.
 */
export function attributionEndingAt(lines: readonly string[], i: number): number {
  const first = lines[i] ?? '';
  if (isBlank(first) || isQuoted(first)) return -1;
  for (let end = i; end < Math.min(lines.length, i + MAX_ATTRIBUTION_LINES); end++) {
    const line = lines[end]!;
    if (end > i && (isBlank(line) || isQuoted(line))) return -1;
    const joined = lines.slice(i, end + 1).join(' ');
    if (joined.length > MAX_ATTRIBUTION_LENGTH) return -1;
    if (end === i && WROTE_ON.test(line)) return end;
    if (ATTRIBUTION_END.test(line)) return ATTRIBUTION_START.test(first) || end === i ? end : -1;
  }
  return -1;
}

export function nextNonBlank(lines: readonly string[], from: number): number {
  let j = from;
  while (j < lines.length && isBlank(lines[j])) j++;
  return j;
}

/** The header lines right after a forward marker ("From:", "Date:", "Subject:", "To:"), and where they end. */
export function forwardedHeaders(lines: readonly string[], from: number): { end: number; from: string | null } {
  let j = nextNonBlank(lines, from);
  let sender: string | null = null;
  const isHeader = (l: string) => HEADER_FROM.test(l) || HEADER_STRONG.test(l) || HEADER_WEAK.test(l) || HEADER_EXTRA.test(l);
  while (j < lines.length && (isHeader(lines[j]!) || (/^\s+\S/.test(lines[j]!) && j > from))) {
    if (HEADER_FROM.test(lines[j]!)) sender = lines[j]!;
    j++;
  }
  return { end: j, from: sender };
}

/** The signature block at the end of the lines (after "-- ", a sign-off or "Sent from my …"), removed. */
export function withoutSignature(lines: readonly string[]): string[] {
  const firstContent = nextNonBlank(lines, 0);
  for (let i = firstContent; i < lines.length; i++) {
    const line = lines[i]!;
    if (SIGNATURE_DELIMITER.test(line)) return lines.slice(0, i);
    // A greeting-like "Thank you." opening the message is not a sign-off; "Sent from my iPhone" always is.
    const signsOff = (i > firstContent && SIGN_OFF.test(line)) || MOBILE_SIGNATURE.test(line);
    if (signsOff && looksLikeSignature(lines.slice(i + 1))) return lines.slice(0, i);
  }
  return [...lines];
}

function looksLikeSignature(rest: readonly string[]): boolean {
  const content = rest.filter((l) => !isBlank(l));
  return (
    content.length <= MAX_SIGNATURE_LINES &&
    content.every((l) => l.length <= MAX_SIGNATURE_LINE_LENGTH && !CONTENT_LINE.test(l))
  );
}
