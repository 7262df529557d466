import { writeFileSync } from 'node:fs';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import { schema, subgraphSchema } from '../src/schema/index.js';

/** Writes schema.graphql, the checked-in SDL that clients and the contract check read. */
writeFileSync(new URL('../schema.graphql', import.meta.url), `${printSchema(schema)}\n`);
/** And schema.subgraph.graphql, what this gateway brings to a supergraph's composition (FEDERATION=true). */
writeFileSync(new URL('../schema.subgraph.graphql', import.meta.url), `${printSubgraphSchema(subgraphSchema())}\n`);
