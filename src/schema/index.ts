import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './bucket.js';
import './prefix.js';
import './object.js';
import './object-labels.js';
import './document.js';
import './versions.js';
import './job.js';
import './multipart.js';
import './store.js';
import './search.js';
import './folder.js';
import './summary.js';
import './archive.js';
import { boundEntityCount } from './federation.js';
import './object-change.js';

export const schema = builder.toSchema();

let subgraph: GraphQLSchema | undefined;

/**
 * The same graph as an Apollo Federation v2 subgraph (FEDERATION=true): _service, _entities and the entity keys.
 * Built on first use, since it takes some 200 ms that a gateway without federation need not spend at start.
 */
export const subgraphSchema = (): GraphQLSchema =>
  (subgraph ??= boundEntityCount(builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' })));
