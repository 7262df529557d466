/** graphql-yoga with its own multipart handling, which buffers a File whole: the baseline bench:transfer compares against. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';

const yoga = createYoga({
  maxRequestBodySize: false,
  schema: createSchema({
    typeDefs: 'scalar File\ntype Query { ok: Boolean }\ntype Mutation { upload(file: File!): Float! }',
    resolvers: {
      Mutation: {
        upload: async (_root: unknown, { file }: { file: File }) => {
          let bytes = 0;
          const reader = file.stream().getReader();
          for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.length;
          return bytes;
        },
      },
    },
  }),
});
const server = createServer((request, response) => void yoga.handle(request, response));
server.listen(0, '127.0.0.1', () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`));
