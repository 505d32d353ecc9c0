/**
 * Starts a benchmark process (a bundled server, or a TypeScript file run through tsx with Callboard
 * packages resolved to source) pinned to one CPU with `taskset`, and talks to it over IPC one
 * request at a time.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Whether `taskset` can pin processes here (checked once). */
export const canPin: boolean = spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;

/** A started process. */
export interface BenchProcess<Request, Reply> {
  readonly pid: number;
  /** Sends a request and resolves with the next message the process sends. */
  request(message: Request, timeoutMs?: number): Promise<Reply>;
  /** Resolves with the next message (for announcements such as `ready`). */
  next(timeoutMs?: number): Promise<Reply>;
  /** Ends the process (SIGTERM after `graceMs` if it did not exit on its own) and resolves once it is gone. */
  stop(graceMs?: number, goodbye?: Request): Promise<void>;
}

/** Options of {@link startBenchProcess}. */
export interface StartOptions {
  /** The CPU to pin to, if `taskset` works. */
  cpu?: number;
  /** Extra Node flags (`--expose-gc`, `--cpu-prof`, ...). */
  nodeFlags?: string[];
  env?: Record<string, string>;
}

/** Forks `script` (TypeScript through tsx, JavaScript as it is) and pins it. */
export function startBenchProcess<Request, Reply>(script: URL, options: StartOptions = {}): BenchProcess<Request, Reply> {
  const typescript = script.pathname.endsWith('.ts');
  const child: ChildProcess = fork(fileURLToPath(script), [], {
    cwd: repoRoot,
    execArgv: [...(typescript ? ['--conditions=@callboard/source', '--import', 'tsx'] : []), ...(options.nodeFlags ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (child.pid === undefined) throw new Error(`could not start ${script.pathname}`);
  if (canPin && options.cpu !== undefined) {
    // -a: every thread of the process (V8 and libuv workers too); later threads inherit it.
    spawnSync('taskset', ['-a', '-cp', String(options.cpu), String(child.pid)], { stdio: 'ignore' });
  }
  const inbox: Reply[] = [];
  const waiters: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];
  let exitError: Error | undefined;
  child.on('message', (message: Reply) => {
    const waiter = waiters.shift();
    if (waiter) waiter.resolve(message);
    else inbox.push(message);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exitError = new Error(`${script.pathname} exited (${code ?? signal})`);
      for (const waiter of waiters.splice(0)) waiter.reject(exitError);
      resolve();
    });
  });

  function next(timeoutMs = 120_000): Promise<Reply> {
    const queued = inbox.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (exitError) return Promise.reject(exitError);
    return new Promise<Reply>((resolve, reject) => {
      const waiter = {
        resolve: (reply: Reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error: Error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`${script.pathname} did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  }

  return {
    pid: child.pid,
    next,
    request(message, timeoutMs) {
      const reply = next(timeoutMs);
      child.send(message as object);
      return reply;
    },
    async stop(graceMs = 3_000, goodbye) {
      if (exitError) return;
      if (goodbye !== undefined) child.send(goodbye as object);
      else child.disconnect();
      const timer = setTimeout(() => child.kill('SIGTERM'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
