import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, EngineError } from '../errors.js';
import type { EngineCandidate, EngineDetails } from './candidate.js';
import { formatDetails } from './candidate.js';
import { engineCandidates } from './candidates.js';
import { firstLine } from './optional-import.js';

/** The engine names vaekit ships candidates for. useEngine also accepts 'auto'. */
export type EngineName = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

/** What useEngine chose and why. */
export interface EngineReport {
  /** tf.getBackend() after the choice ('tensorflow', 'wasm', 'cpu'). */
  backend: string;
  /** The engine name chosen ('tfjs-node', 'wasm', …). */
  chosen: string;
  /** Why this one: 'auto: …', 'requested explicitly' or 'pinned by VAEKIT_BACKEND=…'. */
  reason: string;
  /** Engines tried before it (auto only), each with why it could not be used. */
  skipped: { name: string; why: string }[];
  /** SIMD, threads, … as the engine reports them. */
  details: EngineDetails;
}

export interface UseEngineOptions {
  /** Print nothing. */
  quiet?: boolean;
  /** Where the one-line message goes (default: console.error, so stdout stays clean for data). */
  logger?: (line: string) => void;
  /** The candidate list to choose from (default: the built-in one). For tests and embedders. */
  candidates?: readonly EngineCandidate[];
}

/** The environment variable that pins an engine. */
export const ENGINE_ENV_VAR = 'VAEKIT_BACKEND';

let last: { request: string; candidates: readonly EngineCandidate[]; report: EngineReport } | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Chooses and initialises the TensorFlow.js backend, and says which one in one line (unless quiet).
 *
 * - `'auto'` tries tfjs-node-gpu → tfjs-node → wasm → cpu and takes the first that loads; the
 *   report lists the ones skipped and why (not installed / failed to load: message).
 * - `VAEKIT_BACKEND` pins an engine, but only in place of `'auto'`: an engine named explicitly in
 *   code wins over the environment variable (test setup and library callers that need one backend
 *   keep it; an application that calls `useEngine('auto')` lets its users choose).
 * - Naming an engine that cannot load throws EngineError listing the engines available here and
 *   how to install the missing one; an unknown name (argument or variable) throws ConfigError.
 * - Calling again with the same request while that backend is still active returns the previous
 *   report at once and prints nothing. Calls are serialised, so concurrent callers do not race.
 */
export function useEngine(name = 'auto', options: UseEngineOptions = {}): Promise<EngineReport> {
  const run = queue.then(() => select(name, options));
  queue = run.catch(() => undefined);
  return run;
}

/** The report of the last successful useEngine call, or undefined before the first. */
export function engineInfo(): EngineReport | undefined {
  return last?.report;
}

/** The one-line message useEngine prints. */
export function formatEngineLine(report: EngineReport): string {
  const details = formatDetails(report.details);
  const tail: string[] = [];
  if (report.skipped.length > 0) tail.push(`skipped ${report.skipped.map((s) => `${s.name}: ${s.why}`).join('; ')}`);
  if (report.reason.startsWith('pinned')) tail.push(report.reason);
  return `vaekit engine: ${report.chosen}${details ? ` (${details})` : ''}${tail.length ? ` — ${tail.join(' — ')}` : ''}`;
}

async function select(name: string, options: UseEngineOptions): Promise<EngineReport> {
  const candidates = options.candidates ?? engineCandidates;
  const { request, reason } = resolveRequest(name, candidates);
  if (last && last.request === request && last.candidates === candidates && tf.getBackend() === last.report.backend) {
    return last.report;
  }
  const report = request === 'auto' ? await selectFirst(candidates, reason) : await selectNamed(request, candidates, reason);
  last = { request, candidates, report };
  if (!options.quiet) (options.logger ?? ((line: string) => console.error(line)))(formatEngineLine(report));
  return report;
}

/** Applies the VAEKIT_BACKEND rule and validates names. */
function resolveRequest(name: string, candidates: readonly EngineCandidate[]): { request: string; reason: string } {
  const valid = ['auto', ...candidates.map((c) => c.name)];
  if (!valid.includes(name)) {
    throw new ConfigError(`Unknown engine "${name}"`, `valid engines: ${valid.join(', ')}`);
  }
  if (name !== 'auto') return { request: name, reason: 'requested explicitly' };
  const pinned = process.env[ENGINE_ENV_VAR]?.trim();
  if (pinned && pinned !== 'auto') {
    if (!valid.includes(pinned)) {
      throw new ConfigError(
        `${ENGINE_ENV_VAR}="${pinned}" is not an engine`,
        `set ${ENGINE_ENV_VAR} to one of ${valid.join(', ')}, or unset it`,
      );
    }
    return { request: pinned, reason: `pinned by ${ENGINE_ENV_VAR}=${pinned}` };
  }
  return { request: 'auto', reason: `auto: first that loads of ${candidates.map((c) => c.name).join(' → ')}` };
}

async function selectFirst(candidates: readonly EngineCandidate[], reason: string): Promise<EngineReport> {
  const skipped: { name: string; why: string }[] = [];
  for (const candidate of candidates) {
    const why = await activate(candidate);
    if (why === undefined) return report(candidate, reason, skipped);
    skipped.push({ name: candidate.name, why });
  }
  throw new EngineError(
    `No compute engine could be started (${skipped.map((s) => `${s.name}: ${s.why}`).join('; ')})`,
    'reinstall @vaekit/core (`npm i @vaekit/core`), which brings the wasm and cpu engines',
  );
}

async function selectNamed(name: string, candidates: readonly EngineCandidate[], reason: string): Promise<EngineReport> {
  const candidate = candidates.find((c) => c.name === name) as EngineCandidate;
  const why = await activate(candidate);
  if (why === undefined) return report(candidate, reason, []);
  const available: string[] = [];
  for (const other of candidates) {
    if (other !== candidate && (await other.load()).ok) available.push(other.name);
  }
  const how = reason === 'requested explicitly' ? '' : ` (${reason})`;
  throw new EngineError(
    `The "${name}" engine${how} is not available: ${why}`,
    `available here: ${available.join(', ') || '(none)'}; ${candidate.install}, or use one of the available engines ('auto' picks the fastest)`,
  );
}

/** Loads and initialises a candidate's backend; returns why not, or undefined when it is active. */
async function activate(candidate: EngineCandidate): Promise<string | undefined> {
  const loaded = await candidate.load();
  if (!loaded.ok) return loaded.why;
  try {
    if (!(await tf.setBackend(candidate.backend))) return `backend "${candidate.backend}" failed to initialise`;
    await tf.ready();
  } catch (err) {
    return `backend "${candidate.backend}" failed to initialise: ${firstLine(err)}`;
  }
  return undefined;
}

async function report(candidate: EngineCandidate, reason: string, skipped: { name: string; why: string }[]): Promise<EngineReport> {
  const details = candidate.details ? await candidate.details() : {};
  return { backend: tf.getBackend(), chosen: candidate.name, reason, skipped, details };
}
