import { loadCouncilAreas } from '../../db/repositories/regional.js';
import { createHistoryWriter, databaseContents, fastBulkWrites } from '../../db/repositories/synthetic-history.js';
import { calendarDateOf } from '../../domain/calendar-date.js';
import { GENERATOR_VERSION, MAX_COUNCILS, planHistory } from '../../domain/synthetic-history.js';
import type { ServiceDeps } from '../deps.js';

export interface DemoHistoryOptions {
  councils: number;
  placements: number;
  years?: number;
  seed?: number;
  /** Referrals per FPS request on average (the benchmarks raise it to reach a million offers). */
  referralsPerRequest?: number;
  progress?: (done: number, total: number) => void;
}

export type DemoHistoryResult =
  | { ok: true; councils: number; councilsCreated: number; providers: number; placements: number; offers: number; seconds: number }
  | { ok: false; message: string };

const REQUESTS_PER_TRANSACTION = 2000;

/**
 * `demo-history`: fills a database with a synthetic history of the regional FPS. Refused on a database
 * that holds real data (any council or provider not marked demo or synthetic), and on one that already
 * has a synthetic history. Demo councils (dev mode) take part first, with their areas; the rest of the
 * region is made of synthetic councils named after the North West authorities and marked "(synthetic)",
 * with codes SYN-<LA code>, so none can be mistaken for a demo or real council. Synthetic requests are
 * finished (placed or closed), carry SYN-… references that never collide with PR-… ones, and belong to
 * inactive synthetic staff, so they never appear in anyone's "my requests".
 */
export async function generateDemoHistory(deps: ServiceDeps, options: DemoHistoryOptions): Promise<DemoHistoryResult> {
  if (!Number.isInteger(options.councils) || options.councils < 1 || options.councils > MAX_COUNCILS) {
    return { ok: false, message: `--councils must be a whole number from 1 to ${MAX_COUNCILS} (the North West authorities).` };
  }
  if (!Number.isInteger(options.placements) || options.placements < 1 || options.placements > 1_000_000) {
    return { ok: false, message: '--placements must be a whole number from 1 to 1,000,000.' };
  }
  const years = options.years ?? 5;
  if (!Number.isInteger(years) || years < 1 || years > 10) return { ok: false, message: '--years must be a whole number from 1 to 10.' };
  const contents = await databaseContents(deps.db);
  if (contents.realCouncils || contents.realProviders) {
    return {
      ok: false,
      message:
        `Refused: this database holds real data (${contents.realCouncils} council(s) and ${contents.realProviders} provider(s) not marked as demo or synthetic). ` +
        'Synthetic history would mix with real figures. Run demo-history on an empty database (set DB_PATH to a new file).',
    };
  }
  if (contents.syntheticDatasets || contents.syntheticRequests) {
    return { ok: false, message: 'Refused: this database already holds a synthetic history. Start from a new database file to make another.' };
  }
  const started = Date.now();
  const existingCouncils = (await loadCouncilAreas(deps.db))
    .filter((c) => c.origin === 'demo')
    .map((c) => ({ code: c.code, name: c.name, areaCodes: c.areaCodes }));
  const seed = options.seed ?? 20_250_901;
  const plan = planHistory({ seed, today: calendarDateOf(deps.clock.now()), placements: options.placements, councils: options.councils, years, existingCouncils, referralsPerRequest: options.referralsPerRequest });
  const writer = createHistoryWriter(deps.db, plan.providers);
  const restoreSettings = fastBulkWrites(deps.db);
  let offers = 0;
  let done = 0;
  try {
    await writer.batch(async () => {
      for (const c of plan.councils) await writer.council(c);
      for (const p of plan.providers) await writer.provider(p);
    });
    const requests = plan.requests();
    let finished = false;
    while (!finished) {
      await writer.batch(async () => {
        for (let i = 0; i < REQUESTS_PER_TRANSACTION; i++) {
          const next = requests.next();
          if (next.done) {
            finished = true;
            return;
          }
          offers += (await writer.request(next.value)).offers;
          done++;
        }
      });
      options.progress?.(done, options.placements);
    }
    (await writer.batch(async () => writer.finish({ createdAt: deps.clock.now().toISOString(), seed, councils: plan.councils.length, placements: done, offers, generatorVersion: GENERATOR_VERSION })));
  } finally {
    restoreSettings();
  }
  return {
    ok: true,
    councils: plan.councils.length,
    councilsCreated: plan.councils.filter((c) => !c.existing).length,
    providers: plan.providers.length,
    placements: done,
    offers,
    seconds: (Date.now() - started) / 1000,
  };
}
