import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const LAUNCHER = fileURLToPath(new URL('./callboard-from-source.mjs', import.meta.url));
const REPO_ROOT = path.resolve(path.dirname(LAUNCHER), '../../../../..');

/** A `callboard` child process. Test-only. */
export interface CallboardProcess {
  child: ChildProcess;
  /** The base URL from its "listening" log line. */
  url: string;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal name) once it has exited. */
  exited: Promise<number | string>;
}

/**
 * Starts `callboard start <args>` from source as a child process with only the given environment
 * (plus PATH), and resolves once it logs that it is listening. Rejects with its output if it
 * exits first or does not listen within `timeoutMs`.
 */
export function spawnCallboard(args: string[], env: Record<string, string> = {}, timeoutMs = 30_000): Promise<CallboardProcess> {
  const child = spawn(process.execPath, ['--conditions=@callboard/source', '--import', 'tsx', LAUNCHER, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`callboard did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stdout!.on('data', (more: Buffer) => (output += more.toString()));
        resolve({ child, url: match[1]!, output: () => output, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`callboard exited (${code}) before listening:\n${output}`));
    });
  });
}

/** Resolves when the child has written output matching `text` (checked on each chunk it writes). Test-only. */
export function outputIncludes(callboard: CallboardProcess, text: string | RegExp): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      const output = callboard.output();
      if (typeof text === 'string' ? !output.includes(text) : !text.test(output)) return;
      callboard.child.stdout!.off('data', check);
      resolve();
    };
    callboard.child.stdout!.on('data', check);
    check();
  });
}

/** Runs `callboard <args>` to completion and returns its exit code and output. Test-only. */
export async function runCallboard(args: string[], env: Record<string, string> = {}): Promise<{ code: number | string; output: string }> {
  const child = spawn(process.execPath, ['--conditions=@callboard/source', '--import', 'tsx', LAUNCHER, ...args], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | string>((resolve) => child.once('exit', (c, s) => resolve(c ?? s ?? -1)));
  return { code, output };
}
