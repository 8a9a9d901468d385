// SPDX-License-Identifier: Apache-2.0
// Validates the AsyncAPI contract (default: docs/asyncapi.yaml) with the AsyncAPI parser, then checks every
// message example against its message's payload schema. Exits 1 on any parser error, failing example, or JSON
// message without an example; parser warnings are printed but allowed, info and hints only counted.
// Usage: node validate.mjs [path/to/asyncapi.yaml]
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
const file = path.resolve(process.argv[2] ?? path.join(here, '..', '..', 'docs', 'asyncapi.yaml'));
const root = path.resolve(here, '..', '..');
const shown = path.relative(root, file).startsWith('..') ? file : path.relative(root, file);
const text = await readFile(file, 'utf8');
const severities = ['error', 'warning', 'info', 'hint'];
let failures = 0;
let quiet = 0;

const parser = new Parser();
const { document, diagnostics } = await parser.parse(text, { source: file });
for (const d of diagnostics) {
  if (d.severity > DiagnosticSeverity.Warning) {
    quiet++;
    continue;
  }
  const at = d.range ? `${d.range.start.line + 1}:${d.range.start.character + 1}` : '?';
  const where = d.path && d.path.length ? ` (${d.path.join('.')})` : '';
  console.log(`${shown}:${at}: ${severities[d.severity]} ${d.code}: ${d.message}${where}`);
  if (d.severity === DiagnosticSeverity.Error) failures++;
}
if (!document) {
  console.log(`asyncapi: ${shown} does not parse (${failures} errors)`);
  process.exit(1);
}

// The parser's dereferenced payload schemas carry x-parser-* keys: ajv must not be strict about unknown keywords.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
let examples = 0;
for (const message of document.components().messages()) {
  const name = message.id();
  const schema = message.payload()?.json();
  const json = /json/.test(message.contentType() ?? document.defaultContentType() ?? '');
  const list = message.examples().all();
  if (json && list.length === 0) {
    console.log(`asyncapi: message ${name} has no example`);
    failures++;
  }
  if (!schema || list.length === 0) continue;
  const validate = ajv.compile(schema);
  list.forEach((example, i) => {
    examples++;
    const label = example.name() ?? String(i);
    if (!example.hasPayload()) {
      console.log(`asyncapi: message ${name} example ${label} has no payload`);
      failures++;
    } else if (!validate(example.payload())) {
      failures++;
      for (const e of validate.errors) {
        console.log(`asyncapi: message ${name} example ${label}: ${e.instancePath || '/'} ${e.message} `
          + JSON.stringify(e.params));
      }
    }
  });
}
if (failures > 0) {
  console.log(`asyncapi: ${shown}: ${failures} failure(s)`);
  process.exit(1);
}
console.log(`asyncapi: ${shown} valid; ${examples} examples match their payload schemas`
  + (quiet ? ` (${quiet} info/hint diagnostics not shown)` : ''));
