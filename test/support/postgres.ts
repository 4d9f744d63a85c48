import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real PostgreSQL server for the tests: Debian's `postgresql` package, run unprivileged from a temporary
 * folder on a free loopback port (initdb + pg_ctl), stopped and removed afterwards.
 */
export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:PORT/ */
  baseUrl: string;
  port: number;
  stop(): void;
}

const PG_BIN_DIRS = ['/usr/lib/postgresql/17/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/15/bin'];

export function postgresBinDir(): string | undefined {
  return PG_BIN_DIRS.find((dir) => existsSync(join(dir, 'initdb')));
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed: the PostgreSQL run of the suite needs it (apt-get install -y postgresql).');
  const dir = mkdtempSync(join(tmpdir(), 'placement-desk-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const run = (cmd: string, args: string[]) => {
    const result = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { encoding: 'utf8' }) : spawnSync(join(bin, cmd), args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
  };
  run('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    try {
      run('pg_ctl', ['-D', join(dir, 'data'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`, '-l', join(dir, 'log'), '-w', 'start']);
      return {
        baseUrl: `postgres://postgres@127.0.0.1:${port}/`,
        port,
        stop: () => {
          spawnSync(asRoot ? 'runuser' : join(bin, 'pg_ctl'), asRoot ? ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'fast', 'stop'] : ['-D', join(dir, 'data'), '-m', 'fast', 'stop']);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}
