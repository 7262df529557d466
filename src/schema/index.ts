import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './bucket.js';
import './prefix.js';
import './object.js';
import './document.js';
import './job.js';
import { boundEntityCount } from './federation.js';

export const schema = builder.toSchema();

/** The same graph as an Apollo Federation v2 subgraph (FEDERATION=true): _service, _entities and the entity keys. */
export const subgraphSchema = boundEntityCount(builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' }));
