import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AdmZip from 'adm-zip';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError, type CliContext } from '../../src/cli/command.js';
import { packageAppCommand } from '../../src/cli/commands/package-app.js';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/domain/clock.js';
import { createLogger } from '../../src/logger.js';
import { AppPackageError, BOT_ID_TOKEN, buildAppPackage } from '../../src/teams-package/build-app-package.js';

const MANIFEST_DIR = fileURLToPath(new URL('../../manifest/', import.meta.url));
const SAMPLE_BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const template = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');

type Json = Record<string, any>;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'placement-desk-manifest-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Schema errors from @microsoft/app-manifest. Its typed reader rejects some shapes before the JSON schema
 * runs (it throws instead of returning errors); both count as "invalid".
 */
async function validate(manifest: Json): Promise<string[]> {
  const file = join(dir, `manifest-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(manifest));
  try {
    const [, errors] = await AppManifestUtils.readAndValidateTeamsManifest(file);
    return errors;
  } catch (err) {
    return [err instanceof Error ? err.message : String(err)];
  }
}

function sampleManifest(): Json {
  return JSON.parse(template.split(BOT_ID_TOKEN).join(SAMPLE_BOT_ID)) as Json;
}

function decodePng(path: string): PNG {
  return PNG.sync.read(readFileSync(path));
}

describe('Teams app manifest', () => {
  it('uses a current official schema that @microsoft/app-manifest bundles, so validation runs offline', () => {
    const manifest = sampleManifest();
    const match = /^https:\/\/developer\.microsoft\.com\/json-schemas\/teams\/v(1\.(\d+))\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema);
    expect(match, manifest.$schema).not.toBeNull();
    expect(Number(match![2])).toBeGreaterThanOrEqual(19);
    expect(manifest.manifestVersion).toBe(match![1]);
    // The library loads a bundled schema when the file exists and only fetches otherwise.
    const pkgDir = dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json'));
    expect(existsSync(join(pkgDir, 'build/json-schemas/teams', `v${match![1]}`, 'MicrosoftTeams.schema.json'))).toBe(true);
  });

  it('validates against its schema once the bot id is filled in', async () => {
    expect(await validate(sampleManifest())).toEqual([]);
  });

  it('declares the bot, its scopes and commands, and uses the bot id as the app id', () => {
    const manifest = JSON.parse(template) as Json;
    expect(manifest.id).toBe(BOT_ID_TOKEN);
    expect(manifest.name.short).toBe('Placement Desk');
    expect(manifest.developer.name).toBe('Placement Desk');
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(manifest.validDomains).toEqual([]);
    expect(manifest.bots).toHaveLength(1);
    const bot = manifest.bots[0];
    expect(bot.botId).toBe(BOT_ID_TOKEN);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
    const titles = (scope: string) =>
      bot.commandLists.find((l: Json) => l.scopes.includes(scope)).commands.map((c: Json) => c.title);
    expect(titles('personal')).toEqual(['help', 'whoami', 'new request', 'my requests', 'appraise', 'evidence']);
    expect(titles('team')).toEqual(['help', 'use this channel for approvals']);
    for (const list of bot.commandLists) for (const c of list.commands) expect(c.description.length).toBeGreaterThan(10);
  });

  it('is reported invalid when a field breaks the schema (the validator really validates)', async () => {
    const badColour = sampleManifest();
    badColour.accentColor = 'teal';
    expect((await validate(badColour)).join('\n')).toMatch(/\/accentColor/);

    const badId = sampleManifest();
    badId.id = 'placement-desk';
    expect((await validate(badId)).join('\n')).toMatch(/\/id .*pattern/);

    const longDescription = sampleManifest();
    longDescription.description.short = 'x'.repeat(81);
    expect((await validate(longDescription)).join('\n')).toMatch(/\/description\/short/);

    const badScope = sampleManifest();
    badScope.bots[0].scopes = ['everyone'];
    expect(await validate(badScope)).not.toEqual([]);

    // The unfilled template itself is not a valid manifest: packaging must substitute the id.
    expect((await validate(JSON.parse(template) as Json)).join('\n')).toMatch(/\/id /);
  });
});

describe('Teams app icons', () => {
  it('color.png is a 192×192 full-colour icon', () => {
    const png = decodePng(join(MANIFEST_DIR, 'color.png'));
    expect([png.width, png.height]).toEqual([192, 192]);
    const colours = new Set<string>();
    for (let i = 0; i < png.data.length; i += 4) colours.add(png.data.subarray(i, i + 3).join(','));
    expect(colours.has('15,118,110')).toBe(true); // the accent colour tile
    expect(colours.has('255,255,255')).toBe(true); // the glyph
  });

  it('outline.png is 32×32 and every pixel is transparent or white', () => {
    const png = decodePng(join(MANIFEST_DIR, 'outline.png'));
    expect([png.width, png.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaqueWhite = 0;
    const offenders: string[] = [];
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b, a] = png.data.subarray(i, i + 4);
      if (a === 0) transparent++;
      else if (r === 255 && g === 255 && b === 255) {
        if (a === 255) opaqueWhite++;
      } else offenders.push(`pixel ${i / 4}: rgba(${r},${g},${b},${a})`);
    }
    expect(offenders).toEqual([]);
    // A real glyph on a real transparent background, not an empty or solid square.
    expect(transparent).toBeGreaterThan(100);
    expect(opaqueWhite).toBeGreaterThan(100);
  });
});

describe('app package', () => {
  it('zips manifest.json and both icons at the root, with the bot id filled in everywhere', async () => {
    const outFile = join(dir, 'nested', 'app.zip');
    const pkg = buildAppPackage({ botId: SAMPLE_BOT_ID, outFile });
    expect(pkg.outFile).toBe(outFile);

    const zip = new AdmZip(outFile);
    expect(zip.getEntries().map((e) => e.entryName).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifestText = zip.readAsText('manifest.json');
    expect(manifestText).not.toContain('${{');
    const manifest = JSON.parse(manifestText) as Json;
    expect(manifest.id).toBe(SAMPLE_BOT_ID);
    expect(manifest.bots[0].botId).toBe(SAMPLE_BOT_ID);
    expect(zip.readFile('color.png')).toEqual(readFileSync(join(MANIFEST_DIR, 'color.png')));
    expect(zip.readFile('outline.png')).toEqual(readFileSync(join(MANIFEST_DIR, 'outline.png')));
    expect(await validate(manifest)).toEqual([]);
  });

  it('refuses a bot id that is not a GUID', () => {
    const outFile = join(dir, 'app.zip');
    expect(() => buildAppPackage({ botId: 'my-bot', outFile })).toThrow(
      expect.objectContaining({ code: 'APP_PACKAGE_BOT_ID_INVALID', userMessage: expect.stringContaining('"my-bot" is not a GUID') }),
    );
    expect(existsSync(outFile)).toBe(false);
  });

  it('refuses a manifest folder with a missing icon or an unknown placeholder', () => {
    const copy = (name: string, manifestText: string, icons: string[]) => {
      const to = join(dir, name);
      mkdirSync(to);
      writeFileSync(join(to, 'manifest.json'), manifestText);
      for (const icon of icons) writeFileSync(join(to, icon), readFileSync(join(MANIFEST_DIR, icon)));
      return to;
    };
    const attempt = (manifestDir: string) => {
      try {
        buildAppPackage({ botId: SAMPLE_BOT_ID, outFile: join(dir, 'app.zip'), manifestDir });
      } catch (err) {
        return err;
      }
      throw new Error('expected buildAppPackage to fail');
    };

    const missing = attempt(copy('partial', template, ['color.png']));
    expect(missing).toBeInstanceOf(AppPackageError);
    expect(missing).toMatchObject({ code: 'APP_PACKAGE_FILE_MISSING', userMessage: expect.stringContaining('outline.png') });

    const unresolved = attempt(copy('token', template.replace('"Placement Desk"', '"${{APP_NAME}}"'), ['color.png', 'outline.png']));
    expect(unresolved).toMatchObject({ code: 'APP_PACKAGE_TEMPLATE_UNRESOLVED', userMessage: expect.stringContaining('${{APP_NAME}}') });
    expect(existsSync(join(dir, 'app.zip'))).toBe(false);
  });
});

describe('package-app command', () => {
  function context(env: Record<string, string> = {}) {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CliContext = {
      config: loadConfig(env),
      db: () => {
        throw new Error('package-app must not open the database');
      },
      log: createLogger('silent', undefined),
      clock: systemClock,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      progress: () => {},
    };
    return { ctx, out, err };
  }

  it('takes the bot id from BOT_ID by default and prints where the zip is', async () => {
    const { ctx, out, err } = context({ BOT_ID: SAMPLE_BOT_ID, BOT_PASSWORD: 'secret', BOT_TENANT_ID: '9188040d-6c67-4c5b-b112-36a304b66dad' });
    const outFile = join(dir, 'from-config.zip');
    expect(await packageAppCommand.run(ctx, ['--out', outFile])).toBe(0);
    expect(out).toEqual([outFile]);
    expect(err.join('\n')).toContain(SAMPLE_BOT_ID);
    expect((JSON.parse(new AdmZip(outFile).readAsText('manifest.json')) as Json).id).toBe(SAMPLE_BOT_ID);
  });

  it('prefers --bot-id over the configured one', async () => {
    const other = 'a1b2c3d4-0000-4000-8000-00000000abcd';
    const { ctx } = context({ BOT_ID: SAMPLE_BOT_ID, BOT_PASSWORD: 'secret', BOT_TENANT_ID: '9188040d-6c67-4c5b-b112-36a304b66dad' });
    const outFile = join(dir, 'flag.zip');
    expect(await packageAppCommand.run(ctx, [`--bot-id=${other}`, '--out', outFile])).toBe(0);
    expect((JSON.parse(new AdmZip(outFile).readAsText('manifest.json')) as Json).bots[0].botId).toBe(other);
  });

  it('explains what to do when there is no bot id, or it is not a GUID', async () => {
    const { ctx } = context();
    await expect(packageAppCommand.run(ctx, ['--out', join(dir, 'x.zip')])).rejects.toThrow(UsageError);
    await expect(packageAppCommand.run(ctx, ['--out', join(dir, 'x.zip')])).rejects.toThrow(/--bot-id .*BOT_ID/);
    await expect(packageAppCommand.run(ctx, ['--bot-id', 'nope', '--out', join(dir, 'x.zip')])).rejects.toThrow(
      expect.objectContaining({ code: 'CLI_USAGE', message: expect.stringContaining('"nope" is not a GUID') }),
    );
    await expect(packageAppCommand.run(ctx, ['--bot-id', SAMPLE_BOT_ID, '--colour', 'red'])).rejects.toThrow(/Unknown option --colour/);
    expect(existsSync(join(dir, 'x.zip'))).toBe(false);
  });
});
