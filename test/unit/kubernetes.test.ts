import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { HEALTH_PATH, READY_PATH } from '../../src/shared/routes.js';
import { variablesTheConfigurationReads } from '../support/config-variables.js';

/** deploy/kubernetes, read as kustomize would: what the gateway needs from its pod is checked against the code and the Dockerfile. */

const root = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const documentsOf = (path: string) => parseAllDocuments(read(path)).map((document) => document.toJS() as Manifest);

interface Manifest {
  kind?: string;
  metadata?: { name?: string };
  spec?: Record<string, unknown>;
  resources?: string[];
  configMapGenerator?: { name: string; behavior?: string; literals?: string[] }[];
}
interface Probe {
  httpGet?: { path?: string; port?: string | number };
}
interface Container {
  name: string;
  image: string;
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: { allowPrivilegeEscalation?: boolean; readOnlyRootFilesystem?: boolean; capabilities?: { drop?: string[] } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  terminationGracePeriodSeconds?: number;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number; runAsGroup?: number };
  containers: Container[];
  volumes?: { name: string; secret?: { secretName: string; items?: { key: string; path: string }[] }; emptyDir?: object }[];
}

const BASE = 'deploy/kubernetes/base';
const REDIS = 'deploy/kubernetes/overlays/redis';
const base = documentsOf(`${BASE}/kustomization.yaml`)[0] ?? {};
const overlay = documentsOf(`${REDIS}/kustomization.yaml`)[0] ?? {};
const baseResources = (base.resources ?? []).flatMap((file) => documentsOf(`${BASE}/${file}`));
const deployment = baseResources.find(({ kind }) => kind === 'Deployment');
const pod = (deployment?.spec?.template as { spec: PodSpec } | undefined)?.spec;
const gateway = pod?.containers.find(({ name }) => name === 'gateway');

/** The settings the ConfigMap generators give the gateway: the base's, and the overlay's merged over them. */
function settings(...kustomizations: Manifest[]): Map<string, string> {
  const literals = kustomizations.flatMap(({ configMapGenerator = [] }) => configMapGenerator.flatMap(({ literals = [] }) => literals));
  return new Map(literals.map((literal) => [literal.slice(0, literal.indexOf('=')), literal.slice(literal.indexOf('=') + 1)]));
}

describe('deploy/kubernetes', () => {
  it('probes the routes the server answers: /health for liveness, /ready for readiness, on the port it listens on', () => {
    expect(gateway?.livenessProbe?.httpGet?.path).toBe(HEALTH_PATH);
    expect(gateway?.readinessProbe?.httpGet?.path).toBe(READY_PATH);
    const port = gateway?.ports?.find(({ name }) => name === gateway.livenessProbe?.httpGet?.port);
    expect(port?.containerPort).toBe(Number(settings(base).get('PORT')));
    expect(gateway?.readinessProbe?.httpGet?.port).toBe(port?.name);
    const service = baseResources.find(({ kind }) => kind === 'Service');
    expect((service?.spec?.ports as { targetPort: string }[] | undefined)?.[0]?.targetPort).toBe(port?.name);
    expect(settings(base).get('HOST')).toBe('0.0.0.0');
  });

  it("runs as the Dockerfile's non-root user, on a read-only root file system with a writable /tmp for upload spools", () => {
    const [, user = '', group = ''] = /^USER (\d+):(\d+)$/m.exec(read('Dockerfile')) ?? [];
    expect(Number(user)).toBeGreaterThan(0);
    expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: Number(user), runAsGroup: Number(group) });
    expect(gateway?.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    const tmp = gateway?.volumeMounts?.find(({ mountPath }) => mountPath === '/tmp');
    expect(pod?.volumes?.find(({ name }) => name === tmp?.name)?.emptyDir).toBeDefined();
  });

  it('mounts the policy Secret where AUTH_POLICY_FILE points', () => {
    const policyFile = settings(base).get('AUTH_POLICY_FILE') ?? '';
    const mounted = (pod?.volumes ?? []).flatMap(({ name, secret }) => {
      const mount = gateway?.volumeMounts?.find((candidate) => candidate.name === name);
      return secret === undefined || mount === undefined ? [] : (secret.items ?? []).map(({ path }) => `${mount.mountPath}/${path}`);
    });
    expect(mounted).toEqual([policyFile]);
  });

  it('names only settings the configuration reads, in the base and the Redis overlay', async () => {
    const known = await variablesTheConfigurationReads();
    expect([...settings(base, overlay).keys()].filter((name) => !known.has(name))).toEqual([]);
    expect(gateway?.envFrom?.map(({ configMapRef }) => configMapRef?.name).filter(Boolean)).toEqual(
      base.configMapGenerator?.map(({ name }) => name),
    );
  });

  it('asks for resources, and gives shutdown the time SHUTDOWN_TIMEOUT_SECONDS takes', () => {
    const { requests = {}, limits = {} } = gateway?.resources ?? {};
    expect(Object.keys(requests).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(limits)).toContain('memory');
    expect(pod?.terminationGracePeriodSeconds).toBeGreaterThan(Number(settings(base).get('SHUTDOWN_TIMEOUT_SECONDS')));
  });

  it("the Redis overlay points REDIS_URL at its Redis Service's port, and runs more than one replica", () => {
    expect(overlay.resources).toContain('../../base');
    expect(overlay.configMapGenerator?.[0]).toMatchObject({ name: base.configMapGenerator?.[0]?.name, behavior: 'merge' });
    const redisService = (overlay.resources ?? [])
      .filter((file) => file.endsWith('.yaml'))
      .flatMap((file) => documentsOf(`${REDIS}/${file}`))
      .find(({ kind }) => kind === 'Service');
    const port = (redisService?.spec?.ports as { port: number }[] | undefined)?.[0]?.port;
    expect(settings(base, overlay).get('REDIS_URL')).toBe(`redis://${String(redisService?.metadata?.name)}:${String(port)}/0`);
    expect((overlay as { replicas?: { count: number }[] }).replicas?.[0]?.count).toBeGreaterThan(1);
  });
});
