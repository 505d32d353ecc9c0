/**
 * The facts every fan-out record carries besides the measurements: the machine, Node, the
 * versions of the packages on the measured paths, and how busy the machine was.
 */
import { readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canPin } from './child-process.js';

const serverPackage = fileURLToPath(new URL('../../packages/server/', import.meta.url));

function versionAt(directory: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Versions of the packages each contender runs on. */
export function packageVersions(): Record<string, string> {
  const modules = path.join(serverPackage, 'node_modules');
  const socketIo = realpathSync(path.join(modules, 'socket.io'));
  // pnpm puts a package's own dependencies beside it.
  const socketIoDeps = path.dirname(socketIo);
  const engineIo = path.join(socketIoDeps, 'engine.io');
  const engineIoWs = (() => {
    try {
      return path.join(path.dirname(realpathSync(engineIo)), 'ws');
    } catch {
      return '';
    }
  })();
  return {
    '@callboard/server': versionAt(serverPackage),
    'socket.io': versionAt(socketIo),
    'engine.io': versionAt(engineIo),
    'socket.io-adapter': versionAt(path.join(socketIoDeps, 'socket.io-adapter')),
    ws: versionAt(realpathSync(path.join(modules, 'ws'))),
    'ws (under engine.io, B-SIO)': engineIoWs ? versionAt(engineIoWs) : 'unknown',
    express: versionAt(realpathSync(path.join(modules, 'express'))),
  };
}

/** The machine as the record describes it. */
export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model,
    cores: cpus.length,
    kernel: `${os.type()} ${os.release()}`,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    pinned: canPin ? 'server on CPU 0, load generator on CPU 1 (taskset -a -cp)' : 'not pinned: taskset unavailable',
  };
}

/** 1, 5 and 15 minute load averages. */
export function loadAverage(): number[] {
  return os.loadavg().map((value) => Math.round(value * 100) / 100);
}
