/**
 * A glob as IAM's StringLike and ArnLike read them: `*` matches any run of characters (`/` and `:`
 * included), `?` any one character, everything else itself, case-sensitively.
 */
export function globMatcher(glob: string): (value: string) => boolean {
  const source = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const re = new RegExp(`^${source}$`, 's');
  return (value) => re.test(value);
}
