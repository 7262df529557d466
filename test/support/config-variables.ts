import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { readAwsConfiguredEndpoint } from '../../src/s3/endpoint.js';

/** Every environment variable the configuration reads, recorded as loadConfig and the AWS endpoint lookup ask for them. */
export async function variablesTheConfigurationReads(): Promise<Set<string>> {
  const names = new Set<string>();
  // An empty HOME, so that this machine's ~/.aws plays no part; HOME itself is no setting.
  const env = new Proxy<NodeJS.ProcessEnv>(
    { HOME: mkdtempSync(join(tmpdir(), 's3gw-config-variables-')) },
    {
      get(target, name) {
        if (typeof name === 'string' && name !== 'HOME') names.add(name);
        return Reflect.get(target, name) as unknown;
      },
    },
  );
  loadConfig(env, await readAwsConfiguredEndpoint(env));
  return names;
}
