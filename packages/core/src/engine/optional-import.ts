import { createRequire } from 'node:module';

/** Why an optional package could not be used: absent, or present but broken. */
export type OptionalImportResult =
  | { ok: true; module: unknown }
  | { ok: false; notInstalled: boolean; why: string };

/** How a module is imported; replaceable in tests. */
export type Importer = (specifier: string) => Promise<unknown>;

const nativeImport: Importer = (specifier) => import(specifier);

/**
 * Imports an optional package by name (held in a variable, so TypeScript needs no types for it)
 * and never throws: a package that is not installed is told apart from one that is installed
 * but fails to load (for example tfjs-node whose native libtensorflow binding is missing), and
 * the latter keeps the first line of its error message.
 */
export async function importOptional(pkg: string, importer: Importer = nativeImport): Promise<OptionalImportResult> {
  try {
    createRequire(import.meta.url).resolve(pkg);
  } catch (err) {
    if (isMissingPackage(err, pkg)) return { ok: false, notInstalled: true, why: 'not installed' };
    // Other resolution errors (an ESM-only exports map, …) are left to import() to judge.
  }
  try {
    return { ok: true, module: await importer(pkg) };
  } catch (err) {
    if (isMissingPackage(err, pkg)) return { ok: false, notInstalled: true, why: 'not installed' };
    return { ok: false, notInstalled: false, why: `failed to load: ${firstLine(err)}` };
  }
}

/** True when `err` says that `pkg` itself (not one of its files or dependencies) cannot be found. */
export function isMissingPackage(err: unknown, pkg: string): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') return false;
  const message = err instanceof Error ? err.message : String(err);
  return message.includes(`'${pkg}'`) || message.includes(`"${pkg}"`);
}

/** The first line of an error message, at most 200 characters. */
export function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = message.split('\n', 1)[0].trim() || 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
