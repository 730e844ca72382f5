import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseSync } from '@swc/core';

/** One import of a source file: what it names, and whether it is erased at compile time (`import type`). */
export interface ImportRef {
  readonly specifier: string;
  readonly typeOnly: boolean;
}

/**
 * Every module a TypeScript file imports: `import`/`export ... from`, side-effect imports,
 * `import x = require()`, `require()` and `import()` with a string literal. Parsed with swc, so
 * strings and comments that merely look like imports are not counted.
 */
export function importsOf(source: string, fileName = 'source.ts'): ImportRef[] {
  const ast = parseSync(source, { syntax: 'typescript', tsx: fileName.endsWith('.tsx') });
  const found: ImportRef[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, any>;
    switch (n.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
        if (n.source) found.push({ specifier: n.source.value, typeOnly: Boolean(n.typeOnly) });
        break;
      case 'TsImportEqualsDeclaration':
        if (n.moduleRef?.type === 'TsExternalModuleReference') found.push({ specifier: n.moduleRef.expression.value, typeOnly: Boolean(n.isTypeOnly) });
        break;
      case 'CallExpression': {
        const callee = n.callee;
        const arg = n.arguments?.[0]?.expression;
        if ((callee?.type === 'Import' || (callee?.type === 'Identifier' && callee.value === 'require')) && arg?.type === 'StringLiteral') {
          found.push({ specifier: arg.value, typeOnly: false });
        }
        break;
      }
    }
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value);
  };
  visit(ast.body);
  return found;
}

/** What an import points at: a top-level part of this repository, a package, or a Node builtin. */
export type ImportTarget =
  | { readonly kind: 'ours'; readonly part: string }
  | { readonly kind: 'package'; readonly name: string }
  | { readonly kind: 'builtin' };

/** `part` is the top-level folder (`policies`), or the file name without extension at the root (`main`). */
export function targetOf(root: string, fromFile: string, specifier: string): ImportTarget {
  if (specifier.startsWith('.')) return { kind: 'ours', part: partOf(root, resolve(dirname(fromFile), specifier)) };
  const bare = specifier.replace(/^node:/, '');
  if (specifier.startsWith('node:') || builtinModules.includes(bare.split('/')[0] as string)) return { kind: 'builtin' };
  const segments = specifier.split('/');
  return { kind: 'package', name: specifier.startsWith('@') ? segments.slice(0, 2).join('/') : (segments[0] as string) };
}

/** The top-level part of the repository a path is in; `..` when it is outside. */
export function partOf(root: string, path: string): string {
  const rel = relative(root, path);
  if (rel.startsWith('..')) return '..';
  const first = rel.split(sep)[0] as string;
  return rel.includes(sep) ? first : first.replace(/\.[cm]?[jt]s$/, '');
}

const SKIP = new Set(['node_modules', 'dist', 'cdktf.out', 'coverage']);

/** TypeScript and JavaScript files under `dir`, skipping build output, dependencies and dot-folders. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name) || e.name.startsWith('.')) return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? sourceFiles(path) : /\.(ts|js|mjs|cjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

export function readImports(file: string): ImportRef[] {
  return importsOf(readFileSync(file, 'utf8'), file);
}
