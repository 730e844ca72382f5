import { PLAN_FAILURE_ENV, planEveryStack } from './terraform';

/**
 * Jest global setup of the suites that need terraform plans (*.terraform.test.ts; jest runs it only when
 * one of them is selected): validates and plans every environment and organization stack once for the whole run. A failure does
 * not abort the run: the suites that need the plans fail with the reason.
 */
export default async function terraformGlobalSetup(): Promise<void> {
  try {
    await planEveryStack();
  } catch (err) {
    process.env[PLAN_FAILURE_ENV] = err instanceof Error ? err.message : String(err);
    process.stderr.write(`\n[terraform global setup] planning failed, the terraform suites will fail: ${process.env[PLAN_FAILURE_ENV]}\n`);
  }
}
