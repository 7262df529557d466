/** Runs the embedded store alone, in its own process, and prints its endpoint: benchmarks compare against it as a separate server. */
import { startEmbeddedStore } from '../src/embedded-store/start.js';

const directory = process.argv[2];
if (directory === undefined) throw new Error('usage: tsx bench/embedded-store.ts DIRECTORY');
const store = await startEmbeddedStore({ directory, buckets: [], port: 0 });
console.log(store.endpoint);
