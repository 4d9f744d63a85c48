import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite in WAL mode copies the log back into the database (a checkpoint) when it passes 1,000 pages, inside the
 * COMMIT that crossed the mark, and a checkpoint waits for the disk twice (the log, then the database). On
 * better-sqlite3 that COMMIT runs on the event loop: on the shared disk here one checkpoint stalled every turn in
 * flight for 20–400 ms (issue 17, `turns`). So each database file also gets a connection on one worker thread of
 * the process that checkpoints it every CHECKPOINT_INTERVAL_MS, PASSIVE (it never waits for, nor blocks, a
 * reader or writer), and the log rarely reaches the mark. The connection's own automatic checkpoint stays on as
 * the fallback should the worker ever stop.
 */
const CHECKPOINT_INTERVAL_MS = 200;

/** Plain CommonJS so the worker runs however the process was started (tsx or built). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const open = new Map();
setInterval(() => {
  for (const db of open.values()) {
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* the connection's own checkpoint remains */ }
  }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m.type === 'add') {
    try { open.set(m.id, new Database(m.path, { fileMustExist: true })); } catch { /* as above */ }
  } else if (m.type === 'remove') {
    try { open.get(m.id)?.close(); } catch { /* closing is best effort */ }
    open.delete(m.id);
    parentPort.postMessage({ type: 'removed', id: m.id });
  }
});
`;

let worker: Worker | undefined;
let nextId = 1;
const removals = new Map<number, () => void>();

function checkpointWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), intervalMs: CHECKPOINT_INTERVAL_MS },
  });
  started.on('message', (m: { type: string; id: number }) => {
    if (m.type === 'removed') {
      removals.get(m.id)?.();
      removals.delete(m.id);
    }
  });
  // A worker that fails or ends takes nothing with it: closes waiting on it go ahead, the next file starts another.
  started.on('error', () => undefined);
  started.on('exit', () => {
    if (worker === started) worker = undefined;
    for (const done of removals.values()) done();
    removals.clear();
  });
  // Last: a listener added after unref() would hold the process open again.
  started.unref();
  worker = started;
  return started;
}

/** Starts checkpointing a database file in the background; the function returned stops it (before the file is closed). */
export function checkpointInBackground(path: string): () => Promise<void> {
  const w = checkpointWorker();
  const id = nextId++;
  w.postMessage({ type: 'add', id, path });
  return () =>
    new Promise<void>((resolve) => {
      if (worker !== w) return resolve();
      // Held open until the worker has closed its connection (an unref'd worker alone would let the process exit mid-close).
      w.ref();
      removals.set(id, () => {
        if (removals.size <= 1) w.unref();
        resolve();
      });
      w.postMessage({ type: 'remove', id });
    });
}
