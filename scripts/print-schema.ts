import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

/** Writes schema.graphql, the checked-in SDL that clients and the contract check read. */
writeFileSync(new URL('../schema.graphql', import.meta.url), `${printSchema(schema)}\n`);
