import { Lazy } from 'cdktf';
import { withoutTokenCreationStacks } from '../../stacks/without-token-creation-stacks';

test('tokens created inside have no creation stack; errors keep theirs; the formatter is restored', () => {
  const before = Error.prepareStackTrace;
  const outside = Lazy.stringValue({ produce: () => 'x' }) as unknown;
  const [inside, error] = withoutTokenCreationStacks(() => [Lazy.stringValue({ produce: () => 'x' }) as unknown, new Error('boom')] as const);
  const creationStackOf = (token: unknown) => (token as { creationStack?: string[] }).creationStack;
  // cdktf keeps the token object behind the string it returns: read it from the token map.
  const { TokenMap } = require('cdktf/lib/tokens/private/token-map') as { TokenMap: { instance(): { lookupString(s: string): unknown } } };
  expect(creationStackOf(TokenMap.instance().lookupString(outside as string))?.length).toBeGreaterThan(0);
  expect(creationStackOf(TokenMap.instance().lookupString(inside as string))).toEqual([]);
  expect(error.stack).toMatch(/^Error: boom\n {4}at /);
  expect(Error.prepareStackTrace).toBe(before);
});
