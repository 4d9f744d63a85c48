/**
 * Turns the Markdown of the case-file documents (the evidence pack, which embeds the appraisal's
 * Markdown) into HTML, so both formats carry exactly the same content. It knows only the constructs those
 * documents use: ATX headings, pipe tables, "- " lists, "> " quotes, ``` fences, paragraphs, **bold**
 * and backslash escapes. Every character of content is HTML-escaped and only a fixed set of tags is ever
 * written, so no text (a provider's e-mail, an officer's reason) can become markup.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const ESCAPABLE = /[!-/:-@[-`{-~]/;

/** Inline text: backslash escapes become the literal character, paired ** become <strong>. */
function inline(text: string): string {
  const parts: Array<{ literal: string } | { strong: true }> = [];
  let literal = '';
  let lastToggle = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\\' && next !== undefined && ESCAPABLE.test(next)) {
      literal += next;
      i++;
    } else if (c === '*' && next === '*') {
      parts.push({ literal }, { strong: true });
      lastToggle = parts.length - 1;
      literal = '';
      i++;
    } else literal += c;
  }
  parts.push({ literal });
  const toggles = parts.filter((p) => 'strong' in p).length;
  // An unpaired ** is text, not the start of a bold run that never ends.
  const unpaired = toggles % 2 === 1 ? lastToggle : -1;
  let open = false;
  return parts
    .map((p, i) => {
      if ('literal' in p) return escapeHtml(p.literal);
      if (i === unpaired) return '**';
      open = !open;
      return open ? '<strong>' : '</strong>';
    })
    .join('');
}

/** Cells of a pipe-table row, split on pipes that are not escaped. */
function tableCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  const body = line.trim().replace(/^\|/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && body[i + 1] !== undefined) {
      cell += c + body[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  if (cell.trim()) cells.push(cell.trim());
  return cells;
}

const isTableRule = (line: string | undefined) => line !== undefined && /^\|(\s*:?-+:?\s*\|)+\s*$/.test(line.trim());

export function markdownToHtml(markdown: string): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const collect = (test: (line: string) => boolean) => {
    const block: string[] = [];
    while (i < lines.length && test(lines[i]!)) block.push(lines[i++]!);
    return block;
  };
  while (i < lines.length) {
    const line = lines[i]!;
    if (!line.trim()) {
      i++;
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length;
      out.push(`<h${level}>${inline(heading[2]!)}</h${level}>`);
      i++;
    } else if (line.startsWith('```')) {
      i++;
      const code = collect((l) => !l.startsWith('```'));
      i++;
      out.push(`<pre>${escapeHtml(code.join('\n'))}</pre>`);
    } else if (line.trimStart().startsWith('|') && isTableRule(lines[i + 1])) {
      const header = tableCells(line);
      i += 2;
      const rows = collect((l) => l.trimStart().startsWith('|')).map(tableCells);
      out.push(
        '<table>',
        `<thead><tr>${header.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...rows.map((r) => `<tr>${header.map((_, j) => `<td>${inline(r[j] ?? '')}</td>`).join('')}</tr>`),
        '</tbody>',
        '</table>',
      );
    } else if (line.startsWith('- ')) {
      const items = collect((l) => l.startsWith('- '));
      out.push('<ul>', ...items.map((item) => `<li>${inline(item.slice(2))}</li>`), '</ul>');
    } else if (line.startsWith('>')) {
      const quoted = collect((l) => l.startsWith('>')).map((l) => l.replace(/^>\s?/, ''));
      out.push(`<blockquote>${quoted.map(inline).join('<br>')}</blockquote>`);
    } else {
      const paragraph = [lines[i++]!, ...collect((l) => l.trim() !== '' && !/^(#{1,6}\s|```|- |>)/.test(l) && !(l.trimStart().startsWith('|') && isTableRule(lines[i + 1])))];
      out.push(`<p>${paragraph.map(inline).join('<br>')}</p>`);
    }
  }
  return out.join('\n');
}
