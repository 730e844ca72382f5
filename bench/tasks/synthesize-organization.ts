import { loadOrganizations } from '../../config/load-organizations';
import { ORGANIZATIONS } from '../../config/organizations';
import { synthesizeToDirectory } from '../../stacks/build-app';

/**
 * Synthesizes the example organization with N member accounts (each attached to the SCP directly, the
 * largest configuration per member) into a directory: `synthesize-organization.js <members> <outdir>`.
 */
const [members, outdir] = [Number(process.argv[2]), process.argv[3]];
if (!Number.isInteger(members) || members < 0 || !outdir) throw new Error('usage: synthesize-organization.js <member accounts> <outdir>');
const example = ORGANIZATIONS[0];
if (!example) throw new Error('no example organization');
const accountIds = Array.from({ length: members }, (_, i) => String(100000000000 + i));
const organizations = loadOrganizations([{ ...example, members: members > 0 ? { accountIds } : example.members }]);
synthesizeToDirectory(outdir, [], organizations);
