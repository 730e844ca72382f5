import type { PostureDiff } from './compare';
import { formatDiffJson } from './format-json';
import { formatDiffMarkdown } from './format-markdown';
import { formatDiffText } from './format-text';

export type { Change, ChangeKind, Direction } from './change';
export { type DiffOptions, diffPostures, type EnvironmentDiff, type PostureDiff, type Side } from './compare';

export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function formatDiff(diff: PostureDiff, format: DiffFormat): string {
  switch (format) {
    case 'text':
      return formatDiffText(diff);
    case 'markdown':
      return formatDiffMarkdown(diff);
    case 'json':
      return formatDiffJson(diff);
  }
}
