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
    body,
    ...(actions.length ? { actions } : {}),
  };
}

export function heading(text: string, subtle?: string): CardElement[] {
  const blocks: CardElement[] = [{ type: 'TextBlock', text, size: 'Large', weight: 'Bolder', wrap: true, style: 'heading' }];
  if (subtle) blocks.push({ type: 'TextBlock', text: subtle, isSubtle: true, wrap: true, spacing: 'None' });
  return blocks;
}

export function text(value: string, options: Record<string, unknown> = {}): CardElement {
  return { type: 'TextBlock', text: value, wrap: true, ...options };
}

export function facts(pairs: Array<[string, string]>): CardElement {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

export function bullets(lines: string[]): CardElement {
  return text(lines.map((l) => `- ${l}`).join('\n'));
}

/** Action.Execute: the click reaches the bot as an `adaptiveCard/action` invoke routed by verb. */
export function execute(title: string, verb: string, data: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): CardElement {
  return { type: 'Action.Execute', title, verb, data, ...extra };
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
