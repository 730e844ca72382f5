import { readFileSync } from 'node:fs';
import { ConfigError, type ConfigKind } from './config-error';
import { typeOf } from './describe-issue';

/** Reads a JSON file holding an array of environments or organizations; anything else is a ConfigError naming the file. */
export function readConfigFile(path: string, kind: ConfigKind): unknown[] {
  const fail = (field: string, value: string, allowed: string) => new ConfigError(path, [{ subject: '-', field, value, allowed }], kind);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw fail('(file)', JSON.stringify(path), `cannot be read: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw fail('(file)', JSON.stringify(path), `is not valid JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(data)) throw fail('(root)', typeOf(data), `must be a JSON array of ${kind}s`);
  return data;
}
