/**
 * Three projects, so that a run starts only what its suites need (`npm test` runs all three):
 * - unit: everything in process (`npm run test:fast`);
 * - s3: `*.s3.test.ts`, against the Ceph S3 server, which the project's global setup starts;
 * - terraform: `*.terraform.test.ts`, reading plans the project's global setup makes once per run.
 * Jest runs a project's global setup only when one of its suites is selected.
 */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.ts$': ['@swc/jest', require('./scripts/swc-options')] },
};

/** @type {import('jest').Config} */
module.exports = {
  // Every core: jest's default (one fewer than the cores) runs the suites one at a time on a 2-core machine.
  maxWorkers: '100%',
  testTimeout: 120000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.test.ts'], testPathIgnorePatterns: ['\\.s3\\.test\\.ts$', '\\.terraform\\.test\\.ts$'] },
    {
      ...base,
      displayName: 's3',
      testMatch: ['**/*.s3.test.ts'],
      globalSetup: '<rootDir>/test/harness/s3-global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/s3-global-teardown.ts',
    },
    { ...base, displayName: 'terraform', testMatch: ['**/*.terraform.test.ts'], globalSetup: '<rootDir>/test/harness/terraform-global-setup.ts' },
  ],
};
