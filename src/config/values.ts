import { z } from 'zod';

/** Parsers shared by the settings of every concern: environment variables are strings, empty means unset. */

export const MiB = 1024 * 1024;

export const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

export const commaSeparated = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const optionalBoolean = z.preprocess(emptyAsUndefined, booleanFromEnv.optional());

export const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

export const positiveInteger = z.coerce.number({ message: 'must be a number' }).int('must be a whole number').positive('must be positive');

export const positiveSeconds = z.coerce.number({ message: 'must be a number of seconds' }).positive('must be positive');

export const portNumber = z.coerce.number({ message: 'must be a number' }).int().min(0).max(65535, 'must be a port number (0-65535)');

export const optionalHttpUrl = z.preprocess(
  emptyAsUndefined,
  z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional(),
);

/** HOST: where the gateway listens; auth reads it too, since an address other machines reach needs authentication. */
export const listenHost = z.string().min(1).default('127.0.0.1');

/** NODE_ENV: anything but production is development, with GraphiQL, introspection and readable logs on by default. */
export const nodeEnvironment = z.preprocess(emptyAsUndefined, z.string().optional());

export const isDevelopment = (nodeEnv: string | undefined): boolean => nodeEnv !== 'production';
