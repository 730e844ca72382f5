import type { PostureDiff } from './compare';

/** The one-line verdict every format starts with. */
export function verdictLine(diff: PostureDiff): string {
  const s = diff.summary;
  const counts = `${s.weakening} weakening${s.covered > 0 ? ` (${s.covered} covered by waivers)` : ''}, ${s.strengthening} strengthening, ${s.neutral} neutral`;
  if (diff.verdict === 'weakening')
    return diff.ok ? `weakens the logging posture, every weakening covered by a waiver: ${counts}` : `WEAKENS the logging posture: ${counts}`;
  if (diff.verdict === 'strengthening') return `strengthens the logging posture: ${counts}`;
  return s.neutral === 0 ? 'no change to the logging posture' : `neutral for the logging posture: ${counts}`;
}
