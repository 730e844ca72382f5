import type { Statement } from '../policy-document';

/** A statement's resources in words: `on a, b`, `on everything but a`, or `on *`. */
export function resourcesText(s: Statement, text: (v: string) => string): string {
  if (s.resources.length > 0) return `on ${s.resources.map(text).join(', ')}`;
  if (s.notResources.length > 0) return `on everything but ${s.notResources.map(text).join(', ')}`;
  return 'on *';
}

/** A statement's actions, one entry each, or `everything but a` for each NotAction. */
export function actionsText(s: Statement): readonly string[] {
  return s.actions.length > 0 ? s.actions : s.notActions.map((a) => `everything but ${a}`);
}
