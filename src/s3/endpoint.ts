import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadSharedConfigFiles } from '@smithy/core/config';

/** The endpoint AWS's own settings give S3, read with the SDK's loader and in the SDK's order, so the gateway sees what its client will use. */

const isTrue = (value: string | undefined): boolean => value?.toLowerCase() === 'true';

/** `AWS_ENDPOINT_URL_S3`, else `AWS_ENDPOINT_URL`, else the profile's `s3` services section or `endpoint_url`; none when told to ignore them. */
export async function readAwsConfiguredEndpoint(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)) return undefined;
  const fromEnvironment = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (fromEnvironment) return fromEnvironment;
  const awsDirectory = join(env.HOME ?? homedir(), '.aws');
  const { configFile } = await loadSharedConfigFiles({
    filepath: env.AWS_SHARED_CREDENTIALS_FILE ?? join(awsDirectory, 'credentials'),
    configFilepath: env.AWS_CONFIG_FILE ?? join(awsDirectory, 'config'),
    ignoreCache: true,
  });
  const profile = configFile[env.AWS_PROFILE || 'default'];
  if (profile === undefined || isTrue(profile.ignore_configured_endpoint_urls)) return undefined;
  const services = profile.services === undefined ? undefined : configFile[`services.${profile.services}`];
  return services?.['s3.endpoint_url'] ?? profile.endpoint_url;
}
