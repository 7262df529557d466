import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Access, parsePolicy, type Policy } from '../../src/auth/policy.js';

function policyOf(text: string): Policy {
  const parsed = parsePolicy(text);
  if ('problems' in parsed) throw new Error(parsed.problems.join('\n'));
  return parsed.policy;
}

const HASH = `sha256:${'a'.repeat(64)}`;

describe('parsePolicy', () => {
  it('reads YAML and JSON, with a whole bucket and no API keys as defaults', () => {
    const yaml = policyOf(
      `principals:\n  - name: alice\n    jwtSubjects: [alice]\n    grants:\n      - buckets: [photos]\n        actions: [read]\n`,
    );
    expect(yaml.principals[0]).toMatchObject({
      name: 'alice',
      apiKeys: [],
      grants: [{ buckets: ['photos'], prefixes: [''], actions: ['read'] }],
    });
    const json = policyOf(JSON.stringify({ principals: [{ name: 'ci', apiKeys: [HASH], grants: [] }] }));
    expect(json.principals[0]?.apiKeys).toEqual(['a'.repeat(64)]);
  });

  it('keeps policy files written before manageRetention working: write does not grant it, only a grant that names it', () => {
    const [before, after] = ['[list, read, write, delete, manageBuckets]', '[read, manageRetention]'].map((actions) =>
      Access.of(
        policyOf(`principals:\n  - name: a\n    jwtSubjects: [a]\n    grants: [{ buckets: [docs], actions: ${actions} }]\n`).principals,
      ),
    );
    expect(before?.allows('write', 'docs', 'contract.pdf')).toBe(true);
    expect(before?.allows('manageRetention', 'docs', 'contract.pdf')).toBe(false);
    expect(after?.allows('manageRetention', 'docs', 'contract.pdf')).toBe(true);
  });

  it('names every problem: unknown actions and fields, raw keys, principals nobody can be', () => {
    const parsed = parsePolicy(`principals:
  - name: a
    apiKeys: [not-a-hash]
    grants: [{ buckets: [photos], actions: [read, destroy] }]
  - name: b
    grants: []
  - name: c
    jwtRoles: [x]
    grants: [{ buckets: [photos], actions: [read], prefix: typo/ }]
`);
    expect('problems' in parsed && parsed.problems).toEqual([
      expect.stringMatching(/^principals\.0\.apiKeys\.0: must be "sha256:"/),
      expect.stringMatching(
        /^principals\.0\.grants\.0\.actions\.1: must be one of list, read, write, delete, deleteVersion, manageBuckets, manageRetention/,
      ),
      expect.stringMatching(/^principals\.1: needs apiKeys, jwtSubjects or jwtRoles/),
      expect.stringMatching(/^principals\.2\.grants\.0: Unrecognized key: "prefix"/),
    ]);
    expect(parsePolicy('principals: [')).toEqual({ problems: [expect.stringMatching(/^not YAML or JSON/)] });
  });

  it('refuses an API key given to two principals, and two principals of one name', () => {
    const parsed = parsePolicy(`principals:
  - { name: alice, apiKeys: ["${HASH}"] }
  - { name: bob, apiKeys: ["sha256:${'b'.repeat(64)}", "${HASH}"] }
  - { name: alice, jwtSubjects: [alice] }
`);
    expect('problems' in parsed && parsed.problems).toEqual([
      expect.stringMatching(/^principals\.1\.apiKeys\.1: .*also an API key of principal "alice"/),
      expect.stringMatching(/^principals\.2\.name: .*"alice" is also the name of principal 0/),
    ]);
  });
});

describe('Access', () => {
  const access = Access.of(
    policyOf(`principals:
  - name: alice
    jwtSubjects: [alice]
    grants:
      - { buckets: [photos], prefixes: [users/alice/], actions: [list, read, write, delete] }
      - { buckets: ["team-*"], actions: [list, read, manageBuckets] }
`).principals,
  );

  it('grants keys and prefixes inside a granted prefix only', () => {
    expect(access.allows('read', 'photos', 'users/alice/cat.jpg')).toBe(true);
    expect(access.allows('list', 'photos', 'users/alice/')).toBe(true);
    expect(access.allows('list', 'photos', 'users/alice/2024/')).toBe(true);
    // "users/alice" (no slash) would list users/alice2/ too; "users/" every user.
    expect(access.allows('list', 'photos', 'users/alice')).toBe(false);
    expect(access.allows('list', 'photos', 'users/')).toBe(false);
    expect(access.allows('read', 'photos', 'users/bob/cat.jpg')).toBe(false);
    expect(access.allows('manageBuckets', 'photos', '')).toBe(false);
  });

  it('matches bucket patterns whole, with * and ?', () => {
    expect(access.allows('read', 'team-a', 'any/key')).toBe(true);
    expect(access.allows('manageBuckets', 'team-new', '')).toBe(true);
    expect(access.allows('read', 'my-team-a', 'x')).toBe(false);
    expect(access.allows('write', 'team-a', 'x')).toBe(false);
    expect(access.allows('read', 'photosx', 'users/alice/a')).toBe(false);
  });

  it('knows which buckets the caller may see and list', () => {
    expect(access.touches('photos')).toBe(true);
    expect(access.touches('private')).toBe(false);
    expect(access.listsIn('team-b')).toBe(true);
    expect(Access.of([]).listsAnywhere()).toBe(false);
    expect(
      access.firstDenied([
        { action: 'read', bucket: 'photos', key: 'users/alice/a' },
        { action: 'delete', bucket: 'team-a', key: 'k' },
      ]),
    ).toEqual({
      action: 'delete',
      bucket: 'team-a',
      key: 'k',
    });
  });

  it('lets the unrestricted (no authentication) caller do everything', () => {
    expect(Access.unrestricted.allows('manageBuckets', 'anything', '')).toBe(true);
    expect(Access.unrestricted.listsAnywhere()).toBe(true);
  });
});

describe('examples/policy.yaml', () => {
  it('is a valid policy that grants what its comments say', () => {
    const policy = policyOf(readFileSync(new URL('../../examples/policy.yaml', import.meta.url), 'utf8'));
    const byName = new Map(policy.principals.map((principal) => [principal.name, Access.of([principal])]));
    expect(byName.get('thumbnailer')?.allows('write', 'photos', 'thumbnails/a.jpg')).toBe(true);
    expect(byName.get('thumbnailer')?.allows('write', 'photos', 'uploads/a.jpg')).toBe(false);
    expect(byName.get('alice')?.allows('delete', 'photos', 'users/alice/a.jpg')).toBe(true);
    expect(byName.get('operators')?.allows('manageBuckets', 'anything', '')).toBe(true);
  });
});

describe('grants per store and identity templates', () => {
  const policy = policyOf(`principals:
  - name: users
    jwtRoles: [user]
    grants:
      - stores: [onprem, "r2-*"]
        buckets: [home]
        prefixes: ["users/\${sub}/", "teams/\${team}/\${sub}/"]
        actions: [list, read, write]
  - name: legacy
    jwtRoles: [legacy]
    grants:
      - buckets: [photos]
        actions: [read]
`);
  const [users, legacy] = policy.principals;

  it('lets a grant name stores by pattern, and covers every store when it names none (old policies keep working)', () => {
    const access = Access.of(
      [users, legacy].filter((principal) => principal !== undefined),
      {
        defaultStore: 'onprem',
        claims: { sub: 'alice', team: 'blue' },
      },
    );
    expect(access.allows('write', 'home', 'users/alice/notes.txt', 'onprem')).toBe(true);
    expect(access.allows('write', 'home', 'users/alice/notes.txt')).toBe(true);
    expect(access.allows('write', 'home', 'users/alice/notes.txt', 'r2-public')).toBe(true);
    expect(access.allows('write', 'home', 'users/alice/notes.txt', 'aws')).toBe(false);
    expect(access.allows('read', 'home', 'teams/blue/alice/plan.md', 'onprem')).toBe(true);
    expect(access.allows('read', 'home', 'users/bob/notes.txt', 'onprem')).toBe(false);
    expect(access.allows('list', 'home', 'users/', 'onprem')).toBe(false);
    expect(access.allows('read', 'photos', 'a.jpg', 'aws')).toBe(true);
    expect(access.allows('read', 'photos', 'a.jpg', 'onprem')).toBe(true);
  });

  it('gives nothing through a template whose claim is missing, empty, or holds /, * or ..', () => {
    for (const sub of ['', 'a/b', '*', '..', 'x..y', 'alice/../bob', undefined, 42]) {
      const access = Access.of(users === undefined ? [] : [users], { defaultStore: 'onprem', claims: { sub, team: 'blue' } });
      for (const key of ['users/', 'users/a/b/x', 'users/*/x', 'users/../x', 'users/bob/x', `users/${String(sub)}/x`, 'teams/blue/'])
        expect(access.allows('read', 'home', key, 'onprem')).toBe(false);
    }
    // A key caller has no claims: templated grants give it nothing.
    expect(Access.of(users === undefined ? [] : [users]).allows('read', 'home', 'users//x', 'onprem')).toBe(false);
  });

  it('refuses a template that is not ${claim}, and a store pattern that is no store name', () => {
    const parsed = parsePolicy(`principals:
  - name: a
    jwtRoles: [x]
    grants: [{ stores: [On Prem], buckets: [b], prefixes: ["users/\${sub/"], actions: [read] }]
`);
    expect('problems' in parsed && parsed.problems).toEqual([
      expect.stringMatching(/^principals\.0\.grants\.0\.stores\.0: must be a store name/),
      expect.stringMatching(/^principals\.0\.grants\.0\.prefixes\.0: a template must be \$\{claim\}/),
    ]);
  });
});
