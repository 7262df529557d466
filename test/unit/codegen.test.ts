import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

describe('the typed client (graphql-codegen)', () => {
  it('is generated from the current schema.graphql (run `npm run codegen` after changing the schema or a document)', async () => {
    // A document that no longer fits the schema makes generate() throw, naming the field.
    const outputs = (await generate({ ...config, silent: true }, false)) as { filename: string; content: string }[];
    expect(outputs.length).toBeGreaterThan(0);
    for (const { filename, content } of outputs) expect(await readFile(filename, 'utf8'), filename).toBe(content);
  });
});
