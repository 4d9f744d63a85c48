/** Same shape as the CLI's `ctx.progress`, so a command can pass it straight through. */
export type ProgressFn = (label: string, done: number, total: number) => void;

/**
 * Calls `onProgress` about a hundred times over `total` steps (and always on the last), so a large
 * file does not spend its time redrawing a progress bar.
 */
export function progressReporter(label: string, total: number, onProgress: ProgressFn | undefined): (done: number) => void {
  if (!onProgress) return () => {};
  const step = Math.max(1, Math.floor(total / 100));
  return (done) => {
    if (done === total || done % step === 0) onProgress(label, done, total);
  };
}
