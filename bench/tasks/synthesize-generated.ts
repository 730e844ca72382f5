import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENVIRONMENTS } from '../../config/environments';
import { loadEnvironments } from '../../config/load-environments';
import { synthesizeToDirectory } from '../../stacks/build-app';

/** Synthesizes N environments derived from the examples into a temporary directory. */
const count = Number(process.argv[2]);
if (!Number.isInteger(count) || count < 1) throw new Error('usage: synthesize-generated.js <environment count>');
const inputs = Array.from({ length: count }, (_, i) => ({ ...ENVIRONMENTS[i % ENVIRONMENTS.length], name: `env-${i}`, backend: undefined }));
const outdir = join(mkdtempSync(join(tmpdir(), 'auditready-bench-synth-')), 'cdktf.out');
synthesizeToDirectory(outdir, loadEnvironments(inputs));
rmSync(join(outdir, '..'), { recursive: true, force: true });
