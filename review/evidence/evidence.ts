/**
 * The evidence an auditor files, per environment: the control matrix, the waivers with their reasons,
 * approvers and expiry, the effective settings, who can do what, and the latest verify and validate-logs
 * results when given; for the whole report, when and from what it was made (date, git commit, tool
 * versions, the SHA-256 of every input).
 */
import type { AccessMatrix } from '../../policies/access/matrix';
import { stackAccessMatrix } from '../../policies/access/stack-matrix';
import { check, environmentOf, type Report } from '../../policies/engine';
import type { Model } from '../../policies/model';
import { effectiveSettings } from '../../policies/posture/effective-settings';
import type { Setting } from '../../policies/posture/setting';
import type { Waiver } from '../../policies/waivers';
import { controlMatrix, type FrameworkTally, type RequirementRow, tallies } from './control-matrix';
import type { ValidateLogsEvidence, VerifyEvidence, VerifyResult } from './external-reports';

/** A file the report was made from, and its SHA-256 (hex). */
export interface EvidenceInput {
  readonly name: string;
  readonly kind: 'terraform' | 'verify report' | 'validate-logs report';
  readonly sha256: string;
  readonly bytes: number;
}

export interface Provenance {
  /** ISO 8601, UTC. */
  readonly generatedAt: string;
  /** The commit checked out, and whether the working tree had changes; or why it is not known. */
  readonly git: { readonly commit: string; readonly dirty: boolean } | { readonly unavailable: string };
  readonly tools: readonly { readonly name: string; readonly version: string }[];
  readonly inputs: readonly EvidenceInput[];
}

export interface WaiverEvidence {
  readonly waiver: Waiver;
  /** Results it covers in this environment (none: a waiver to remove). */
  readonly covers: number;
}

export interface EnvironmentEvidence {
  readonly name: string;
  readonly tier: string;
  readonly source: string;
  readonly ok: boolean;
  readonly requirements: readonly RequirementRow[];
  readonly tallies: readonly FrameworkTally[];
  readonly waivers: readonly WaiverEvidence[];
  readonly settings: readonly Setting[];
  /** Resources declared external that this environment relies on, each with the attributes (`address.attribute`) that name it. */
  readonly externals: readonly { readonly name: string; readonly uses: readonly string[] }[];
  readonly access: AccessMatrix;
  /** This environment's results of the verify report, when one was given. */
  readonly verify?: readonly VerifyResult[];
}

export interface Evidence {
  readonly provenance: Provenance;
  /** Names and ARNs declared external: resources the inputs refer to that are defined in another stack. */
  readonly externals: readonly string[];
  readonly environments: readonly EnvironmentEvidence[];
  readonly verify?: VerifyEvidence;
  readonly validateLogs?: ValidateLogsEvidence;
}

export interface EvidenceOptions {
  readonly waivers: readonly Waiver[];
  /** `YYYY-MM-DD`, for waiver expiry. */
  readonly today: string;
  /** Names and ARNs of resources defined in another stack, as `auditready check --external` takes them. @default none */
  readonly externals?: readonly string[];
  readonly verify?: VerifyEvidence;
  readonly validateLogs?: ValidateLogsEvidence;
}

/** The evidence of the models. Throws InputError for invalid waivers or a model without a tier, as check does. */
export function buildEvidence(models: readonly Model[], provenance: Provenance, options: EvidenceOptions): Evidence {
  const externals = options.externals ?? [];
  const report: Report = check(models, { waivers: options.waivers, today: options.today, ...(externals.length > 0 ? { externals } : {}) });
  const environments = models.map((model): EnvironmentEvidence => {
    const name = environmentOf(model);
    const results = report.results.filter((r) => r.environment === name);
    const requirements = controlMatrix(results);
    return {
      name,
      tier: results[0]?.tier ?? String(model.declaredTier ?? ''),
      source: model.source,
      ok: results.every((r) => r.status !== 'fail' && r.status !== 'unknown'),
      requirements,
      tallies: tallies(requirements),
      waivers: options.waivers.filter((w) => w.environment === name).map((waiver) => ({ waiver, covers: results.filter((r) => r.waiver === waiver).length })),
      settings: effectiveSettings(model, externals),
      externals: (report.externals ?? []).flatMap((x) => {
        const uses = x.uses.filter((u) => u.environment === name).map((u) => `${u.resource}.${u.attribute}`);
        return uses.length > 0 ? [{ name: x.name, uses }] : [];
      }),
      access: stackAccessMatrix(model, models, externals),
      ...(options.verify ? { verify: options.verify.results.filter((r) => r.environment === name) } : {}),
    };
  });
  return {
    provenance,
    externals,
    environments: [...environments].sort((a, b) => a.name.localeCompare(b.name)),
    ...(options.verify ? { verify: options.verify } : {}),
    ...(options.validateLogs ? { validateLogs: options.validateLogs } : {}),
  };
}
