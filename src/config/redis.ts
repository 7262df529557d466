import { z } from 'zod';
import { commaSeparated, emptyAsUndefined, optionalString, positiveInteger } from './values.js';

/** Shared state on Redis: durable jobs (and what builds on the same connection). Without REDIS_URL, everything stays in memory. */

const hostAndPort = z
  .string()
  .regex(/^[^\s:]+:\d{1,5}$/, 'must be a comma-separated list of host:port')
  .transform((address) => {
    const separator = address.lastIndexOf(':');
    return { host: address.slice(0, separator), port: Number(address.slice(separator + 1)) };
  });

const addressList = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? commaSeparated(value) : undefined),
  z.array(hostAndPort).min(1).optional(),
);

const redisUrl = z.preprocess(
  emptyAsUndefined,
  z.url({ protocol: /^rediss?$/, message: 'must be a redis:// or rediss:// URL' }).optional(),
);

interface RedisAddress {
  host: string;
  port: number;
}

export type RedisTopology =
  { kind: 'server' } | { kind: 'sentinel'; sentinels: RedisAddress[]; name: string } | { kind: 'cluster'; nodes: RedisAddress[] };

export const redisSettings = z
  .object({
    REDIS_URL: redisUrl,
    REDIS_SENTINELS: addressList,
    REDIS_SENTINEL_NAME: optionalString,
    REDIS_CLUSTER_NODES: addressList,
    JOB_LOCK_SECONDS: positiveInteger.default(30),
    JOB_STALLED_CHECK_SECONDS: positiveInteger.default(30),
    JOB_ATTEMPTS: positiveInteger.max(100).default(3),
  })
  .superRefine((env, context) => {
    const needsUrl = (name: string) =>
      context.addIssue({ code: 'custom', path: [name], message: 'needs REDIS_URL (which carries the password, TLS and database)' });
    if (env.REDIS_URL !== undefined && !/^\/?\d*$/.test(new URL(env.REDIS_URL).pathname))
      context.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'its path must be a database number, like redis://host:6379/0' });
    if (env.REDIS_URL === undefined) {
      if (env.REDIS_SENTINELS !== undefined) needsUrl('REDIS_SENTINELS');
      if (env.REDIS_CLUSTER_NODES !== undefined) needsUrl('REDIS_CLUSTER_NODES');
    }
    if ((env.REDIS_SENTINELS === undefined) !== (env.REDIS_SENTINEL_NAME === undefined))
      context.addIssue({ code: 'custom', path: ['REDIS_SENTINEL_NAME'], message: 'REDIS_SENTINELS and REDIS_SENTINEL_NAME go together' });
    if (env.REDIS_SENTINELS !== undefined && env.REDIS_CLUSTER_NODES !== undefined)
      context.addIssue({ code: 'custom', path: ['REDIS_CLUSTER_NODES'], message: 'Sentinel and Cluster exclude each other' });
  })
  .transform((env) => {
    if (env.REDIS_URL === undefined) return { redis: undefined, secrets: [] };
    const url = new URL(env.REDIS_URL);
    const database = url.pathname.replace(/^\//, '');
    const server = {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: url.port === '' ? 6379 : Number(url.port),
      username: url.username === '' ? undefined : decodeURIComponent(url.username),
      password: url.password === '' ? undefined : decodeURIComponent(url.password),
      tls: url.protocol === 'rediss:',
      database: database === '' ? 0 : Number(database),
    };
    let topology: RedisTopology = { kind: 'server' };
    if (env.REDIS_SENTINELS !== undefined && env.REDIS_SENTINEL_NAME !== undefined)
      topology = { kind: 'sentinel', sentinels: env.REDIS_SENTINELS, name: env.REDIS_SENTINEL_NAME };
    else if (env.REDIS_CLUSTER_NODES !== undefined) topology = { kind: 'cluster', nodes: env.REDIS_CLUSTER_NODES };
    return {
      redis: {
        /** Where and how to connect: the URL's server, or its credentials and TLS for the Sentinel master or the Cluster nodes. */
        server,
        topology,
        jobs: {
          /** How long a running job's lock lasts without renewal: a job whose process died is taken over after at most this plus the check interval. */
          lockMs: env.JOB_LOCK_SECONDS * 1000,
          /** How often each instance looks for jobs whose lock has expired. */
          stalledCheckMs: env.JOB_STALLED_CHECK_SECONDS * 1000,
          /** Runs of one job before it ends FAILED (a crash of its process counts as one). */
          attempts: env.JOB_ATTEMPTS,
        },
      },
      /** The Redis password, never to be logged. */
      secrets: server.password === undefined ? [] : [server.password],
    };
  });

export type RedisConfig = NonNullable<z.output<typeof redisSettings>['redis']>;
