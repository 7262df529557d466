/**
 * A stand-in for the gateway that does nothing of its own: for each GraphQL request it lists the same number of keys of the
 * bench's bucket with one anonymous ListObjectsV2 (the bench makes the bucket public-read), through the timing proxy, and
 * answers a canned page of the size asked. Its "own time" under bench/listing.ts
 * is the method's floor: what the client, the proxy, the loopback network and the process wake-ups charge any gateway.
 *
 * JavaScript run by node alone, as the compiled gateway is (see bench/direct-reader.mjs).
 *
 *   node bench/null-gateway.mjs <store endpoint>     # prints its URL on the first line
 */
import { Buffer } from 'node:buffer';
import { createServer, request, Agent } from 'node:http';
import process from 'node:process';
import { URL } from 'node:url';

const store = new URL(process.argv[2] ?? 'http://127.0.0.1:9000');
const agent = new Agent({ keepAlive: true });

/** The answer the gateway gives to a page of `first` objects, with the same fields and about the same bytes. */
function cannedPage(first) {
  const edges = Array.from({ length: first }, (_, index) => ({
    node: {
      key: `tree/d0000/f${String(index).padStart(3, '0')}.txt`,
      size: 22,
      eTag: '"0123456789abcdef0123456789abcdef"',
      lastModified: '2026-12-01T00:00:00.000Z',
    },
  }));
  return JSON.stringify({
    data: { bucket: { objects: { edges, pageInfo: { hasNextPage: true, endCursor: 'dHJlZS9kMDAwMC9mMDk5LnR4dA' } } } },
  });
}
const pages = new Map();

const server = createServer((incoming, outgoing) => {
  const chunks = [];
  incoming.on('data', (chunk) => chunks.push(chunk));
  incoming.once('end', () => {
    const { variables } = JSON.parse(Buffer.concat(chunks).toString());
    const s3 = request(
      { host: store.hostname, port: store.port, path: `/bench-listing?list-type=2&prefix=tree%2F&max-keys=${variables.first + 1}`, agent },
      (answer) => {
        answer.resume();
        answer.once('end', () => {
          const body = pages.get(variables.first) ?? cannedPage(variables.first);
          pages.set(variables.first, body);
          outgoing.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
          outgoing.end(body);
        });
      },
    );
    s3.end();
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}/graphql\n`));
