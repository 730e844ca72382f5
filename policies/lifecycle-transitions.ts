/**
 * The storage classes an audit bucket's lifecycle configuration moves log files to, read once per bucket for
 * the rules on small objects and on restoring archived logs.
 */
import { blocks, boolAttr, strAttr, type TfResource } from './model';
import type { Topology } from './topology';

/** Archive classes: an object there is read only after s3:RestoreObject, and S3 moves objects under 128 KB there only with `varies_by_storage_class`. */
export const ARCHIVE_CLASSES: ReadonlySet<string> = new Set(['GLACIER', 'DEEP_ARCHIVE']);

export type Transitions =
  | {
      readonly kind: 'known';
      /** Storage classes of the enabled rules' transitions (current and noncurrent versions). */
      readonly classes: readonly string[];
      /** The lifecycle resource, and whether it is the bucket's inline lifecycle_rule (which has no minimum-size setting). */
      readonly source?: TfResource;
      readonly inline: boolean;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

export function transitionsOf(topology: Topology, bucket: TfResource): Transitions {
  return topology.memo(`transitions|${bucket.address}`, () => {
    const config = topology.bucketConfig(bucket, 'lifecycle');
    if (config.kind === 'none') return { kind: 'known', classes: [], inline: false };
    if (config.kind === 'duplicate') return { kind: 'unknown', reason: `${config.addresses.length} lifecycle configurations manage the bucket` };
    if (config.kind === 'unknown') return { kind: 'unknown', reason: config.reason };
    const inline = config.source === bucket;
    const classes: string[] = [];
    for (const r of blocks(inline ? bucket.values.lifecycle_rule : config.values.rule)) {
      const enabled = inline ? boolAttr(r.enabled, true) : ((s) => (s.known ? { known: true as const, value: s.value !== 'Disabled' } : s))(strAttr(r.status));
      if (!enabled.known) return { kind: 'unknown', reason: `a lifecycle rule status cannot be resolved (${enabled.expression})` };
      if (!enabled.value) continue;
      for (const t of [...blocks(r.transition), ...blocks(r.noncurrent_version_transition)]) {
        const cls = strAttr(t.storage_class);
        if (!cls.known) return { kind: 'unknown', reason: `a transition's storage_class cannot be resolved (${cls.expression})` };
        if (cls.value !== undefined) classes.push(cls.value);
      }
    }
    return { kind: 'known', classes, source: config.source, inline };
  });
}
