import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { cardText, findAction } from './driver.js';

export interface PlaygroundFrame {
  action: 'createMessage' | 'updateMessage' | string;
  actionConversationId?: string;
  message: Record<string, any>;
}

/**
 * Runs `npm run dev`'s entry point as a child process (bot + Agents Playground) on free ports with a
 * fresh database, and drives the Playground through its own HTTP and WebSocket API.
 */
export async function startDevMode(args: string[] = [], options: { dir?: string } = {}) {
  // A given folder (its database and mail) is kept on stop, so a later start carries on as another person.
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'placement-desk-dev-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/dev.ts', ...args], {
    env: { ...process.env, DB_PATH: join(dir, 'placements.db'), MAIL_STORE_DIR: join(dir, 'mail'), PORT: '0', PLAYGROUND_PORT: '0', SMTP_PORT: '0', IMAP_PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (b) => (output += String(b)));
  child.stderr!.on('data', (b) => (output += String(b)));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev mode did not start:\n${output}`)), 90_000);
    const check = () => {
      const m = /Open http:\/\/localhost:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`dev mode exited with ${code}:\n${output}`)));
  });

  const frames: PlaygroundFrame[] = [];
  const ws = new WebSocket(`ws://localhost:${port}/_ws_conversation/v1/conversations/stream`);
  ws.on('message', (m) => frames.push(JSON.parse(String(m))));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });

  return {
    port,
    dir,
    get output() {
      return output;
    },
    frames,
    async send(conversationId: string, body: Record<string, unknown>) {
      const res = await fetch(`http://localhost:${port}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ textFormat: 'plain', ...body }),
      });
      return { status: res.status, body: await res.json() };
    },
    /** Clicks an Action.Execute button the way the Playground's page does; returns the card that replaces it. */
    async invoke(conversationId: string, replyToId: string, verb: string, data: Record<string, unknown>, from = 'user-alex') {
      const res = await fetch(`http://localhost:${port}/_conversation/v1/invoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'adaptiveCard/action', from: { id: from }, conversation: { id: conversationId }, replyToId, value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' } }),
      });
      const body = (await res.json()) as { value?: unknown };
      return body.value as Record<string, unknown>;
    },
    /**
     * Types `as <name>` in dev mode's terminal: the Playground starts again as that person, the bot and its
     * database carry on. Resolves with the Playground's port once it listens (the page must be opened again).
     */
    async switchTo(name: string): Promise<number> {
      const before = output.length;
      child.stdin!.write(`as ${name}\n`);
      const start = Date.now();
      for (;;) {
        const m = /Open http:\/\/localhost:(\d+) to chat with the bot as ([^.]+)\./.exec(output.slice(before));
        if (m) return Number(m[1]);
        if (Date.now() - start > 60_000) throw new Error(`the Playground did not start again as ${name}:\n${output.slice(before)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async waitFor(predicate: (f: PlaygroundFrame) => boolean, timeoutMs = 15_000): Promise<PlaygroundFrame> {
      const start = Date.now();
      for (;;) {
        const hit = frames.find(predicate);
        if (hit) return hit;
        if (Date.now() - start > timeoutMs) throw new Error(`no matching Playground frame; got ${frames.length}: ${JSON.stringify(frames).slice(0, 2000)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      ws.close();
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type DevMode = Awaited<ReturnType<typeof startDevMode>>;

/** Alex's personal chat with the bot in the Playground. */
export const PERSONAL_CHAT = 'placement-desk-personal-chat';

/** Dev mode runs on the real clock, so the dates a test enters are relative to today. */
export const daysFromNow = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Alex's request through the Playground's API (the page's date pop-ups cannot be typed into): `new request`,
 * then each step's answers with its Next button (the fourth step's with Review request). Returns the card
 * shown then and the message every later click on that card goes to.
 */
export async function answerRequestSteps(dev: DevMode, answers: ReadonlyArray<Record<string, string>>): Promise<{ messageId: string; card: unknown }> {
  await dev.send(PERSONAL_CHAT, { from: { id: 'user-alex' }, text: 'new request' });
  const first = await dev.waitFor((f) => f.action === 'createMessage' && cardText(f.message).includes('Step 1 of 4'));
  const messageId = String(first.message.messageId);
  let card: unknown = first.message.attachments[0].content;
  for (const [i, answer] of answers.entries()) {
    card = await dev.invoke(PERSONAL_CHAT, messageId, 'request.step', { ...findAction(card, 'request.step', i === 3 ? 'Review request' : 'Next').data, ...answer });
  }
  return { messageId, card };
}
