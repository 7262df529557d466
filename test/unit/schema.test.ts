import { readFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema, subgraphSchema } from '../../src/schema/index.js';

const checkedIn = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing the schema)', () => {
    expect(checkedIn('schema.graphql')).toBe(`${printSchema(schema)}\n`);
  });
});

describe('schema.subgraph.graphql', () => {
  it('is the subgraph schema the code builds (run `npm run schema:print` after changing the schema)', () => {
    expect(checkedIn('schema.subgraph.graphql')).toBe(`${printSubgraphSchema(subgraphSchema())}\n`);
  });
});
