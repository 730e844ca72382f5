/**
 * The rules as the engine runs them: each definition with the control mappings read from the
 * requirement-first framework files (the single source of the mappings).
 */
import { FRAMEWORKS } from './frameworks';
import { RULE_DEFINITIONS } from './rule-definitions';
import type { Control, Rule } from './types';

function controlsByRule(): Map<string, Control[]> {
  const out = new Map<string, Control[]>();
  for (const f of FRAMEWORKS) {
    for (const req of f.requirements) {
      for (const ruleId of req.rules) {
        const list = out.get(ruleId) ?? [];
        if (!list.some((c) => c.framework === f.id && c.id === req.id)) list.push({ framework: f.id, id: req.id });
        out.set(ruleId, list);
      }
    }
  }
  return out;
}

const CONTROLS = controlsByRule();

export const RULES: readonly Rule[] = RULE_DEFINITIONS.map((d) => ({ ...d, controls: CONTROLS.get(d.id) ?? [] }));

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}
