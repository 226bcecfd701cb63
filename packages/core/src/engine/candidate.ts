/** Whether a candidate could be loaded, and if not, why (shown to the user). */
export type Availability = { ok: true } | { ok: false; notInstalled: boolean; why: string };

/** What an engine reports about itself once it runs. */
export interface EngineDetails {
  /** wasm: whether the SIMD build is in use. */
  simd?: boolean;
  /** Threads the backend computes with (wasm: always 1 in Node). */
  threads?: number;
  /** Anything else worth one short phrase (e.g. "native libtensorflow"). */
  note?: string;
}

/**
 * One compute engine that `useEngine` can choose: a name the user types, the TensorFlow.js
 * backend it registers, and how to load it. Candidates form an ordered list (fastest first) that
 * 'auto' walks; adding an engine means adding a candidate, not another branch.
 */
export interface EngineCandidate {
  /** The name users pass to useEngine / VAEKIT_BACKEND ('wasm'). */
  readonly name: string;
  /** The tf backend name it registers ('tensorflow' for tfjs-node and tfjs-node-gpu). */
  readonly backend: string;
  /** How to get it when it is missing; ends up in the error hint. */
  readonly install: string;
  /** Imports what the backend needs so that it is registered with tfjs. Never throws. */
  load(): Promise<Availability>;
  /** Details once the backend is initialised (SIMD, threads, …). */
  details?(): Promise<EngineDetails>;
}

/** "SIMD, 1 thread" — the details as the one-line engine message shows them. */
export function formatDetails(details: EngineDetails): string {
  const parts: string[] = [];
  if (details.simd !== undefined) parts.push(details.simd ? 'SIMD' : 'no SIMD');
  if (details.threads !== undefined) parts.push(`${details.threads} thread${details.threads === 1 ? '' : 's'}`);
  if (details.note) parts.push(details.note);
  return parts.join(', ');
}
