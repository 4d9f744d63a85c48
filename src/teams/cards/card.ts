/** Small builders for Adaptive Cards. Teams renders up to version 1.5, so every card says 1.5. */

export type CardElement = Record<string, unknown>;
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardElement[];
  [key: string]: unknown;
}

export function adaptiveCard(body: CardElement[], actions: CardElement[] = []): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: keyInputs(body) as CardElement[],
    ...(actions.length ? { actions: keyInputs(actions) as CardElement[] } : {}),
  };
}

/**
 * A clicked card is replaced in place by the one its button returns. The React renderer of the Agents
 * Playground (and of new Teams) keys each element by its `key`, or else by type and position, and a
 * ChoiceSet keeps the choices it was first drawn with: without a key of its own, the Lot list of step 3
 * showed step 2's EHCP statuses (the first ChoiceSet of both cards sits at the same position). So every
 * input gets a `key` made of its id and, for a ChoiceSet, its choices: an input of another card, or the
 * same list with other choices, is drawn afresh; the same input redrawn (an error shown beside it) is kept.
 * Other clients ignore the property.
 */
function keyInputs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(keyInputs);
  if (!node || typeof node !== 'object') return node;
  const element = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(element)) out[k] = k === 'data' ? v : keyInputs(v);
  if (typeof element.type === 'string' && element.type.startsWith('Input.') && typeof element.id === 'string' && out.key === undefined) {
    const choices = Array.isArray(element.choices) ? (element.choices as Array<{ value?: unknown; title?: unknown }>) : undefined;
    out.key = choices ? `${element.id}~${shortHash(choices.map((c) => `${String(c.value)}=${String(c.title)}`).join('|'))}` : element.id;
  }
  return out;
}

/** A short, stable fingerprint (FNV-1a) for React keys; not a security measure. */
function shortHash(value: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function heading(text: string, subtle?: string): CardElement[] {
  const blocks: CardElement[] = [{ type: 'TextBlock', text, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' }];
  if (subtle) blocks.push({ type: 'TextBlock', text: subtle, isSubtle: true, wrap: true, spacing: 'None' });
  return blocks;
}

export function text(value: string, options: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

/** Label–value pairs. Both are shown as written: a value (a provider's name, an amount someone typed) is never formatting or a link. */
export function facts(pairs: Array<[string, string]>): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title: escapeMarkdown(title), value: escapeMarkdown(value) })) };
}

// ---------------------------------------------------------------------------------------------------
// Text from outside is text
// ---------------------------------------------------------------------------------------------------

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Text from outside (a provider's e-mail, a stranger, a form field, the register) shown as written inside a
 * Markdown TextBlock: formatting characters are escaped, and the shapes that make links (`](`, `://`,
 * `www.`) are broken with a zero-width space as well, because not every Teams client honours backslash
 * escapes (mobile clients have shown them, or ignored them).
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\\`*_~[\]<>]/g, (c) => `\\${c}`)
    .replace(/^(\s*)([-+#])(?=\s|#)/gm, '$1\\$2')
    .replace(/^(\s*\d+)\.(?=\s)/gm, '$1\\.')
    .replace(/\\\]\(/g, `\\]${ZERO_WIDTH_SPACE}(`)
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`);
}

/** A piece of product Markdown to put inside `md` unescaped (e.g. another `md` string). */
export interface RawMarkdown {
  readonly markdown: string;
}
export function raw(markdown: string): RawMarkdown {
  return { markdown };
}

/**
 * Markdown written by the product, with every interpolated value escaped as text:
 * md`**${provider.name}** replied` can never let a provider's name become a link or formatting.
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, part, i) => {
    if (i === 0) return part;
    const value = values[i - 1];
    const inserted = value && typeof value === 'object' && 'markdown' in value ? (value as RawMarkdown).markdown : escapeMarkdown(String(value ?? ''));
    return `${out}${inserted}${part}`;
  }, '');
}

/**
 * The words of a provider or stranger as inert text for a TextRun: a TextRun is never read as Markdown, and a
 * zero-width space after "://", "www" and before "@" stops clients turning addresses into links.
 */
export function providerWords(value: string): string {
  return value
    .replace(/:\/\//g, `:${ZERO_WIDTH_SPACE}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZERO_WIDTH_SPACE}.`)
    .replace(/@/g, `${ZERO_WIDTH_SPACE}@`);
}

export interface TextRun {
  text: string;
  weight?: 'Bolder';
  italic?: boolean;
  size?: 'Small';
}

/**
 * A RichTextBlock of plain TextRuns (Adaptive Cards 1.2+): text from outside is shown as written, never
 * interpreted. Runs whose text comes from outside must go through `providerWords`.
 */
export function plainText(runs: TextRun[], options: Record<string, unknown> = {}): CardElement {
  return { type: 'RichTextBlock', inlines: runs.map((r) => ({ type: 'TextRun', ...r })), ...options };
}

export function bullets(lines: string[]): CardElement {
  return text(lines.map((l) => `- ${l}`).join('\n'));
}

/** Action.Execute: the click reaches the bot as an `adaptiveCard/action` invoke routed by verb. */
export function execute(title: string, verb: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'Action.Execute', title, verb, data, ...extra };
}

/**
 * A section of the card that a button opens and closes (Action.ToggleVisibility), in place of an
 * Action.ShowCard: inputs in a show-card are not sent with the card's other buttons in every client, and
 * these are. `targetId` must be unique within the card.
 *
 * The inputs of a section are never `isRequired`: a button sends, and the client first validates, every
 * input of the whole card (`associatedInputs: auto` walks up to the card, hidden sections included), so an
 * empty required field in a closed section stopped every other button silently (its error is drawn where
 * nobody sees it). "Confirm figures" on a reply card sent nothing while "Reply to the provider" was closed
 * and empty. The server checks each submission and draws the card again with the message beside the field.
 */
export function toggledSection(targetId: string, title: string, items: CardElement[]): { toggle: CardElement; section: CardElement } {
  return {
    toggle: { type: 'Action.ToggleVisibility', title, targetElements: [targetId] },
    section: { type: 'Container', id: targetId, isVisible: false, separator: true, items: items.map(optional) as CardElement[] },
  };
}

/** The element with no input in it required on the client (see `toggledSection`). */
function optional(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(optional);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'isRequired') continue;
    out[k] = k === 'data' ? v : optional(v);
  }
  return out;
}

/**
 * An input id that names the record it belongs to (`weeklyFee_reply12`): several cards of one kind sit in
 * the same chat or thread, and a client must never mix up their inputs. `scopedInputs` reads them back.
 */
export function scopedId(field: string, scope: string): string {
  return `${field}_${scope}`;
}

/** The card's submission with `<field>_<scope>` inputs read back as `<field>` (they win over a bare field of the same name). */
export function scopedInputs(data: Record<string, unknown>, scope: string): Record<string, unknown> {
  const suffix = `_${scope}`;
  const out: Record<string, unknown> = { ...data };
  for (const [k, v] of Object.entries(data)) if (k.endsWith(suffix) && k.length > suffix.length) out[k.slice(0, -suffix.length)] = v;
  return out;
}

/** Buttons inside the body (a toggled section's own Submit, say). */
export function actionSet(actions: CardElement[]): CardElement {
  return { type: 'ActionSet', actions };
}

export type NoticeStyle = 'attention' | 'warning' | 'good' | 'accent';

/** A highlighted message at the top of a card (what happened, or what needs attention). */
export interface CardNotice {
  text: string;
  style: NoticeStyle;
}

export function notice(message: string, style: NoticeStyle = 'attention'): CardElement {
  return { type: 'Container', style, items: [text(message)] };
}

/** A card that only says something; used as the answer to a click that cannot proceed. */
export function messageCard(title: string, message: string, style: NoticeStyle = 'attention'): AdaptiveCard {
  return adaptiveCard([...heading(title), notice(message, style)]);
}

/** A document offered on a card: a short-lived link for this person in personal chat; in a channel, where to ask. */
export type DocumentOffer = { url: string; minutes: number; label: string } | { inChannel: true; command: string; label: string };

export function documentOfferElements(offer: DocumentOffer | undefined): CardElement[] {
  if (!offer) return [];
  if ('inChannel' in offer) {
    return [text(md`To download the ${offer.label}, type **${offer.command}** in your personal chat with me: the link is for you alone.`, { isSubtle: true, size: 'Small' })];
  }
  return [
    {
      type: 'ActionSet',
      actions: [{ type: 'Action.OpenUrl', title: `Download the ${offer.label}`, url: offer.url }],
    },
    text(md`The link works for ${String(offer.minutes)} minutes and only for you; ask again for a new one.`, { isSubtle: true, size: 'Small', spacing: 'None' }),
  ];
}
