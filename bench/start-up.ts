import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { fixedClock } from '../src/domain/clock.js';
import { importProvidersCsv } from '../src/services/import-providers.js';
import { databaseEnv, dropTestDatabase, newTestDatabase } from '../test/support/test-database.js';
import { sideBySide, type Comparison, type ComparisonBenchmark } from './harness.js';
import { providerRegisterCsv } from './provider-import.js';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Polls `url` every 5 ms until it answers 200; the time from spawn to that answer. */
async function spawnUntilReady(args: string[], env: Record<string, string>, url: string): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  try {
    for (;;) {
      if (exited !== undefined) throw new Error(`${args.join(' ').slice(0, 80)} exited with ${exited} before it was ready: ${stderr.slice(0, 400)}`);
      if (performance.now() - start > 60_000) throw new Error(`not ready within 60 s: ${stderr.slice(0, 400)}`);
      const ok = await fetch(url).then((r) => r.ok, () => false);
      if (ok) return performance.now() - start;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    if (exited === undefined) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    }
  }
}

/** The floor: node opens the same database (one query) and listens; ready when it answers. */
const BARE_SQLITE = `const Database=require('better-sqlite3');const db=new Database(process.env.DB_PATH);db.prepare('select count(*) from providers').get();require('http').createServer((q,s)=>s.end('ok')).listen(Number(process.env.PORT),'127.0.0.1')`;
const BARE_PG = `const pg=require('pg');const c=new pg.Client({connectionString:process.env.DATABASE_URL});c.connect().then(()=>c.query('select count(*) from providers')).then(()=>require('http').createServer((q,s)=>s.end('ok')).listen(Number(process.env.PORT),'127.0.0.1'))`;

/** `npm run build`, untimed: the benchmark starts the compiled service, as `npm start` does in production. */
function buildOnce(): void {
  const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed: ${built.stderr.slice(0, 400)}`);
}

/**
 * Process start to ready: the compiled `dist/src/main.js` (what `npm start` runs; built first, untimed)
 * until /readyz answers 200, against `node -e` that opens the same database and listens, on an empty
 * database and on one holding a large register.
 */
export const startUp: ComparisonBenchmark = {
  title: 'Start-up to ready vs node -e that opens the database and listens',
  usesDatabase: true,
  async run({ quick, backend, progress }): Promise<Comparison[]> {
    progress.note('building dist/ (npm run build), untimed');
    buildOnce();
    const rounds = quick ? 1 : 5;
    const sizes = [0, quick ? 5_000 : 20_000];
    const out: Comparison[] = [];
    for (const providers of sizes) {
      const dir = mkdtempSync(join(tmpdir(), 'placement-desk-bench-start-'));
      const location = await newTestDatabase(join(dir, 'placements.db'));
      try {
        if (providers) {
          const db = await openDatabase(location);
          try {
            const result = await importProvidersCsv(db, providerRegisterCsv(providers), { clock: fixedClock('2026-11-01T09:00:00Z'), actorLabel: 'bench' });
            if (!result.ok) throw new Error(result.message);
          } finally {
            await closeDatabase(db);
          }
        }
        const env = {
          ...databaseEnv(location),
          HOST: '127.0.0.1',
          ALLOW_ANONYMOUS_LOCAL: 'true',
          LOG_LEVEL: 'silent',
          NODE_ENV: 'production',
          SMTP_HOST: '127.0.0.1',
          SMTP_PORT: '2525',
          MAIL_FROM: 'Northshire Placements <placements@northshire.example>',
          REPLY_DOMAIN: 'replies.northshire.example',
          REPLY_TOKEN_SECRET: 'bench-reply-token-secret-0123456789abcdef',
        };
        progress.note(`${providers ? `${providers.toLocaleString('en-GB')} providers` : 'empty database'}, ${rounds} rounds`);
        out.push(
          ...(await sideBySide({
            path: `start-up, ${providers ? `${providers.toLocaleString('en-GB')} providers` : 'empty database'}`,
            baselineLabel: 'node -e: open the database, listen',
            rounds,
            metrics: [{ metric: 'to ready', unit: 'ms', better: 'lower' }],
            ours: async () => {
              const port = await freePort();
              return { 'to ready': await spawnUntilReady(['dist/src/main.js'], { ...env, PORT: String(port) }, `http://127.0.0.1:${port}/readyz`) };
            },
            baseline: async () => {
              const port = await freePort();
              return { 'to ready': await spawnUntilReady(['-e', backend === 'pg' ? BARE_PG : BARE_SQLITE], { ...env, PORT: String(port) }, `http://127.0.0.1:${port}/`) };
            },
          })),
        );
      } finally {
        await dropTestDatabase(location);
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return out;
  },
};
