import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Logger } from '../logger.js';
import { projectPath } from '../project-root.js';

export const PLAYGROUND_CONFIG = projectPath('.m365agentsplayground.yml');

export interface PlaygroundPerson {
  id: string;
  name: string;
  aadObjectId: string;
  [key: string]: unknown;
}

export interface PlaygroundConfig {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundPerson;
  users: PlaygroundPerson[];
  personalChat: { id: string };
  team: { id: string; name: string; channels: Array<{ id: string; name: string }> };
  [key: string]: unknown;
}

export function readPlaygroundConfig(path = PLAYGROUND_CONFIG): PlaygroundConfig {
  return parse(readFileSync(path, 'utf8')) as PlaygroundConfig;
}

/**
 * The Playground always acts as `currentUser`. To act as someone else, swap them with one of the five
 * `users` (the count must stay five) and write the result beside the database.
 */
export function configActingAs(config: PlaygroundConfig, who: string): PlaygroundConfig {
  const everyone = [config.currentUser, ...config.users];
  const needle = who.toLowerCase();
  const chosen = everyone.find(
    (p) => p.aadObjectId.toLowerCase() === needle || p.id.toLowerCase() === needle || p.name.toLowerCase().split(' ').includes(needle) || p.name.toLowerCase() === needle,
  );
  if (!chosen) {
    throw new Error(`No Playground user matches "${who}". Choose one of: ${everyone.map((p) => p.name).join(', ')}.`);
  }
  return { ...config, currentUser: chosen, users: everyone.filter((p) => p !== chosen) };
}

export function writeConfig(config: PlaygroundConfig, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const path = resolve(dir, `playground-${config.currentUser.aadObjectId}.yml`);
  writeFileSync(path, stringify(config));
  return path;
}

/**
 * Starts Microsoft's Agents Playground pointed at the bot. Resolves with the port it really listens on
 * (it silently picks another when the requested one is taken).
 */
export function startPlayground(opts: {
  botEndpoint: string;
  port: number;
  configPath: string;
  log: Logger;
}): Promise<{ port: number; child: ChildProcess }> {
  const require = createRequire(import.meta.url);
  const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
  // It acts as anyone in the council without a password: reachable from this machine only.
  const loopbackOnly = projectPath('src/dev/loopback-only.cjs');
  const child = spawn(
    process.execPath,
    ['--require', loopbackOnly, cli, '--app-endpoint', opts.botEndpoint, '--channel-id', 'msteams', '--port', String(opts.port), '--disable-telemetry'],
    {
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: opts.configPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolvePort, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`The Agents Playground did not start: ${output.slice(-500)}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Listening on (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePort({ port: Number(m[1]), child });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `The Agents Playground exited (code ${code}). Its log is in devTools/m365agentsplayground.log; a common cause is a config that does not list exactly five users.`,
        ),
      );
    });
  });
}
