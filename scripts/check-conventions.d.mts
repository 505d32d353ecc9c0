/** The rule a {@link Problem} broke. See scripts/check-conventions.mjs. */
export type ConventionRule = 'core-node-builtin' | 'provider-folder' | 'throw-new-error' | 'vague-file-name';

/** One broken convention, at a file (and line, when it is about a statement). */
export interface Problem {
  rule: ConventionRule;
  file: string;
  line?: number;
  message: string;
}

/** The `throw new Error(...)` statements allowed as impossible states. */
export declare const THROW_NEW_ERROR_ALLOWLIST: ReadonlyArray<{ file: string; contains: string; why: string }>;

/** Every convention problem under the monorepo root, in a stable order. */
export declare function checkConventions(root: string): Problem[];

/** Whether an import specifier names a Node built-in (`node:*`, `fs`, `fs/promises`, ...). */
export declare function isNodeBuiltin(specifier: string): boolean;

/** The report printed by the command line. */
export declare function formatProblems(problems: Problem[]): string;
