import type { Model } from '../model';
import { type AccessMatrix, accessMatrix } from './matrix';
import { organizationAccessMatrix } from './organization-matrix';

/**
 * The access matrix of one stack among the stacks it is checked with: an environment's alone, an
 * organization's log archive and management stacks together (each with the other's guardrails or
 * resources). `externals` as `auditready check --external` takes them.
 */
export function stackAccessMatrix(model: Model, stacks: readonly Model[], externals: readonly string[] = []): AccessMatrix {
  return model.declaredScope === 'organization-management' || model.declaredScope === 'organization-log-archive'
    ? organizationAccessMatrix(model, stacks, externals)
    : accessMatrix(model, externals);
}
