import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import AdmZip from 'adm-zip';
import { projectPath } from '../project-root.js';

/** The template token in manifest/manifest.json that stands for the bot's Microsoft App ID. */
export const BOT_ID_TOKEN = '${{BOT_ID}}';

/** The files Teams expects at the root of an app package; the icon names match manifest.json `icons`. */
export const APP_PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

export const DEFAULT_MANIFEST_DIR = `${projectPath('manifest')}/`;

const GUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;

export type AppPackageErrorCode = 'APP_PACKAGE_BOT_ID_INVALID' | 'APP_PACKAGE_FILE_MISSING' | 'APP_PACKAGE_TEMPLATE_UNRESOLVED';

export class AppPackageError extends Error {
  constructor(
    readonly code: AppPackageErrorCode,
    readonly userMessage: string,
  ) {
    super(userMessage);
  }
}

export interface BuildAppPackageOptions {
  /** The bot's Microsoft App ID (a GUID); it is also used as the Teams app id. */
  botId: string;
  outFile: string;
  manifestDir?: string;
}

export interface AppPackage {
  outFile: string;
  /** The manifest as written into the zip. */
  manifest: Record<string, unknown>;
  entries: string[];
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/**
 * Writes the Teams app zip: manifest.json with the bot id filled in, and both icons, at the root.
 * Substitution is textual so every occurrence of the token (app `id`, `bots[].botId`) gets the same value.
 */
export function buildAppPackage({ botId, outFile, manifestDir = DEFAULT_MANIFEST_DIR }: BuildAppPackageOptions): AppPackage {
  if (!isGuid(botId)) {
    throw new AppPackageError(
      'APP_PACKAGE_BOT_ID_INVALID',
      `The bot id "${botId}" is not a GUID. Use the Microsoft App ID of the bot's Entra app registration, e.g. 00000000-0000-0000-0000-000000000000.`,
    );
  }
  const files = APP_PACKAGE_FILES.map((name) => {
    const path = join(manifestDir, name);
    if (!existsSync(path)) {
      throw new AppPackageError('APP_PACKAGE_FILE_MISSING', `The app package needs ${path}, which does not exist.`);
    }
    return { name, content: readFileSync(path) };
  });

  const template = files[0]!.content.toString('utf8');
  const manifestText = template.split(BOT_ID_TOKEN).join(botId);
  const leftover = /\$\{\{\s*([A-Za-z0-9_]+)\s*\}\}/.exec(manifestText);
  if (leftover) {
    throw new AppPackageError(
      'APP_PACKAGE_TEMPLATE_UNRESOLVED',
      `manifest.json still contains the placeholder ${leftover[0]}; only ${BOT_ID_TOKEN} is filled in when packaging.`,
    );
  }
  const manifest = JSON.parse(manifestText) as Record<string, unknown>;

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(manifestText, 'utf8'));
  for (const { name, content } of files.slice(1)) zip.addFile(name, content);

  const target = resolve(outFile);
  mkdirSync(dirname(target), { recursive: true });
  zip.writeZip(target);
  return { outFile: target, manifest, entries: zip.getEntries().map((e) => e.entryName) };
}
