import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';

/** A validator for SARIF 2.1.0 logs, from the schema the tests keep (test/policies/schemas). */
export function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(__dirname, '../policies/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // Draft-04 to draft-07: the top-level id becomes $id; nothing else in the schema differs between them.
  const { id, $schema: _draft, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s));
  ajv.addFormat('uri-reference', () => true);
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  return ajv.compile({ $id: id, ...rest });
}
