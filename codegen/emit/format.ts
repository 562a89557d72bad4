/**
 * Phase `format`: deterministic layout of generated text without a formatter dependency. emit/print.ts already
 * prints our own declarations with two-space indentation; what comes from json-schema-to-typescript
 * (`format: false`) and from ajv is indented here by its brackets. Only leading whitespace is changed,
 * never a token. Prettier was the plan, but it alone took 1.4 s for the 113 modules of the Iglu Central
 * sample (over the whole 1.6 s budget); this takes about 10 ms.
 */

/**
 * Indents declarations by bracket depth. Inside `/** *\/` comments lines keep their ` * ` shape and never
 * change the depth (a description may end with `{`); string literals never span lines (they are JSON).
 */
export function indentDeclarations(text: string): string {
  let depth = 0;
  let inComment = false;
  const lines: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') {
      lines.push('');
      continue;
    }
    const pad = '  '.repeat(depth);
    if (inComment || line.startsWith('/*')) {
      lines.push(pad + (line.startsWith('*') ? ` ${line}` : line));
      inComment = !line.endsWith('*/');
      continue;
    }
    if (/^[}\])]/.test(line)) depth = Math.max(0, depth - 1);
    lines.push('  '.repeat(depth) + line);
    if (/[{[(]$/.test(line)) depth += 1;
  }
  return lines.join('\n').trim();
}

/** Final touch of a whole file: one blank line between statements at most, one newline at the end. */
export function finishFile(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd()}\n`;
}
