/** The `run:` script of a named step of a GitHub workflow, as the runner's shell gets it (the block's indentation removed). */
export function stepScript(workflow: string, name: string): string {
  const lines = workflow.split('\n');
  const start = lines.findIndex((l) => l.trim() === `- name: ${name}`);
  if (start < 0) throw new Error(`no step named ${name}`);
  const stepIndent = (lines[start] as string).indexOf('-');
  const run = lines.findIndex((l, i) => i > start && l.trim() === 'run: |');
  if (run < 0) throw new Error(`step ${name} has no run block`);
  const body: string[] = [];
  for (const line of lines.slice(run + 1)) {
    if (line.trim() !== '' && line.search(/\S/) <= stepIndent + 2) break;
    body.push(line);
  }
  const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => l.search(/\S/)));
  return `${body
    .map((l) => l.slice(indent))
    .join('\n')
    .trimEnd()}\n`;
}
