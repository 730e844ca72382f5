/**
 * `auditready verify` for a list of deployed environments: drift and the refreshed state through the
 * standard's rules (terraform), runtime health (AWS SDK), and optionally the WORM proof. The result is a
 * report of the same shape `auditready check` writes, so every check format renders it.
 */
import { join, relative } from 'node:path';
import { check, type Report, type Result, summarize } from '../policies/engine';
import { modelFromDocument } from '../policies/load';
import type { Waiver } from '../policies/waivers';
import type { CallPolicy } from './aws-call';
import type { VerifyClients } from './aws-clients';
import { VERIFY_CHECKS } from './checks';
import { describeAttributes, driftOf } from './drift';
import { runtimeFindings } from './runtime';
import type { VerifyFinding, VerifyTarget } from './target';
import type { RefreshedStack } from './terraform';
import { proveWorm } from './worm-proof';

export interface VerifyOptions {
  readonly proveWorm: boolean;
  readonly waivers: readonly Waiver[];
  /** Resources the state names that live elsewhere (check's `--external`). @default none */
  readonly externals?: readonly string[];
  /** For waiver expiry, `YYYY-MM-DD`. @default today (UTC) */
  readonly today?: string;
  readonly now?: Date;
  readonly policy?: CallPolicy;
}

/** How verify reaches terraform and AWS; tests replace either. */
export interface VerifyIo {
  refresh(target: VerifyTarget): Promise<RefreshedStack>;
  clients(target: VerifyTarget): Promise<VerifyClients>;
}

/** Verifies each environment in turn; throws VerifySetupError or AwsCallError (exit 2) when one cannot be verified. */
export async function verifyEnvironments(targets: readonly VerifyTarget[], io: VerifyIo, options: VerifyOptions): Promise<Report> {
  const results: Result[] = [];
  for (const target of targets) results.push(...(await verifyEnvironment(target, io, options)));
  results.sort((a, b) => order(a) - order(b) || a.environment.localeCompare(b.environment) || a.rule.localeCompare(b.rule));
  return { results, summary: summarize(results, targets.length, new Set(results.map((r) => r.rule)).size) };
}

const STATUS_ORDER = { fail: 0, unknown: 1, warn: 2, waived: 3, pass: 4, not_applicable: 5 } as const;
const order = (r: Result): number => STATUS_ORDER[r.status];

async function verifyEnvironment(target: VerifyTarget, io: VerifyIo, options: VerifyOptions): Promise<Result[]> {
  const now = options.now ?? new Date();
  const refreshed = await io.refresh(target);
  // Findings point at the stack file (SARIF and text name it), each with its Terraform address or ARN.
  const source = relative(process.cwd(), join(target.stackDir, 'cdk.tf.json'));
  const state = modelFromDocument(refreshed.state, source);

  // The standard's rules on what is deployed: the same ids and outcomes as `auditready check`.
  const ruled = check([state], {
    tier: target.tier,
    waivers: options.waivers,
    ...(options.externals?.length ? { externals: options.externals } : {}),
    ...(options.today ? { today: options.today } : {}),
  }).results.map((r) => ({
    ...r,
    environment: target.environment,
  }));

  const findings: VerifyFinding[] = [];
  for (const d of driftOf(refreshed.plan)) {
    if (d.action === 'delete') {
      findings.push({ check: 'drift', outcome: 'fail', resource: d.address, message: 'deleted outside Terraform: the resource no longer exists' });
      continue;
    }
    const managed = d.attributes.filter((a) => a.managed);
    const computed = d.attributes.filter((a) => !a.managed);
    if (managed.length > 0)
      findings.push({ check: 'drift', outcome: 'fail', resource: d.address, message: `changed outside Terraform: ${describeAttributes(managed)}` });
    if (computed.length > 0) {
      findings.push({
        check: 'drift',
        outcome: 'not_applicable',
        resource: d.address,
        message: `attributes the configuration does not set, refreshed: ${describeAttributes(computed)}`,
      });
    }
  }
  if (!findings.some((f) => f.outcome === 'fail'))
    findings.push({ check: 'drift', outcome: 'pass', message: 'no attribute the configuration sets changed outside Terraform' });

  const clients = await io.clients(target);
  try {
    findings.push(...(await runtimeFindings({ target, clients, state, now, ...(options.policy ? { policy: options.policy } : {}) })));
    if (options.proveWorm) findings.push(...(await proveWorm(target, clients, now, options.policy)));
  } finally {
    clients.destroy();
  }
  return [...ruled, ...findings.map((f) => asResult(target, source, f))];
}

function asResult(target: VerifyTarget, source: string, f: VerifyFinding): Result {
  const c = VERIFY_CHECKS[f.check];
  return {
    rule: c.id,
    status: f.outcome,
    outcome: f.outcome,
    level: 'error',
    severity: c.severity,
    environment: target.environment,
    tier: target.tier,
    ...(f.resource !== undefined ? { resource: f.resource } : {}),
    source,
    message: f.message,
    controls: c.controls,
  };
}
