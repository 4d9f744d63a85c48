/**
 * Progress for long imports: a redrawn bar on a terminal, a line every 10% otherwise (CI logs),
 * always on stderr so stdout stays machine-readable.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr) {
  let lastDecile = -1;
  return (label: string, done: number, total: number) => {
    if (total <= 0) return;
    const ratio = Math.min(1, done / total);
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(ratio * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
      if (done >= total) stream.write('\n');
      return;
    }
    const decile = Math.floor(ratio * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      stream.write(`${label}: ${done}/${total} (${Math.round(ratio * 100)}%)\n`);
    }
  };
}
