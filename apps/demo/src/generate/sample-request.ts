import { InputError } from '@vaekit/core/errors';
import type { OnnxManifest } from '@vaekit/onnx/runtime';

/** The most samples one request may draw. */
export const MAX_SAMPLES = 1000;

export interface SampleRequest {
  n: number;
  seed: number;
  /** One category per covariate, repeated for every sample. */
  covariates?: Record<string, (string | number)[]>;
  /** Library size of every sample (count models; default the export's median library, else 10,000). */
  library?: Float32Array;
}

/**
 * Checks a POST /sample body `{ n?, seed?, covariates?: { name: category }, library? }` against the
 * model; anything wrong is an InputError naming the field and what is allowed.
 */
export function parseSampleRequest(body: unknown, manifest: OnnxManifest): SampleRequest {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b !== 'object' || Array.isArray(b)) throw new InputError('the body must be a JSON object like { "n": 10, "seed": 0 }');
  const n = b.n ?? 10;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_SAMPLES) throw new InputError(`n must be an integer in 1…${MAX_SAMPLES}, got ${JSON.stringify(n)}`);
  const seed = b.seed ?? 0;
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0) throw new InputError(`seed must be a non-negative integer, got ${JSON.stringify(seed)}`);
  const out: SampleRequest = { n, seed };
  const specs = manifest.covariates ?? [];
  const given = (b.covariates ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || Array.isArray(given)) throw new InputError('covariates must be an object { name: category }');
  const unknown = Object.keys(given).find((k) => !specs.some((c) => c.name === k));
  if (unknown !== undefined) throw new InputError(`the model has no covariate "${unknown}"`, `its covariates: ${specs.map((c) => c.name).join(', ') || '(none)'}`);
  if (specs.length > 0) {
    out.covariates = {};
    for (const spec of specs) {
      const value = given[spec.name];
      if (spec.type !== 'categorical') {
        const v = value ?? 0;
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`covariate ${spec.name} must be a number, got ${JSON.stringify(v)}`);
        out.covariates[spec.name] = new Array<number>(n).fill(v);
        continue;
      }
      const category = value ?? spec.categories[0];
      if (typeof category !== 'string' || !spec.categories.includes(category)) throw new InputError(`${spec.name} "${String(category)}" is not one the model knows`, `${spec.name}: ${spec.categories.join(', ')}`);
      out.covariates[spec.name] = new Array<string>(n).fill(category);
    }
  }
  if (manifest.preprocessing?.library) {
    const median = manifest.metadata?.medianLibrarySize;
    const lib = b.library ?? (typeof median === 'number' && median > 0 ? median : 1e4);
    if (typeof lib !== 'number' || !(lib > 0) || !Number.isFinite(lib)) throw new InputError(`library must be a positive number (total counts per cell), got ${JSON.stringify(lib)}`);
    out.library = new Float32Array(n).fill(lib);
  }
  return out;
}
