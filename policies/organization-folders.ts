/**
 * Where an organization trail writes in its log archive: `<bucket ARN>/[<prefix>/]AWSLogs/<organization id>/`,
 * as the bucket policy's statements for CloudTrail name it.
 */
import type { CompiledStatement } from './iam/evaluate';

const ORGANIZATION_FOLDER = /^(.*\/)?AWSLogs\/(o-[a-z0-9]{10,32})\/\*?$/;

/** One folder CloudTrail may write to: the object-key prefix (`[<prefix>/]AWSLogs/o-.../`) and the organization id. */
export interface OrganizationFolder {
  readonly prefix: string;
  readonly organizationId: string;
}

/** The organization folders CloudTrail's write statements name, without duplicates. */
export function organizationFolders(statements: readonly CompiledStatement[], bucketArn: string): OrganizationFolder[] {
  const folders = new Map<string, OrganizationFolder>();
  for (const s of statements) {
    if (
      s.effect !== 'Allow' ||
      !(s.principals ?? []).some((p) => p.type.toLowerCase() === 'service' && p.ids.some((id) => id?.toLowerCase().startsWith('cloudtrail.')))
    )
      continue;
    for (const r of s.resources) {
      if (r === undefined || !r.startsWith(`${bucketArn}/`)) continue;
      const m = ORGANIZATION_FOLDER.exec(r.slice(bucketArn.length + 1));
      if (m) {
        const prefix = `${m[1] ?? ''}AWSLogs/${m[2]}/`;
        folders.set(prefix, { prefix, organizationId: m[2] as string });
      }
    }
  }
  return [...folders.values()];
}
