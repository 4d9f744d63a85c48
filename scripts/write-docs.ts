/**
 * Writes the tables the README generates from the code (`npm run docs`), so the rules are readable without
 * the code and never drift from it (a test compares them).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { lifecycleMarkdownTable } from '../src/domain/request-lifecycle.js';

const README = new URL('../README.md', import.meta.url);

const sections: Record<string, string> = { lifecycle: lifecycleMarkdownTable() };

let text = readFileSync(README, 'utf8');
for (const [name, body] of Object.entries(sections)) {
  const pattern = new RegExp(`<!-- ${name}:start -->[\\s\\S]*?<!-- ${name}:end -->`);
  if (!pattern.test(text)) throw new Error(`README has no <!-- ${name}:start --> … <!-- ${name}:end --> section`);
  text = text.replace(pattern, `<!-- ${name}:start -->\n${body}\n<!-- ${name}:end -->`);
}
writeFileSync(README, text);
process.stdout.write(`README: ${Object.keys(sections).join(', ')} written\n`);
