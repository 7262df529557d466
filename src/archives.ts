import { randomBytes } from 'node:crypto';
import type { KeptState } from './kept-state.js';

/** What an archive link streams: entries named below `base`, from single keys and whole prefixes, each already granted to its creator. */
export interface ArchivePlan {
  /** The store of `bucket`; undefined: the default one. */
  store?: string;
  bucket: string;
  /** Entry names are keys without it. */
  base: string;
  /** Keys, and prefixes (ending with "/") whose every object goes in. */
  sources: string[];
  name: string;
  expiresAtMs: number;
}

// 256 random bits: the link is the credential, so it must not be guessed.
const TOKEN_BYTES = 32;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const linkKey = (token: string) => `archive\n${token}`;

/** Archive links, kept until they expire: the plan is stored, and the link carries only its unguessable token. */
export class ArchiveLinks {
  constructor(
    private readonly state: KeptState,
    readonly lifetimeSeconds: number,
  ) {}

  async create(plan: ArchivePlan): Promise<string> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    await this.state.set(linkKey(token), JSON.stringify(plan), this.lifetimeSeconds);
    return token;
  }

  /** The plan behind a token; undefined when it is unknown or expired. */
  async open(token: string): Promise<ArchivePlan | undefined> {
    if (!TOKEN.test(token)) return undefined;
    const text = await this.state.get(linkKey(token));
    const plan = text === undefined ? undefined : (JSON.parse(text) as ArchivePlan);
    return plan !== undefined && plan.expiresAtMs > Date.now() ? plan : undefined;
  }
}
