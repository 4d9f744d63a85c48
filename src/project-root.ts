import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (where package.json, drizzle/, seed/ and manifest/ are), found from this file
 * whether it runs as TypeScript from src/ (tsx) or compiled from dist/src/ (npm start).
 */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'placement-desk') return dir;
    if (dirname(dir) === dir) throw new Error(`Could not find the Placement Desk project folder above ${from}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

export function projectPath(...parts: string[]): string {
  return resolve(PROJECT_ROOT, ...parts);
}
