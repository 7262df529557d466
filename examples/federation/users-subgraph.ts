/**
 * A second subgraph for the federation example: users whose avatars are objects of the gateway's subgraph.
 * It stores only each avatar's key; `avatar` is an entity reference the supergraph resolves through the gateway
 * (size, contentType, downloadUrl, and the caller's policy applied there). Run it with
 * `PORT=4002 AVATAR_BUCKET=avatars npx tsx examples/federation/users-subgraph.ts`.
 */
import { createServer } from 'node:http';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { createYoga } from 'graphql-yoga';

export interface User {
  id: string;
  name: string;
  avatarKey: string;
}

// S3Object and Bucket are the gateway's entities: declared here by their keys only, and not resolvable here.
export const usersTypeDefs = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.6", import: ["@key"])

  type Query {
    users: [User!]!
    user(id: ID!): User
  }

  type User @key(fields: "id") {
    id: ID!
    name: String!
    avatarKey: String!
    avatar: S3Object
  }

  type S3Object @key(fields: "bucket { name } key", resolvable: false) {
    bucket: Bucket!
    key: String!
  }

  type Bucket @key(fields: "name", resolvable: false) {
    name: String!
  }
`);

export function createUsersSubgraph(users: User[], avatarBucket: string) {
  const findUser = (id: string) => users.find((user) => user.id === id) ?? null;
  const schema = buildSubgraphSchema({
    typeDefs: usersTypeDefs,
    resolvers: {
      Query: { users: () => users, user: (_root: unknown, { id }: { id: string }) => findUser(id) },
      User: {
        __resolveReference: ({ id }: { id: string }) => findUser(id),
        // A reference, not the object: the supergraph asks the gateway for the fields the query selects.
        avatar: (user: User) => ({ __typename: 'S3Object', bucket: { name: avatarBucket }, key: user.avatarKey }),
      },
    },
  });
  return createYoga({ schema, graphqlEndpoint: '/graphql', landingPage: false });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const users: User[] = [
    { id: '1', name: 'Ada', avatarKey: 'users/1.png' },
    { id: '2', name: 'Grace', avatarKey: 'users/2.png' },
  ];
  const port = Number(process.env.PORT ?? 4002);
  createServer(createUsersSubgraph(users, process.env.AVATAR_BUCKET ?? 'avatars')).listen(port, '127.0.0.1', () =>
    console.log(`users subgraph on http://127.0.0.1:${port}/graphql`),
  );
}
