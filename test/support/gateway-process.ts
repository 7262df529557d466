import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The gateway as a process of its own (src/main.ts through tsx), for what only a process shows: signals, crashes, clusters. */

/** Node's arguments that run the gateway from source. */
export const GATEWAY_ARGS = ['--import', import.meta.resolve('tsx'), fileURLToPath(new URL('../../src/main.ts', import.meta.url))];

export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/** Starts the gateway (from source unless `args` names another entry) in `cwd` with exactly `env` (plus PATH) and waits for its start-up line. */
export async function spawnGateway(cwd: string, env: Record<string, string>, args: string[] = GATEWAY_ARGS): Promise<GatewayProcess> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: cwd, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A gateway that never says where it listens must not outlive the test run.
      child.kill('SIGKILL');
      reject(new Error(`gateway did not start:\n${output}`));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL at (http:\/\/\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`gateway exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output, exited };
}
