import type { GatewayClient } from './client.js';

/** Where the browser is: a bucket and a folder (prefix ending in "/", or "" for the bucket's top). */
export interface Folder {
  bucket: string;
  prefix: string;
}

/** A progress bar under the toolbar, as app.ts draws them. */
export interface ProgressRow {
  update(fraction: number, text?: string): void;
  finish(text: string): void;
}

/** What app.ts lends the browser's feature modules (search, selection, drop, keyboard, folder sizes). */
export interface BrowserHooks {
  client: GatewayClient;
  /** The folder on show, if any. */
  folder(): Folder | undefined;
  /** Opens a folder of the bucket on show. */
  open(prefix: string): void;
  /** Reloads the folder on show. */
  refresh(): Promise<void>;
  /** Runs an action of the user, showing what went wrong in words a person understands. */
  attempt(action: () => Promise<void>): Promise<void>;
  progress(label: string): ProgressRow;
  /** Follows a job to its end under a progress bar. */
  followJob(label: string, id: string): Promise<void>;
}
