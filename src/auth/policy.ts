import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { JwtConfig } from '../config/auth.js';

/** What a caller may do: the policy file grants these per bucket pattern and key prefix. */
export const ACTIONS = ['list', 'read', 'write', 'delete', 'deleteVersion', 'manageBuckets', 'manageRetention'] as const;
export type Action = (typeof ACTIONS)[number];

const apiKeyHash = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 lower-case hex digits (npm run api-key prints one)')
  .transform((value) => value.slice('sha256:'.length));

// ${claim} in a prefix: a claim of the caller's JWT, e.g. users/${sub}/.
const TEMPLATE = /\$\{([A-Za-z_][\w.:-]*)\}/g;
const templatedPrefix = z.string().refine((prefix) => !prefix.replace(TEMPLATE, '').includes('${'), {
  message: 'a template must be ${claim}, a JWT claim name of letters, digits and _ . : -',
});

const grantSchema = z.strictObject({
  /** Which stores of STORES_FILE the grant covers; any by default, so that policies written for one store keep working. */
  stores: z
    .array(z.string().regex(/^[a-z0-9_*?-]+$/, 'must be a store name, * and ? as wildcards'))
    .min(1)
    .default(['*']),
  buckets: z.array(z.string().regex(/^[a-z0-9.*?-]+$/, 'must be a bucket name, * and ? as wildcards')).min(1),
  prefixes: z.array(templatedPrefix).min(1).default(['']),
  actions: z.array(z.enum(ACTIONS, { message: `must be one of ${ACTIONS.join(', ')}` })).min(1),
});

const principalSchema = z
  .strictObject({
    name: z.string().min(1),
    apiKeys: z.array(apiKeyHash).default([]),
    jwtSubjects: z.array(z.string().min(1)).default([]),
    jwtRoles: z.array(z.string().min(1)).default([]),
    grants: z.array(grantSchema).default([]),
  })
  .refine((principal) => principal.apiKeys.length + principal.jwtSubjects.length + principal.jwtRoles.length > 0, {
    message: 'needs apiKeys, jwtSubjects or jwtRoles: otherwise no caller is this principal',
  });

// A key of two principals would silently take one's grants, and a name is who owns jobs: each must be one principal's.
const policySchema = z.strictObject({ principals: z.array(principalSchema).min(1) }).superRefine(({ principals }, context) => {
  const firstWithName = new Map<string, number>();
  const ownerOfKey = new Map<string, string>();
  principals.forEach(({ name, apiKeys }, index) => {
    const named = firstWithName.get(name);
    if (named === undefined) firstWithName.set(name, index);
    else
      context.addIssue({
        code: 'custom',
        path: ['principals', index, 'name'],
        message: `"${name}" is also the name of principal ${named}: each principal needs a name of its own`,
      });
    apiKeys.forEach((hash, keyIndex) => {
      const owner = ownerOfKey.get(hash);
      if (owner === undefined) ownerOfKey.set(hash, name);
      else if (owner !== name)
        context.addIssue({
          code: 'custom',
          path: ['principals', index, 'apiKeys', keyIndex],
          message: `also an API key of principal "${owner}": a key belongs to one principal`,
        });
    });
  });
});

export type PolicyPrincipal = z.infer<typeof principalSchema>;
export type Policy = z.infer<typeof policySchema>;
type Grant = z.infer<typeof grantSchema>;

/** Parses a policy file (YAML, or JSON, which is YAML too); the problems are listed one per line. */
export function parsePolicy(text: string): { policy: Policy } | { problems: string[] } {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    return { problems: [`not YAML or JSON: ${(error as Error).message.split('\n')[0] ?? ''}`] };
  }
  const parsed = policySchema.safeParse(document);
  if (parsed.success) return { policy: parsed.data };
  return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`) };
}

/** Who may call: nobody is asked (a loopback gateway, or ALLOW_ANONYMOUS), or every caller is checked against a policy. */
export type AuthConfig = { kind: 'none' } | { kind: 'policy'; policy: Policy; jwt: JwtConfig | undefined };

/** Reads and parses the policy file at start; each problem starts with `setting`, the variable that named the file. */
export function readPolicyFile(file: string, setting: string): { policy: Policy } | { problems: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { problems: [`${setting}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`] };
  }
  const parsed = parsePolicy(text);
  return 'problems' in parsed ? { problems: parsed.problems.map((problem) => `${setting} ${problem}`) } : parsed;
}

/** One thing an operation needs: `action` on a key (or on every key below a prefix) in a bucket. */
export interface Permission {
  action: Action;
  bucket: string;
  /** The key or prefix; "" for the whole bucket (manageBuckets always asks for the whole bucket). */
  key: string;
  /** The store, as the request named it; undefined: the default store. */
  store?: string | null;
}

/** A permission in words, for the error that refuses it. */
export function describePermission({ action, bucket, key, store }: Permission): string {
  const where = store === undefined || store === null ? `bucket "${bucket}"` : `bucket "${bucket}" of store "${store}"`;
  if (action === 'manageBuckets') return `manage ${where}`;
  if (action === 'deleteVersion') return `delete versions of ${key === '' ? 'any object' : `"${key}"`} for good in ${where}`;
  if (action === 'manageRetention') return `change the retention or legal hold of "${key}" in ${where}`;
  const what = action === 'list' ? (key === '' ? 'the whole bucket' : `below "${key}"`) : key === '' ? 'the whole bucket' : `"${key}"`;
  return `${action} ${what} in ${where}`;
}

interface CompiledGrant {
  store: RegExp;
  bucket: RegExp;
  prefixes: string[];
  actions: ReadonlySet<Action>;
}

/** Who the caller is, for the templates of the grants: the claims of its JWT (none for an API key). */
export type IdentityClaims = Readonly<Record<string, unknown>>;

/** A claim value that would widen a template (another user's folder, a wildcard, a way up) or say nothing. */
const widens = (value: string): boolean => value === '' || value.includes('/') || value.includes('*') || value.includes('..');

/** The prefix with its templates filled in from `claims`; undefined (the prefix matches nothing) when a claim is missing or unsafe. */
export function fillTemplates(prefix: string, claims: IdentityClaims): string | undefined {
  const values = new Map<string, string>();
  for (const [, name = ''] of prefix.matchAll(TEMPLATE)) {
    const value = claims[name];
    if (typeof value !== 'string' || widens(value)) return undefined;
    values.set(name, value);
  }
  return prefix.replace(TEMPLATE, (_template, name: string) => values.get(name) ?? '');
}

const globToRegExp = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\-]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );

const anyOf = (patterns: string[]): RegExp => new RegExp(patterns.map((pattern) => globToRegExp(pattern).source).join('|'));

const compile = (grant: Grant, claims: IdentityClaims): CompiledGrant[] => {
  const prefixes = grant.prefixes.flatMap((prefix) => fillTemplates(prefix, claims) ?? []);
  // Every prefix needed a claim the caller lacks (or holds unsafely): the grant gives nothing.
  if (prefixes.length === 0) return [];
  const store = anyOf(grant.stores);
  return grant.buckets.map((pattern) => ({ store, bucket: globToRegExp(pattern), prefixes, actions: new Set(grant.actions) }));
};

/** How a caller's grants are read. */
export interface AccessOptions {
  /** The store a permission without one is in. @default "default" */
  defaultStore?: string;
  /** The caller's JWT claims, which fill the grants' templates. @default {} */
  claims?: IdentityClaims;
}

/**
 * What one caller may do. A key is inside a grant when it starts with one of the grant's prefixes; a prefix (a
 * listing, a folder operation) when every key below it is, that is when it starts with one of them too.
 */
export class Access {
  private constructor(
    private readonly grants: CompiledGrant[] | 'everything',
    private readonly defaultStore = 'default',
  ) {}

  /** No authentication configured: the anonymous caller of a loopback gateway may do everything. */
  static readonly unrestricted = new Access('everything');

  static of(principals: readonly PolicyPrincipal[], { defaultStore, claims = {} }: AccessOptions = {}): Access {
    return new Access(
      principals.flatMap((principal) => principal.grants.flatMap((grant) => compile(grant, claims))),
      defaultStore,
    );
  }

  /** Whether one of the caller's grants in `store` (undefined: the default one) passes `test`; checked per field, so no array is built. */
  private anyGrantIn(store: string | null | undefined, test: (grant: CompiledGrant) => boolean): boolean {
    if (this.grants === 'everything') return true;
    const name = store ?? this.defaultStore;
    return this.grants.some((grant) => grant.store.test(name) && test(grant));
  }

  /** `action` on the key, or on every key below the prefix, `keyOrPrefix` in `bucket` of `store` (undefined: the default one); buckets are managed with prefix "". */
  allows(action: Action, bucket: string, keyOrPrefix: string, store?: string | null): boolean {
    return this.anyGrantIn(
      store,
      (grant) => grant.actions.has(action) && grant.bucket.test(bucket) && grant.prefixes.some((prefix) => keyOrPrefix.startsWith(prefix)),
    );
  }

  /** The first of `permissions` the caller lacks; undefined when it has them all. */
  firstDenied(permissions: readonly Permission[]): Permission | undefined {
    return permissions.find(({ action, bucket, key, store }) => !this.allows(action, bucket, key, store));
  }

  /** Whether the caller may do anything at all in `bucket` (it then may see that the bucket exists). */
  touches(bucket: string, store?: string | null): boolean {
    return this.anyGrantIn(store, (grant) => grant.bucket.test(bucket));
  }

  /** Whether the caller may list anything anywhere in `store`; if not, `buckets` need not ask S3. */
  listsAnywhere(store?: string | null): boolean {
    return this.anyGrantIn(store, (grant) => grant.actions.has('list'));
  }

  /** Whether the caller may list anything in `bucket`: `buckets` shows only these. */
  listsIn(bucket: string, store?: string | null): boolean {
    return this.anyGrantIn(store, (grant) => grant.actions.has('list') && grant.bucket.test(bucket));
  }
}
