import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { isLoopback } from '../config.js';

/**
 * What a Bot Framework activity must look like before the bot spends any work on it (token
 * verification included). Anything else is answered 400 with a generic message: the reason is logged,
 * never echoed. Unknown fields pass through (Teams adds new ones); known ones must have their type.
 */

const MAX_DEPTH = 64;
/** JSON as RFC 8259 has it: UTF-8 (the charset parameter, if any, must say so). Other charsets (UTF-7!) are refused. */
const JSON_UTF8 = /^application\/json\s*(?:;\s*charset="?utf-8"?\s*)?$/i;

const text = (max: number) => z.string().max(max).nullish();
const id = z.string().min(1).max(1024);

const account = z
  .object({ id, name: text(1024), aadObjectId: text(128), role: text(64) })
  .passthrough();

const conversation = z
  .object({ id, conversationType: text(64), tenantId: text(128), isGroup: z.boolean().nullish(), name: text(1024) })
  .passthrough();

/** https anywhere; plain http only to this machine (a local connector or the Agents Playground). */
export function isAcceptableServiceUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopback(url.hostname.replace(/^\[|\]$/g, ''));
}

const timestamp = z
  .string()
  .max(64)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a date')
  .nullish();

/** An Action.Execute click (Teams' Universal Actions): what teams-ai routes by. */
const cardAction = z
  .object({
    action: z.object({ type: z.string().max(64), verb: z.string().max(256), data: z.unknown().optional() }).passthrough(),
    trigger: text(32),
  })
  .passthrough();

const activitySchema = z
  .object({
    type: z.string().regex(/^[A-Za-z]{1,64}$/),
    id: text(1024),
    channelId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
    serviceUrl: z.string().max(2048).refine(isAcceptableServiceUrl, 'not an acceptable service URL'),
    from: account,
    recipient: account,
    conversation,
    text: text(100_000),
    textFormat: text(32),
    locale: text(64),
    replyToId: text(1024),
    name: text(256),
    deliveryMode: text(32),
    timestamp,
    localTimestamp: timestamp,
    expiration: timestamp,
    attachments: z.array(z.object({ contentType: z.string().max(256) }).passthrough()).max(50).nullish(),
    entities: z.array(z.object({ type: z.string().max(128) }).passthrough()).max(100).nullish(),
    channelData: z.record(z.unknown()).nullish(),
    membersAdded: z.array(account).max(1000).nullish(),
    membersRemoved: z.array(account).max(1000).nullish(),
  })
  .passthrough()
  .superRefine((a, ctx) => {
    if (a.type === 'invoke' && !a.name) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['name'], message: 'an invoke needs a name' });
    if (a.type === 'invoke' && a.name === 'adaptiveCard/action' && !cardAction.safeParse(a.value).success) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['value'], message: 'a card action needs value.action with a type and a verb' });
    }
  });

export type IncomingActivityResult = { ok: true; activity: Activity } | { ok: false; reason: string };

/** Keys that would change an object's prototype when botbuilder copies the activity, and nesting beyond any real activity. */
function hostileShape(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return 'nested too deeply';
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = hostileShape(item, depth + 1);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return 'carries a __proto__ key';
      const found = hostileShape((value as Record<string, unknown>)[key], depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Checks the parsed body of a POST to /api/messages. `body` is whatever express.json produced: undefined
 * when the content type was not JSON. The activity returned is the body itself with its timestamps as
 * dates (as botbuilder's own reader does), so nothing the channel sent is lost.
 */
export function readIncomingActivity(contentType: string | undefined, body: unknown): IncomingActivityResult {
  if (!contentType || !JSON_UTF8.test(contentType)) return { ok: false, reason: 'content type is not application/json in UTF-8' };
  if (body === undefined || body === null) return { ok: false, reason: 'empty body' };
  if (typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'body is not a JSON object' };
  const hostile = hostileShape(body);
  if (hostile) return { ok: false, reason: `body ${hostile}` };
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: `${issue.path.join('.') || 'activity'}: ${issue.message}`.slice(0, 200) };
  }
  const activity = body as Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const raw = activity[field];
    if (typeof raw === 'string') {
      activity[`raw${field[0]!.toUpperCase()}${field.slice(1)}`] = raw;
      activity[field] = new Date(raw);
    }
  }
  return { ok: true, activity: activity as unknown as Activity };
}
