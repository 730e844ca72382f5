/**
 * How TypeScript becomes JavaScript here, for the build (scripts/build.js) and for jest (@swc/jest):
 * the same settings tsconfig.json gives tsc (ES2022, CommonJS, define semantics for class fields).
 * swc transpiles without type checking; `npm run typecheck` (tsc --noEmit) checks types.
 */
module.exports = {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022', transform: { useDefineForClassFields: true } },
  module: { type: 'commonjs' },
};
