/**
 * Core types of the logging standard. Nothing here depends on cdktf: rules are pure functions over a
 * normalized model of Terraform JSON (see `model.ts`).
 */
import type { OrganizationScope } from '../standard/tags';
import type { Thresholds } from '../standard/thresholds';
import type { Tier } from '../standard/tiers';
import type { Model } from './model';
import type { Topology } from './topology';

/** The four outcomes a rule gives one resource. `unknown` (an unresolvable value) fails the audit. */
export type Outcome = 'pass' | 'fail' | 'not_applicable' | 'unknown';

/** What a report shows: the outcome after the standard's level and the waivers are applied. */
export type Status = Outcome | 'warn' | 'waived';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

export const FRAMEWORK_IDS = ['cis-aws-v7.0', 'aws-fsbp', 'soc2', 'iso27001-2022', 'pci-dss-v4.0', 'nist-800-53-r5'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** One requirement of one framework: a structured, queryable control reference. */
export interface Control {
  readonly framework: FrameworkId;
  readonly id: string;
}

/** One rule's verdict on one resource (or on the environment, when `resource` is undefined). */
export interface Finding {
  readonly outcome: Outcome;
  /** Terraform address, e.g. `aws_s3_bucket.audit-bucket_bucket`. */
  readonly resource?: string;
  readonly message: string;
}

export interface RuleContext {
  readonly model: Model;
  readonly topology: Topology;
  readonly tier: Tier;
  readonly thresholds: Thresholds;
}

export interface Remediation {
  /** What to change, in one or two sentences. */
  readonly text: string;
  /** A cdktf (TypeScript) snippet showing the compliant configuration. */
  readonly cdktf: string;
}

/** The declaration of a rule: metadata plus a pure evaluation. */
export interface RuleDefinition {
  /** Stable id, equal to the rule's file name in `policies/rules/`. */
  readonly id: string;
  /** States the secure condition (never starts with "Ensure"). */
  readonly title: string;
  readonly severity: Severity;
  readonly rationale: string;
  readonly remediation: Remediation;
  /** What an absent attribute means, using the provider's real default. */
  readonly absentMeans: string;
  /** Facts the rule needs that some input kinds do not record (plan JSON has no `lifecycle` block; only plan JSON records deletions). */
  readonly requires?: readonly ('lifecycle' | 'plan')[];
  /**
   * The part of an organization's baseline the rule is about: it runs only on files that declare that
   * scope (provider default tag `auditready:scope`) and is not applicable elsewhere.
   * @default - every file
   */
  readonly scope?: OrganizationScope;
  evaluate(ctx: RuleContext): readonly Finding[];
}

/** A rule as the engine uses it: its definition plus the control mappings read from `policies/frameworks/`. */
export interface Rule extends RuleDefinition {
  readonly controls: readonly Control[];
}
