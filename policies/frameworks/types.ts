import type { FrameworkId } from '../types';

/** One requirement of a framework and the rules that give evidence for it (requirement-first, as auditors read). */
export interface Requirement {
  readonly id: string;
  readonly title: string;
  readonly rules: readonly string[];
}

export interface Framework {
  readonly id: FrameworkId;
  readonly name: string;
  readonly requirements: readonly Requirement[];
}
