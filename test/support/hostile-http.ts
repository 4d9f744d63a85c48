/**
 * Malformed and hostile requests to /api/messages, each named. `body` gets a valid activity to break
 * (so each case differs from a good request in one way only).
 */
export interface HostileCase {
  name: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  body: (valid: Record<string, any>) => string | Buffer;
}

const json = (value: unknown) => JSON.stringify(value);
const without = (valid: Record<string, any>, key: string) => {
  const { [key]: _, ...rest } = valid;
  return rest;
};

export const MALFORMED_ACTIVITIES: HostileCase[] = [
  { name: 'empty body', body: () => '' },
  { name: 'empty object {}', body: () => '{}' },
  { name: 'no type', body: (v) => json(without(v, 'type')) },
  { name: 'type is a number', body: (v) => json({ ...v, type: 42 }) },
  { name: 'type is null', body: (v) => json({ ...v, type: null }) },
  { name: 'type with markup', body: (v) => json({ ...v, type: '<script>message' }) },
  { name: 'no conversation', body: (v) => json(without(v, 'conversation')) },
  { name: 'conversation without id', body: (v) => json({ ...v, conversation: { conversationType: 'personal' } }) },
  { name: 'conversation is a string', body: (v) => json({ ...v, conversation: 'a:1' }) },
  { name: 'no serviceUrl', body: (v) => json(without(v, 'serviceUrl')) },
  { name: 'serviceUrl that is not a URL', body: (v) => json({ ...v, serviceUrl: 'not a url' }) },
  { name: 'serviceUrl with another scheme', body: (v) => json({ ...v, serviceUrl: 'file:///etc/passwd' }) },
  { name: 'plain-http serviceUrl to another host', body: (v) => json({ ...v, serviceUrl: 'http://connector.evil.example/' }) },
  { name: 'serviceUrl with credentials in it', body: (v) => json({ ...v, serviceUrl: 'https://user:pass@smba.trafficmanager.net/emea/' }) },
  { name: 'no from', body: (v) => json(without(v, 'from')) },
  { name: 'no recipient', body: (v) => json(without(v, 'recipient')) },
  { name: 'no channelId', body: (v) => json(without(v, 'channelId')) },
  { name: 'text that is an object', body: (v) => json({ ...v, text: { toString: 'x' } }) },
  { name: 'invoke without a name', body: (v) => json({ ...v, type: 'invoke', text: undefined, value: {} }) },
  { name: 'card action without an action', body: (v) => json({ ...v, type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: 'approve' }) },
  { name: 'attachments that are not an array', body: (v) => json({ ...v, attachments: { contentType: 'x' } }) },
  { name: 'channelData that is a string', body: (v) => json({ ...v, channelData: 'tenant' }) },
  { name: 'timestamp that is not a date', body: (v) => json({ ...v, timestamp: 'yesterday-ish' }) },
  { name: 'membersAdded entry without id', body: (v) => json({ ...v, type: 'conversationUpdate', membersAdded: [{ name: 'x' }] }) },
  { name: 'array body', body: (v) => json([v]) },
  { name: 'JSON string body', body: () => '"message"' },
  { name: 'JSON null body', body: () => 'null' },
  { name: 'JSON number body', body: () => '42' },
  { name: 'invalid JSON', body: (v) => json(v).slice(0, -7) },
  { name: 'wrong content type (text/plain)', contentType: 'text/plain', body: (v) => json(v) },
  { name: 'no content type', contentType: null, body: (v) => json(v) },
  { name: 'form-encoded body', contentType: 'application/x-www-form-urlencoded', body: () => 'type=message&text=hi' },
  { name: 'huge body (2 MB)', body: (v) => json({ ...v, text: 'x'.repeat(2 * 1024 * 1024) }) },
  { name: 'unsupported charset', contentType: 'application/json; charset=utf-7', body: (v) => json(v) },
  { name: 'gzip header on a plain body', headers: { 'content-encoding': 'gzip' }, body: (v) => json(v) },
  { name: '__proto__ key (prototype pollution)', body: (v) => json(v).replace(/^\{/, '{"__proto__":{"deliveryMode":"expectReplies"},') },
  { name: 'nested 200 levels deep', body: (v) => json({ ...v, value: JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`) }) },
];

/** Nothing about our internals may reach a caller. */
export const INTERNALS =
  /TypeError|ReferenceError|SyntaxError|Cannot read|Cannot connect|undefined|cannot be null|stack|node_modules|\bat [\w.<>]+ \(|botbuilder|req\.body|zod|sqlite|Unexpected token|getaddrinfo|ENOTFOUND|ECONNREFUSED|Invalid URL/i;
