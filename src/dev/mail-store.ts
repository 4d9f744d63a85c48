import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';

/**
 * Dev mode keeps every outgoing message as an .eml file under `<MAIL_STORE_DIR>/sent/`, so a person can
 * read what providers would have received. File names are a UTC timestamp and a random suffix, never
 * anything from the message: a subject carries a reference, and a file listing must not.
 */

export function sentMailDir(storeDir: string): string {
  return join(storeDir, 'sent');
}

/** '20261126T102233123Z-9f3a1c2b.eml': sorts by time of receipt. */
export function savedMailFileName(at: Date, random: () => string = () => randomBytes(4).toString('hex')): string {
  return `${at.toISOString().replace(/[-:.]/g, '')}-${random()}.eml`;
}

export interface SavedMail {
  file: string;
  path: string;
  /** The Date header, or the time the file name records when the header is missing or unreadable. */
  date: Date;
  from: string;
  to: string[];
  replyTo: string | null;
  subject: string;
  messageId: string | null;
}

const FILE_NAME = /^(\d{8}T\d{9}Z)-[0-9a-f]+\.eml$/;

/** Every saved message, newest first. An absent folder is an empty list. */
export async function listSavedMail(storeDir: string): Promise<SavedMail[]> {
  const dir = sentMailDir(storeDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files = names.filter((n) => FILE_NAME.test(n)).sort().reverse();
  const out: SavedMail[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const parsed = await simpleParser(await readFile(path));
    out.push({
      file,
      path,
      date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : timeFromFileName(file),
      from: addresses(parsed.from).join(', '),
      to: addresses(parsed.to),
      replyTo: addresses(parsed.replyTo).join(', ') || null,
      subject: parsed.subject ?? '',
      messageId: parsed.messageId ?? null,
    });
  }
  return out;
}

/** The plain-text part of a saved message (mailparser derives it from the HTML when there is none). */
export async function readSavedMailText(path: string): Promise<string> {
  return (await simpleParser(await readFile(path))).text ?? '';
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((o) => o.value.map((a) => a.address ?? a.name));
}

function timeFromFileName(file: string): Date {
  const m = FILE_NAME.exec(file)!;
  const t = m[1]!;
  return new Date(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13, 15)}.${t.slice(15, 18)}Z`);
}
