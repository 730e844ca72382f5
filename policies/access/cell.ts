import type { Tri } from '../iam/tri';

/** One decision of an access matrix: allowed, denied, or unknown (a policy or ARN it needs cannot be read). */
export type Cell = 'allow' | 'deny' | 'unknown';

export const cellOf = (t: Tri): Cell => (t === 'yes' ? 'allow' : t === 'no' ? 'deny' : 'unknown');
