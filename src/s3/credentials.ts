import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Variables through which the SDK's standard credential chain finds credentials, besides files and instance metadata. */
const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_PROFILE',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
];

/** True when the SDK's standard credential chain has something to find besides instance metadata. */
export function hasCredentialSource(env: NodeJS.ProcessEnv): boolean {
  if (CREDENTIAL_VARIABLES.some((name) => Boolean(env[name]))) return true;
  const awsDirectory = join(homedir(), '.aws');
  const files = [env.AWS_SHARED_CREDENTIALS_FILE ?? join(awsDirectory, 'credentials'), env.AWS_CONFIG_FILE ?? join(awsDirectory, 'config')];
  return files.some((file) => existsSync(file));
}
