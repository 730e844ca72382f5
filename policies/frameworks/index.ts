import { framework as awsFsbp } from './aws-fsbp';
import { framework as cis } from './cis-aws-v7.0';
import { framework as iso } from './iso27001-2022';
import { framework as nist } from './nist-800-53-r5';
import { framework as pci } from './pci-dss-v4.0';
import { framework as soc2 } from './soc2';
import type { Framework } from './types';

export type { Framework, Requirement } from './types';

/** Every framework the standard maps to, requirement-first. */
export const FRAMEWORKS: readonly Framework[] = [cis, awsFsbp, soc2, iso, pci, nist];
