#!/usr/bin/env node
/**
 * Checks the conventions in shared/CONVENTIONS.md that a machine can check:
 *
 * - `core-node-builtin`: shipped code in packages/core/src imports a Node built-in
 *   (`node:*`, `fs`, `crypto`, ...) or uses `Buffer` or `process.` (core runs on edge runtimes).
 * - `provider-folder`: a folder packages/core/src/providers/<id>/ lacks one of `index.ts`,
 *   `<id>-provider.ts`, `<id>-parse-webhook.ts`, `<id>-actions.ts`, `<id>-verify-signature.ts`
 *   (the simulated provider verifies nothing, so it needs no verify file).
 * - `throw-new-error`: library source (packages/<pkg>/src, not tests) throws a plain `Error`
 *   outside the allowlist below: errors are CallboardError subclasses with codes.
 * - `vague-file-name`: a file named utils/helpers/manager (.ts, .tsx, .js, ...) exists.
 *
 * Code is read with the TypeScript parser, so comments and strings never trip a rule.
 * Test code is exempt from the first and third rules: `*.test.ts(x)`, `*.bench.ts`, files under
 * `__tests__/` or `__fixtures__/`, files with `test`, `mock`, `fixture` or `stub` as a word of
 * their name (`postgres-test-database.ts`, `mock-telnyx-api.ts`), and modules that import
 * `vitest`: test support that only runs under the test runner. The public test helpers in
 * packages/core/src/testing/ ship, so they are checked.
 *
 * Usage: `node scripts/check-conventions.mjs [root]`. Exits 1 and lists every problem when
 * something is off. `checkConventions(root)` returns the problems for tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/**
 * The `throw new Error(...)` statements that are allowed: impossible states only. Each entry
 * names the file and a piece of the thrown expression's text, so another plain throw in the
 * same file is still reported.
 */
export const THROW_NEW_ERROR_ALLOWLIST = [
  {
    file: 'packages/core/src/testing/telnyx.ts',
    contains: 'Web Crypto exported an Ed25519 key without its public part',
    why: 'a JWK export of an Ed25519 key pair always carries x',
  },
  {
    file: 'packages/server/src/store/append/append-batch.ts',
    contains: 'which cannot be loaded',
    why: 'the store just claimed the call id inside the same transaction',
  },
];

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);
/** Generated output, relative to the root. */
const SKIPPED_PATHS = new Set(['docs/api', 'bench/results']);
const SOURCE_FILE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
const VAGUE_NAME = /^(?:utils|helpers|manager)\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;
const TEST_FILE = /\.(?:test|spec|bench)\.(?:[cm]?ts|tsx|[cm]?js|jsx)$|\.d\.[cm]?ts$/;
/** A file named with one of these words is test support: `postgres-test-database.ts`, `mock-telnyx-api.ts`. */
const TEST_SUPPORT_WORDS = new Set(['test', 'tests', 'mock', 'mocks', 'fixture', 'fixtures', 'stub', 'stubs']);
const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

/** @typedef {{ rule: 'core-node-builtin' | 'provider-folder' | 'throw-new-error' | 'vague-file-name', file: string, line?: number, message: string }} Problem */

/**
 * Every convention problem under `root` (the monorepo root), in a stable order.
 * @param {string} root
 * @returns {Problem[]}
 */
export function checkConventions(root) {
  /** @type {Problem[]} */
  const problems = [];
  for (const file of walk(root, root)) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (VAGUE_NAME.test(name)) {
      problems.push({ rule: 'vague-file-name', file, message: `"${name}" says nothing about what it holds: name the file after its one export (CONVENTIONS.md §7)` });
    }
    const inPackageSrc = /^packages\/[^/]+\/src\//.test(file);
    if (!inPackageSrc || !SOURCE_FILE.test(name) || isTestPath(file)) continue;
    const source = parse(join(root, file));
    if (importsVitest(source)) continue;
    if (file.startsWith('packages/core/src/')) problems.push(...nodeOnlyUses(source, file));
    problems.push(...plainErrorThrows(source, file));
  }
  problems.push(...providerFolderProblems(root));
  return problems.sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
}

/**
 * @param {string} root
 * @param {string} dir
 * @returns {Generator<string>} paths relative to root, with `/` separators
 */
function* walk(root, dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory()) {
      const path = join(dir, entry.name);
      if (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith('.') || SKIPPED_PATHS.has(toPosix(relative(root, path)))) continue;
      yield* walk(root, path);
    } else if (entry.isFile()) {
      yield toPosix(relative(root, join(dir, entry.name)));
    }
  }
}

/** @param {string} path */
function toPosix(path) {
  return path.split(sep).join('/');
}

/** @param {string} file */
function isTestPath(file) {
  const words = (file.slice(file.lastIndexOf('/') + 1).split('.')[0] ?? '').split('-');
  return (
    TEST_FILE.test(file) ||
    file.includes('/__tests__/') ||
    file.includes('/__fixtures__/') ||
    words.some((word) => TEST_SUPPORT_WORDS.has(word))
  );
}

/** @param {string} path */
function parse(path) {
  const kind = path.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, kind);
}

/** @param {ts.SourceFile} source */
function importsVitest(source) {
  return moduleSpecifiers(source).some(({ name }) => name === 'vitest' || name.startsWith('vitest/'));
}

/**
 * Every module a file loads: import/export declarations, `import()` and `require()`.
 * @param {ts.SourceFile} source
 * @returns {Array<{ name: string, node: ts.Node }>}
 */
function moduleSpecifiers(source) {
  /** @type {Array<{ name: string, node: ts.Node }>} */
  const found = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ name: node.moduleSpecifier.text, node });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      const expression = node.moduleReference.expression;
      if (ts.isStringLiteral(expression)) found.push({ name: expression.text, node });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      if (isImport || isRequire) found.push({ name: node.arguments[0].text, node });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ name: node.argument.literal.text, node });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** @param {string} specifier */
export function isNodeBuiltin(specifier) {
  if (specifier.startsWith('node:')) return true;
  return BUILTINS.has(specifier) || BUILTINS.has(specifier.split('/')[0] ?? '');
}

/**
 * @param {ts.SourceFile} source
 * @param {string} file
 * @returns {Problem[]}
 */
function nodeOnlyUses(source, file) {
  /** @type {Problem[]} */
  const problems = [];
  const at = (/** @type {ts.Node} */ node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  for (const { name, node } of moduleSpecifiers(source)) {
    if (isNodeBuiltin(name)) {
      problems.push({ rule: 'core-node-builtin', file, line: at(node), message: `imports the Node built-in "${name}": @callboard/core uses Web APIs only (fetch, crypto.subtle, TextEncoder), put Node-only code in @callboard/server` });
    }
  }
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isIdentifier(node) && node.text === 'Buffer' && !isPropertyName(node) && !isImportOrExportName(node)) {
      problems.push({ rule: 'core-node-builtin', file, line: at(node), message: 'uses Buffer, which edge runtimes and browsers lack: use Uint8Array with TextEncoder/TextDecoder or util/base64' });
    } else if (ts.isPropertyAccessExpression(node) && isProcessReference(node.expression)) {
      problems.push({ rule: 'core-node-builtin', file, line: at(node), message: `uses "${node.getText(source)}": @callboard/core reads no process state; take it as an option` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

/** @param {ts.Node} node */
function isProcessReference(node) {
  if (ts.isIdentifier(node)) return node.text === 'process';
  return ts.isPropertyAccessExpression(node) && node.name.text === 'process' && ts.isIdentifier(node.expression) && node.expression.text === 'globalThis';
}

/** A name in an import or export list: the module it comes from is reported instead. @param {ts.Identifier} node */
function isImportOrExportName(node) {
  const parent = node.parent;
  return ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent);
}

/** @param {ts.Identifier} node */
function isPropertyName(node) {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === node)
  );
}

/**
 * @param {ts.SourceFile} source
 * @param {string} file
 * @returns {Problem[]}
 */
function plainErrorThrows(source, file) {
  /** @type {Problem[]} */
  const problems = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isThrowStatement(node) && node.expression && constructsPlainError(node.expression)) {
      const text = node.expression.getText(source);
      const allowed = THROW_NEW_ERROR_ALLOWLIST.some((entry) => entry.file === file && text.includes(entry.contains));
      if (!allowed) {
        const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
        problems.push({ rule: 'throw-new-error', file, line, message: 'throws a plain Error: throw a CallboardError subclass with a code (or, for a truly impossible state, add it to THROW_NEW_ERROR_ALLOWLIST in scripts/check-conventions.mjs with the reason)' });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return problems;
}

/** @param {ts.Expression} expression */
function constructsPlainError(expression) {
  return (ts.isNewExpression(expression) || ts.isCallExpression(expression)) && ts.isIdentifier(expression.expression) && expression.expression.text === 'Error';
}

/**
 * @param {string} root
 * @returns {Problem[]}
 */
function providerFolderProblems(root) {
  const providersDir = join(root, 'packages/core/src/providers');
  if (!isDirectory(providersDir)) return [];
  /** @type {Problem[]} */
  const problems = [];
  for (const id of readdirSync(providersDir).sort()) {
    if (!isDirectory(join(providersDir, id)) || id.startsWith('_') || id.startsWith('.')) continue;
    const required = ['index.ts', `${id}-provider.ts`, `${id}-parse-webhook.ts`, `${id}-actions.ts`];
    if (id !== 'simulated') required.push(`${id}-verify-signature.ts`);
    const missing = required.filter((name) => !isFile(join(providersDir, id, name)));
    if (missing.length > 0) {
      problems.push({ rule: 'provider-folder', file: `packages/core/src/providers/${id}/`, message: `the ${id} adapter folder lacks ${missing.join(', ')}: every adapter has the same files (CONVENTIONS.md §2)` });
    }
  }
  return problems;
}

/** @param {string} path */
function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** @param {string} path */
function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * @param {Problem[]} problems
 * @returns {string}
 */
export function formatProblems(problems) {
  if (problems.length === 0) return 'check-conventions: all conventions hold.';
  const lines = problems.map((p) => `  ✖ ${p.file}${p.line === undefined ? '' : `:${p.line}`}  [${p.rule}] ${p.message}`);
  return `check-conventions: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = checkConventions(root);
  const report = formatProblems(problems);
  if (problems.length > 0) {
    console.error(report);
    process.exitCode = 1;
  } else {
    console.log(report);
  }
}
