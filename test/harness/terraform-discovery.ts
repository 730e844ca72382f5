import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { isExecutableFile } from '../../verify/terraform';

/**
 * Finds the terraform binary and the hashicorp/aws provider mirror at run time, so the terraform tests
 * work on any machine that has them and fail (never skip) with a message naming the override where
 * they are missing.
 */

/** Overrides for discovery: the terraform binary, and the provider mirror root. */
export const TERRAFORM_ENV = {
  terraform: 'AUDITREADY_TERRAFORM',
  providerMirror: 'AUDITREADY_TF_PROVIDER_MIRROR',
} as const;

/** Where the provider sits inside a mirror root (terraform's filesystem mirror layout). */
const AWS_PROVIDER_DIR = join('registry.terraform.io', 'hashicorp', 'aws');

/** Likely homes of a mirror: the root itself, one of its subdirectories, or its terraform/plugins. */
const MIRROR_SEARCH_BASES = ['/opt', '/usr/local/share', '/usr/share', join(homedir(), '.terraform.d'), join(homedir(), '.local', 'share')];
/** The `find /` fallback: deep enough for /opt/<a>/<b>/<root>, bounded so it cannot hang a test run. */
const FIND_MAX_DEPTH = 7;
const FIND_TIMEOUT_MS = 30_000;

/** The terraform binary: $AUDITREADY_TERRAFORM, else `terraform` on PATH. */
export function findTerraform(): string {
  const override = process.env[TERRAFORM_ENV.terraform];
  if (override) {
    if (!isExecutableFile(override)) {
      throw new Error(`${TERRAFORM_ENV.terraform}=${override} is not an executable file; point it at the terraform binary.`);
    }
    return resolve(override);
  }
  const pathDirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const found = pathDirs.map((dir) => join(dir, 'terraform')).find(isExecutableFile);
  if (!found) {
    throw new Error(`terraform not found on PATH (${pathDirs.join(delimiter)}). Install terraform, or set ${TERRAFORM_ENV.terraform} to the binary.`);
  }
  return found;
}

/** Terraform's name for this machine's platform, as in mirror paths: linux_amd64, darwin_arm64, ... */
export function terraformPlatform(): string {
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  const arch = ({ x64: 'amd64', ia32: '386' } as Record<string, string>)[process.arch] ?? process.arch;
  return `${os}_${arch}`;
}

let discoveredMirror: string | undefined;

/**
 * The root of a filesystem mirror holding hashicorp/aws for this platform: $AUDITREADY_TF_PROVIDER_MIRROR
 * (taken as given: a wrong override fails rather than falls back), else the first mirror found under the
 * likely roots, else by a bounded `find /`. Discovery runs once per process.
 */
export function findProviderMirror(): string {
  const override = process.env[TERRAFORM_ENV.providerMirror];
  if (override) {
    if (!hasAwsProvider(override)) {
      throw new Error(
        `${TERRAFORM_ENV.providerMirror}=${override} has no hashicorp/aws provider for ${terraformPlatform()}: expected ` +
          `${join(override, AWS_PROVIDER_DIR, '<version>', terraformPlatform(), 'terraform-provider-aws_*')} ` +
          `(or the packed terraform-provider-aws_<version>_${terraformPlatform()}.zip). Point it at the mirror root.`,
      );
    }
    return resolve(override);
  }
  discoveredMirror ??= discoverMirror();
  return discoveredMirror;
}

function discoverMirror(): string {
  const nearby = MIRROR_SEARCH_BASES.flatMap(candidateRoots).find(hasAwsProvider);
  if (nearby) return nearby;
  const found = findMirrorsOnFilesystem().find(hasAwsProvider);
  if (found) return found;
  throw new Error(
    `no terraform provider mirror with hashicorp/aws for ${terraformPlatform()} found (looked under ${MIRROR_SEARCH_BASES.join(', ')}, ` +
      `then find / -maxdepth ${FIND_MAX_DEPTH}). Create one with \`terraform providers mirror <dir>\`, ` +
      `and set ${TERRAFORM_ENV.providerMirror} to <dir> if it is elsewhere.`,
  );
}

function candidateRoots(base: string): string[] {
  return [base, ...subdirectories(base), join(base, 'plugins'), join(base, 'terraform', 'plugins')];
}

/**
 * Mirror roots below `/`: the directories holding registry.terraform.io/hashicorp/aws. Skips the virtual
 * file systems, node_modules, and terraform working directories (.terraform/providers has the mirror
 * layout, but is some run's temporary copy).
 */
function findMirrorsOnFilesystem(): string[] {
  const pruned = [
    '-path',
    '/proc',
    '-o',
    '-path',
    '/sys',
    '-o',
    '-path',
    '/dev',
    '-o',
    '-path',
    '/run',
    '-o',
    '-name',
    'node_modules',
    '-o',
    '-name',
    '.terraform',
  ];
  const result = spawnSync(
    'find',
    ['/', '-maxdepth', String(FIND_MAX_DEPTH), '(', ...pruned, ')', '-prune', '-o', '-type', 'd', '-path', `*/${AWS_PROVIDER_DIR}`, '-print'],
    { encoding: 'utf8', timeout: FIND_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
  );
  // Unreadable directories make find exit 1; what it printed is still good.
  return (result.stdout ?? '')
    .split('\n')
    .filter(Boolean)
    .sort()
    .map((providerDir) => dirname(dirname(dirname(providerDir))));
}

/** True when `root` is a mirror with hashicorp/aws for this platform, unpacked or packed (zip). */
function hasAwsProvider(root: string): boolean {
  const providerDir = join(root, AWS_PROVIDER_DIR);
  const platform = terraformPlatform();
  return entries(providerDir).some(
    (entry) =>
      entries(join(providerDir, entry, platform)).some((file) => file.startsWith('terraform-provider-aws')) ||
      (entry.startsWith('terraform-provider-aws_') && entry.endsWith(`_${platform}.zip`)),
  );
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function subdirectories(dir: string): string[] {
  return entries(dir)
    .map((entry) => join(dir, entry))
    .filter((path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return false;
      }
    });
}
