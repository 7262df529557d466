import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * /metrics of a cluster (WORKERS above 1) answers for the whole process group: the worker that gets the request asks the
 * primary, which gathers every worker's registry with prom-client's AggregatorRegistry (counters and histograms summed).
 */

const REQUEST = 's3-graphql-gateway:group-metrics';
const ANSWER = 's3-graphql-gateway:group-metrics-answer';

interface GroupMetricsRequest {
  type: typeof REQUEST;
  id: string;
}

interface GroupMetricsAnswer {
  type: typeof ANSWER;
  id: string;
  text?: string;
  error?: string;
}

const isRequest = (message: unknown): message is GroupMetricsRequest => (message as GroupMetricsRequest | null)?.type === REQUEST;
const isAnswer = (message: unknown): message is GroupMetricsAnswer => (message as GroupMetricsAnswer | null)?.type === ANSWER;

/** In the primary: answers each worker's request with the metrics of every worker. */
export function serveGroupMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isRequest(message)) return;
    const answer = (fields: Pick<GroupMetricsAnswer, 'text' | 'error'>) => worker.send({ type: ANSWER, id: message.id, ...fields });
    aggregator.clusterMetrics().then(
      (text) => answer({ text }),
      (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

export interface GroupMetrics {
  contentType: string;
  /** The Prometheus text of every worker's metrics together. */
  read(): Promise<string>;
}

/** In a worker: lends `registry` to the primary's aggregation, and asks the primary for the group's metrics. */
export function groupMetricsOf(registry: Registry): GroupMetrics {
  AggregatorRegistry.setRegistries([registry]);
  // Constructed in a worker, it is what answers the primary's requests for this worker's metrics.
  const aggregator = new AggregatorRegistry();
  const waiting = new Map<string, (answer: GroupMetricsAnswer) => void>();
  process.on('message', (message: unknown) => {
    if (isAnswer(message)) waiting.get(message.id)?.(message);
  });
  return {
    contentType: aggregator.contentType,
    read: () =>
      new Promise((resolve, reject) => {
        const id = randomUUID();
        waiting.set(id, ({ text, error }) => {
          waiting.delete(id);
          if (text === undefined) reject(new Error(`the primary could not gather the workers' metrics: ${error ?? 'no answer'}`));
          else resolve(text);
        });
        process.send?.({ type: REQUEST, id } satisfies GroupMetricsRequest);
      }),
  };
}
