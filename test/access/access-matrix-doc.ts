/** Renders docs/access-matrix.md from the catalogue's questions and the tests' expected decisions. */
import { ASSUME_ROWS, RESOURCE_CALLERS, RESOURCE_ROWS } from '../../policies/access/catalogue';
import { ORGANIZATION_ROWS } from '../../policies/access/organization-catalogue';
import { ASSUME_CALLERS, ASSUME_MATRIX, type Decision, RESOURCE_MATRIX } from './access-matrix';
import { ORGANIZATION_ASSUME_CALLERS, ORGANIZATION_ASSUME_MATRIX, ORGANIZATION_CALLERS, ORGANIZATION_MATRIX } from './organization-matrix';

const cell = (d: Decision | undefined) => (d === 'allow' ? '**allow**' : d === 'deny' ? 'deny' : '–');

function table(columns: readonly string[], rows: readonly { what: string; expected: Partial<Record<string, Decision>> }[]): string {
  return [
    `| request | ${columns.join(' | ')} |`,
    `| --- | ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.what} | ${columns.map((c) => cell(r.expected[c])).join(' | ')} |`),
  ].join('\n');
}

/** Rows of expected decisions, worded by the catalogue's question of the same id. */
function worded(rows: readonly { id: string; expected: Partial<Record<string, Decision>> }[], questions: readonly { id: string; what: string }[]) {
  return rows.map((r) => ({ what: questions.find((q) => q.id === r.id)?.what ?? r.id, expected: r.expected }));
}

export function renderAccessMatrix(): string {
  return `# Access matrix

<!-- Generated from policies/access/catalogue.ts, organization-catalogue.ts, test/access/access-matrix.ts and organization-matrix.ts by \`npm run docs:access-matrix\`; test/access/access-matrix.test.ts fails when this file is out of date. -->

Who can do what to the audit baseline. Every cell is a decision of an independent IAM policy evaluator
(\`@cloud-copilot/iam-simulate\`) over the synthesized bucket, key, topic, trust and role policies and the
permissions boundary, for every example environment and for a GovCloud and a China environment;
\`npm test\` fails when any of them differs from this table, or when auditready's own evaluator, which
\`auditready diff\` and \`auditready report\` use, decides any cell differently.

## Resources

Callers: AWS services acting for this baseline (bound by \`aws:SourceArn\` where the service sends it),
an administrator of the account with \`"Action": "*"\` in IAM, a deployer (a role in
\`principals.deployers\`, also with \`*\` in IAM), sessions of the three human roles, a verifier (a role in
\`principals.verifiers\` holding the policy \`auditready verify --print-iam-policy --prove-worm\` prints), an
unsigned request, and an administrator of another account. A row that needs several requests (an S3 read
also needs the key) is allowed only if all are. In an environment without \`principals.verifiers\` (dev), the
verifier column is a role holding that same policy, and it is denied every row (the canary and reading logs
included). \`auditready diff\` and \`auditready report\` see only the files: there a verifier (told by the
audit bucket's policy letting it write a canary) holds \`*\` in IAM, as a deployer does, so a change to what
the resource policies let it do shows even where verify's own policy would not use it.

${table(
  RESOURCE_CALLERS.map((c) => c.label),
  worded(RESOURCE_MATRIX, RESOURCE_ROWS),
)}

What the table means:

- **Only CloudTrail writes log files**, only under \`AWSLogs/<account>/\`, and only as this trail. No one,
  an administrator included, can write a new current version over a log file's key or add objects
  elsewhere in the bucket.
- **Only auditors read log content.** Others may be able to \`s3:GetObject\`, but the key decrypts only for
  auditors, through S3. The CloudWatch Logs copy is different: KMS does not control who reads a log group
  (CloudWatch Logs decrypts for any caller with \`logs:\` read permissions). The auditor is the only role of
  the baseline that can read it (log-admin and break-glass are denied explicitly), but account
  administrators and deployers can, through IAM. The preventive control is an organization SCP, for
  example denying \`logs:FilterLogEvents\`, \`logs:GetLogEvents\`, \`logs:StartQuery\`,
  \`logs:StartLiveTail\`, \`logs:GetLogRecord\`, \`logs:CreateExportTask\` and \`logs:PutSubscriptionFilter\`
  on the trail's log group unless \`aws:PrincipalArn\` is the auditor role.
- **Only break-glass destroys evidence** (deletes versions, sets delete markers, changes retention, lifts
  legal holds, bypasses GOVERNANCE retention), and every use of the role raises an alarm. Object Lock still
  refuses to delete a locked version or shorten COMPLIANCE retention, for break-glass and the root user too.
- **The verifier reads, and writes only its canary**: a small object under \`auditready-verify-canary/\`,
  locked COMPLIANCE by its own upload for at most two days; without a retention, with GOVERNANCE, for
  longer, or anywhere else (a log file's key included) the write is denied. It may set COMPLIANCE retention
  on a canary, which Object Lock refuses when it would shorten it: that refusal is part of
  \`verify --prove-worm\`'s proof. It reads log files (for \`validate-logs\`), decrypting through S3 only.
- **Deployers and break-glass change settings** of the buckets and the key; no one else, an administrator
  with \`*\` included. A deployer could replace a bucket policy with one that lets it delete: Object Lock is
  the control nobody can undo, and each such change raises an alarm.
- **Nobody disables or deletes the key** or grants themselves use of it: key administration is listed
  action by action for the deployers and break-glass, grants only for AWS services and only by
  break-glass, and the permissions boundary denies disabling and deleting keys to every human role. The
  account's root user (not its IAM principals) can restore the key policy if the named roles are lost.
- **The trail, log group and alarms have no resource policies**: an administrator with \`*\` in IAM can stop
  the trail or delete an alarm. Those changes raise alarms; an organization SCP is what prevents them.

## Who can assume a human role

Each trusted principal type makes the request its sessions can make (MFA context only where the session
carries it; SAML and OIDC through \`AssumeRoleWithSAML\` and \`AssumeRoleWithWebIdentity\`), with a source
identity and the ticket tag (\`accessContext\`), against every human role that trusts a principal of that
type. "Same principal, another account" is each trusted principal's ARN in an account trusted nowhere.
"Auditor session" is a session of the auditor role trying to chain into a role. – means the variation does
not apply (an Identity Center session has no MFA to be old).

${table(ASSUME_CALLERS, worded(ASSUME_MATRIX, ASSUME_ROWS))}

Only an IAM user's source identity can be bound to the caller (it must equal \`\${aws:username}\`). A role or
Identity Center session chooses its own, and STS keeps it for every session chained from it; SAML and OIDC
sessions get theirs from the identity provider's assertion or token.

## Organizations

The same evaluator over both stacks of the example organization and of a GovCloud one, with the
guardrails applied as AWS applies them: the SCP to IAM principals of the accounts it is attached to (the
member accounts and the log-archive account; never the management account, never an AWS service), the RCP
to every request for a resource of the log-archive account, whoever makes it (the management account's
principals and principals outside the organization included). Callers: CloudTrail for the organization
trail and for another trail, S3 server access logging, an administrator with \`"Action": "*"\` in a member,
the log-archive and the management account, the deployers and human roles of the two accounts, an
administrator of an account in another organization, and an unsigned request. – means the request does not
apply to that caller. \`auditready diff\` and \`auditready report\` ask the same questions of each organization
they are given both stacks of (policies/access/organization-catalogue.ts): the log archive's rows with the log
archive's stack, the trail's with the management stack's, so a change to an RCP shows as what can now be done to
the log archive.

${table(ORGANIZATION_CALLERS, worded(ORGANIZATION_MATRIX, ORGANIZATION_ROWS))}

What the table means:

- **The management account is unaffected by the guardrails.** Its administrators can stop the organization
  trail, change what it records and read its CloudWatch Logs copy; only its deployers, break-glass and auditor
  roles should exist there, and every such change raises an alarm. What they cannot do is alter what was
  delivered: the log archive is another account, its bucket and key policies grant them nothing, and the RCP
  binds them like everyone else.
- **Member accounts cannot touch the organization trail or its copy**: a CloudTrail delegated administrator
  in a member account is refused by the SCP, and so would be a member reading the log group if it were ever
  shared with them. No member account can leave the organization.
- **The log archive holds even against its own deployers' rewrites.** A deployer may replace the bucket or key
  policy; the RCP still lets only break-glass destroy evidence, lets nobody disable or delete the key, and
  refuses every principal outside the organization. The SCP keeps the log-archive account's administrators
  from taking over the roles the RCP excepts.

### Who can assume a role of the organization

${table(
  ORGANIZATION_ASSUME_CALLERS,
  ORGANIZATION_ASSUME_MATRIX.map((r) => ({ what: r.role, expected: r.expected })),
)}

Each role's configured principals (the auditors from the audit account) assume it with MFA where their
session carries it, a source identity and the ticket tag; no administrator of any account can, the role's
own account included.
`;
}
