import { CallboardError } from '@callboard/core';
import packageJson from '../../package.json' with { type: 'json' };
import { parseConfig } from '../config/parse-config.js';
import { backupSqlite, parseBackupArgs } from './backup-sqlite.js';
import { createLogger } from './create-logger.js';
import { HELP_TEXT } from './help-text.js';
import { startCallboard } from './start-callboard.js';

/** Where the CLI writes and what it reads; injectable for tests. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
  stopSignal: () => Promise<string>;
}

/**
 * The `callboard` command. Resolves with the exit code: `start` resolves once the server has
 * shut down after SIGINT/SIGTERM.
 *
 * @example
 * // bin/callboard.mjs
 * main(process.argv.slice(2)).then((code) => (process.exitCode = code));
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    io.stdout(HELP_TEXT);
    return command === undefined ? 1 : 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${packageJson.version}\n`);
    return 0;
  }
  if (command === 'backup') return backup(rest, io);
  if (command !== 'start') {
    io.stderr(`callboard: unknown command "${command}"\n\n${HELP_TEXT}`);
    return 1;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(HELP_TEXT);
    return 0;
  }
  let config;
  try {
    config = parseConfig({ argv: rest, env: io.env, cwd: io.cwd });
  } catch (error) {
    printError(io, error);
    return 2;
  }
  const logger = createLogger(config.logLevel);
  let running;
  try {
    running = await startCallboard(config, logger);
  } catch (error) {
    if (CallboardError.isInstance(error)) io.stderr(`callboard: ${error.message}\n`);
    else logger.fatal({ err: error }, 'Callboard failed to start');
    return 1;
  }
  const signal = await io.stopSignal();
  logger.info({ signal }, 'Shutting down: finishing in-flight requests');
  await running.close();
  return 0;
}

/** `callboard backup <file> [--db <path>]`: 0 when written, 2 for bad arguments, 1 when the copy failed. */
function backup(argv: string[], io: CliIo): number {
  let args;
  try {
    args = parseBackupArgs(argv, io.env, io.cwd);
  } catch (error) {
    printError(io, error);
    return 2;
  }
  try {
    const result = backupSqlite(args.source, args.destination);
    const mb = (result.bytes / 1_048_576).toFixed(1);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    io.stdout(`Backed up ${result.source} to ${result.destination}: ${count(result.calls, 'call')}, ${count(result.events, 'event')}, ${mb} MB\n`);
    return 0;
  } catch (error) {
    printError(io, error);
    return 1;
  }
}

/** One line on stderr: a `CallboardError`'s message, or the thrown value. */
function printError(io: CliIo, error: unknown): void {
  io.stderr(`callboard: ${CallboardError.isInstance(error) ? error.message : String(error)}\n`);
}

function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stopSignal: () =>
      new Promise((resolve) => {
        const stop = (signal: string) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          // A second signal while shutting down stops at once.
          process.once('SIGINT', () => process.exit(130));
          process.once('SIGTERM', () => process.exit(143));
          resolve(signal);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      }),
  };
}
