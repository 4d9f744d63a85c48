import { describe, expect, it } from 'vitest';
import type { PlacementRequestRow } from '../../src/db/repositories/placement-requests.js';
import type { ProviderReplyRow } from '../../src/db/repositories/replies.js';
import { understandReplyText } from '../../src/domain/reply-understanding.js';
import { replyCard } from '../../src/teams/cards/replies.js';
import { providerWords } from '../../src/teams/cards/card.js';
import { cardText } from '../support/driver.js';
import { validateAdaptiveCard } from '../support/cards.js';

/** The reply card shows where each conclusion came from, and the provider's words only ever as inert text. */

const request = { id: 1, reference: 'PR-2026-0042' } as PlacementRequestRow;
const provider = { name: 'Larkfield School', ofstedGrade: 'Good', inspectionDate: null };

const TEXT = [
  'We can meet her needs and would be pleased to offer a place from 6 September 2027. See [our fees](https://evil.example/pay) or www.evil.example, or mail fees@evil.example.',
  'The weekly fee is £3,450 for a 38-week placement. **Transport** is £95 per session.',
].join('\n');

function replyRow(): ProviderReplyRow {
  const u = understandReplyText({ text: TEXT, referenceDate: new Date('2026-11-12T10:00:00Z') });
  return {
    id: 7,
    councilId: 1,
    requestId: 1,
    referralId: 3,
    providerId: 'FPS-2001',
    inboundMessageId: 9,
    supersedesReplyId: null,
    kind: u.kind,
    status: 'needs_confirmation',
    extracted: { ...u },
    confidence: Math.round(u.confidence * 100),
    replyText: TEXT,
    attachments: [],
    createdAt: '2026-11-12T10:00:00.000Z',
  };
}

type Node = Record<string, unknown>;
function elements(node: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(node)) node.forEach((n) => elements(n, out));
  else if (node && typeof node === 'object') {
    const obj = node as Node;
    if (typeof obj.type === 'string') out.push(obj);
    Object.values(obj).forEach((v) => elements(v, out));
  }
  return out;
}

describe('reply card', () => {
  const card = replyCard(request, replyRow(), provider);

  it('is a valid Adaptive Card for Teams (1.5)', () => {
    expect(card.version).toBe('1.5');
    expect(validateAdaptiveCard(card)).toEqual([]);
  });

  it('shows, for each conclusion, the sentence it came from', () => {
    const text = cardText(card);
    expect(text).toContain('Where I read it');
    expect(text).toContain('Can meet needs: ');
    expect(text).toContain('“We can meet her needs and would be pleased to offer a place from 6 September 2027.');
    expect(text).toContain('Weekly fee: ');
    expect(text).toContain('“The weekly fee is £3,450 for a 38-week placement.');
    expect(text).toContain('Earliest start: ');
  });

  it('never lets provider text become Markdown or a link: it is in TextRuns, with addresses broken up', () => {
    const all = elements(card);
    const textBlocks = all.filter((e) => e.type === 'TextBlock').map((e) => String(e.text));
    for (const block of textBlocks) {
      expect(block).not.toContain('evil.example');
      expect(block).not.toContain('**Transport**');
    }
    const runs = all.filter((e) => e.type === 'TextRun').map((e) => String(e.text));
    const reply = runs.find((r) => r.includes('[our fees]'))!;
    expect(reply).toContain('[our fees](https:\u200B//evil.example/pay)');
    expect(reply).toContain('www\u200B.evil.example');
    expect(reply).toContain('fees\u200B@evil.example');
    expect(runs.some((r) => r.includes('**Transport**'))).toBe(true);
  });

  it('says why a figure was left empty, in plain text too', () => {
    const doubts = elements(card).filter((e) => e.type === 'Container' && e.style === 'warning');
    expect(doubts).toHaveLength(1);
    expect(cardText(doubts[0])).toMatch(/Add-ons a week left empty: \*\*Transport\*\*: £95 a session is quoted but not how many sessions a week/);
    expect(elements(doubts[0]).some((e) => e.type === 'TextBlock')).toBe(false);
  });

  it('says how the reply arrived: by e-mail, on the reply page, as a correction, or corrected since', () => {
    expect(cardText(replyCard(request, replyRow(), provider, { arrival: { onReplyPage: false } }))).toContain('Arrived by e-mail.');
    expect(cardText(replyCard(request, replyRow(), provider, { arrival: { onReplyPage: true } }))).toContain('Submitted by the provider on the reply page.');
    const correction = replyCard(request, replyRow(), provider, { arrival: { onReplyPage: true, correctsSentAt: '2026-11-30T11:00:00.000Z' } });
    expect(cardText(correction)).toContain("Correction submitted on the reply page: it replaces the provider's answer of 30 November 2026.");
    const superseded = replyCard(request, replyRow(), provider, { arrival: { onReplyPage: true, supersededAt: '2026-12-02T09:30:00.000Z' } });
    expect(cardText(superseded)).toContain('The provider corrected this answer on the reply page on 2 December 2026');
    expect(validateAdaptiveCard(superseded)).toEqual([]);
  });

  it('providerWords leaves ordinary text alone', () => {
    expect(providerWords('We can offer a place at £3,450 per week.')).toBe('We can offer a place at £3,450 per week.');
  });
});
