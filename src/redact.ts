import { inspect } from 'node:util';

/** Secrets by their shape: what S3 and HTTP put in URLs, headers and error messages. */
const SECRET_SHAPES: [RegExp, string][] = [
  // Presigned URLs (query) and SigV4 Authorization headers.
  [/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"'<]+/gi, '$1[redacted]'],
  [/((?:Signature|Credential)=)[^,\s"'&<]+/g, '$1[redacted]'],
  // Access key ids (long-term AKIA…, temporary ASIA…).
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '[redacted key id]'],
  // JWTs and bearer credentials (API keys).
  [/\beyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[redacted JWT]'],
  [/(Bearer\s+)[^\s"',]+/gi, '$1[redacted]'],
  [/((?:x-api-key|x-amz-security-token|secretAccessKey|sessionToken|password)["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, '$1[redacted]'],
];

let configuredSecrets: string[] = [];

/** Values known to be secret (AWS_SECRET_ACCESS_KEY, JWT_SECRET, ...): redacted wherever they appear, whatever their shape. */
export function registerSecrets(secrets: readonly (string | undefined)[]): void {
  configuredSecrets = secrets.filter((secret): secret is string => secret !== undefined && secret.length >= 8);
}

export function redact(text: string): string {
  let clean = text;
  for (const secret of configuredSecrets) clean = clean.replaceAll(secret, '[redacted]');
  for (const [shape, replacement] of SECRET_SHAPES) clean = clean.replace(shape, replacement);
  return clean;
}

/** A log argument as text, secrets redacted: strings as they are, anything else (errors, objects) inspected first. */
export const redactedText = (argument: unknown): string =>
  redact(typeof argument === 'string' ? argument : inspect(argument, { depth: 4, breakLength: Infinity }));
