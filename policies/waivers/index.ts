import type { Waiver } from '../waivers';

/**
 * The project's waivers. Each is reviewed like code: add one only with an exact rule, resource address and
 * environment, a reason of at least 20 characters, an expiry date and an approver.
 */
export const WAIVERS: readonly Waiver[] = [];
