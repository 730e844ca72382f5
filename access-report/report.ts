import type { FileResult, ValidationSummary } from '../log-validation/report';
import type { ReportContext, ReportFilters } from './context';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** The kinds of finding, each with its severity and what it means. */
export const FINDING_RULES = {
  'log-file-invalid': { severity: 'critical', title: 'A log or digest file of the window is invalid or missing: its events are not in this report' },
  'root-activity': { severity: 'critical', title: 'The root user was used' },
  'console-signin-without-mfa': { severity: 'high', title: 'Console sign-in without MFA' },
  'session-without-source-identity': { severity: 'high', title: 'A human session without a source identity (who)' },
  'session-without-ticket': { severity: 'high', title: 'A human session without a ticket (why)' },
  'session-context-before-window': { severity: 'low', title: 'A session started before the window: its ticket is in earlier logs' },
  'break-glass-session': { severity: 'high', title: 'The break-glass role was used' },
  'audit-bucket-read': { severity: 'high', title: 'Audit logs read by someone who is not an auditor' },
  'access-denied-burst': { severity: 'medium', title: 'A burst of refused calls' },
  'baseline-change': { severity: 'high', title: 'The audit baseline was changed (calls its change alarms watch)' },
} as const satisfies Record<string, { readonly severity: Severity; readonly title: string }>;

export type FindingRule = keyof typeof FINDING_RULES;

/** Refused calls (CIS 5.1's definition) in one 5-minute period, the alarm's period, that make a burst. */
export const BURST_THRESHOLD = 10;
export const BURST_PERIOD_MINUTES = 5;

export interface Finding {
  /** Stable across runs over the same logs: the rule and what it is about (a session, a sign-in, a file). */
  readonly id: string;
  readonly rule: FindingRule;
  readonly severity: Severity;
  /** The session it is about, when it is about one. */
  readonly sessionId?: string;
  /** When it happened (the first event it is about); absent for files. */
  readonly time?: string;
  /** Who: source identity, user or ARN. */
  readonly principal?: string;
  readonly message: string;
  /** The calls, objects or files it rests on. */
  readonly details: readonly string[];
}

/** A value with how often it occurred. */
export interface Counted {
  readonly value: string;
  readonly count: number;
}

/** One human session: who, why, when, from where, what, and with which results. */
export interface SessionRow {
  /** `s-` and 10 hex digits of the session's key (principal and credential issue time). */
  readonly id: string;
  readonly kind: 'root' | 'iam-user' | 'role' | 'federated-user' | 'identity-center-user' | 'unknown';
  readonly who: {
    readonly sourceIdentity?: string;
    /** The IAM user, the role session's name (an Identity Center user's is their user name), or the SAML subject. */
    readonly user?: string;
    /** The principal's ARN (for a role session, the session's ARN). */
    readonly principal?: string;
    readonly role?: string;
    /** How the session began: AssumeRole, AssumeRoleWithSAML, AssumeRoleWithWebIdentity, console sign-in, access key. */
    readonly via?: string;
    /** Who started the session: the caller's ARN, or the SAML or web identity user. */
    readonly caller?: string;
  };
  readonly why: {
    readonly tagKey: string;
    readonly ticket?: string;
    /** Every session tag the session was given. */
    readonly tags: Readonly<Record<string, string>>;
    /** Whether the call that started the session was in the logs read (its tags are known). */
    readonly startSeen: boolean;
  };
  readonly when: {
    /** When the session's credentials were issued. */
    readonly started?: string;
    readonly first: string;
    readonly last: string;
  };
  readonly where: { readonly sourceIps: readonly Counted[]; readonly userAgents: readonly Counted[] };
  readonly what: {
    readonly events: number;
    /** service -> action -> count. */
    readonly byService: Readonly<Record<string, Readonly<Record<string, number>>>>;
    /** The first resources in ARN order (up to 50), with how often each was named. */
    readonly resources: readonly Counted[];
    /** Resources named beyond those listed. */
    readonly moreResources: boolean;
  };
  readonly results: { readonly errors: Readonly<Record<string, number>>; readonly accessDenied: number };
  /** Change alarms its calls would raise, with how many calls each. */
  readonly alarms: Readonly<Record<string, number>>;
  /** The session's credentials came with MFA, or its console sign-in used MFA. */
  readonly mfa: boolean;
  readonly breakGlass: boolean;
  /** A session that only signed in or started other sessions: its own calls need no ticket. */
  readonly hop: boolean;
}

/** Sessions no person is known to be behind, by role. */
export interface MachineRow {
  /** The role's ARN, or the principal's for other identities. */
  readonly principal: string;
  readonly sessions: number;
  readonly events: number;
  readonly first: string;
  readonly last: string;
  readonly accessDenied: number;
  readonly errors: Readonly<Record<string, number>>;
}

export interface AccessReport {
  readonly trailArn: string;
  readonly window: { readonly start: string; readonly end: string };
  /** Whether every digest and log file of the window is valid; the problems otherwise. */
  readonly integrity: {
    readonly valid: boolean;
    readonly regions: readonly string[];
    readonly summary: ValidationSummary;
    /** Every INVALID or missing file: its events (if any) are not in this report. */
    readonly problems: readonly FileResult[];
  };
  readonly context: ReportContext;
  readonly filters: ReportFilters;
  readonly totals: {
    /** Log files whose records are in the report (valid ones). */
    readonly logFilesRead: number;
    readonly logFilesLeftOut: number;
    readonly records: number;
    readonly recordsOutsideWindow: number;
    readonly humanSessions: number;
    readonly machineSessions: number;
    readonly serviceCalls: number;
    readonly consoleSignIns: number;
    readonly failedConsoleSignIns: number;
  };
  readonly sessions: readonly SessionRow[];
  readonly machines: readonly MachineRow[];
  readonly findings: readonly Finding[];
}
