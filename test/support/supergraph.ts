import { readFileSync } from 'node:fs';
import { composeServices, compositionHasErrors } from '@theguild/federation-composition';
import { parse } from 'graphql';
import { usersTypeDefs } from '../../examples/federation/users-subgraph.js';

/** The checked-in subgraph SDL of the gateway beside the example users subgraph, composed as a supergraph gateway would. */
export function composeExampleSupergraph(urls: { storage: string; users: string } = { storage: '', users: '' }) {
  const storageTypeDefs = parse(readFileSync(new URL('../../schema.subgraph.graphql', import.meta.url), 'utf8'));
  return composeServices([
    { name: 'storage', typeDefs: storageTypeDefs, url: urls.storage },
    { name: 'users', typeDefs: usersTypeDefs, url: urls.users },
  ]);
}

export { compositionHasErrors };
