import { ConfigError } from '@vaekit/core/errors';
import type { Rng } from '../runtime/rng.js';
import type { NetworkInput } from '../exporters/network.js';

/** Values for one input: the typed data and concrete dimensions. */
export interface InputValues {
  data: Float32Array | Int32Array | BigInt64Array;
  dims: number[];
}

/** Concrete dims for a shape: 'batch' and other symbolic names from `sizes`. */
export function concreteDims(input: NetworkInput, sizes: Record<string, number>): number[] {
  return input.shape.map((d) => {
    if (typeof d === 'number') return d;
    const size = sizes[d];
    if (!(Number.isInteger(size) && size > 0)) throw new ConfigError(`input "${input.name}": no size for its symbolic dimension "${d}"`, `set symbolicSizes: { ${d}: n } on the network`);
    return size;
  });
}

/** Random values for an input, drawn as its RandomSpec says (counts with varied totals, one-hot covariates, …). */
export function randomInput(input: NetworkInput, sizes: Record<string, number>, rng: Rng): InputValues {
  const dims = concreteDims(input, sizes);
  const n = dims.reduce((a, b) => a * b, 1);
  const last = dims[dims.length - 1] ?? 1;
  const values = new Float64Array(n);
  const spec = input.random;
  if (spec.kind === 'normal') {
    for (let i = 0; i < n; i++) values[i] = rng.normal() * (spec.scale ?? 1);
  } else if (spec.kind === 'uniform') {
    for (let i = 0; i < n; i++) values[i] = spec.low + (spec.high - spec.low) * rng.uniform();
  } else if (spec.kind === 'integers') {
    for (let i = 0; i < n; i++) values[i] = Math.min(spec.high - 1, spec.low + Math.floor((spec.high - spec.low) * rng.uniform()));
  } else if (spec.kind === 'counts') {
    // per row: a total between ~10 and ~10⁴ spread over the features with log-normal weights
    for (let r = 0; r < n / last; r++) {
      const total = Math.exp(Math.log(10) + (Math.log(1e4) - Math.log(10)) * rng.uniform());
      const w = Array.from({ length: last }, () => Math.exp(1.5 * rng.normal()));
      const sum = w.reduce((a, b) => a + b, 0);
      for (let c = 0; c < last; c++) values[r * last + c] = rng.poisson((total * w[c]) / sum);
    }
  } else {
    for (let r = 0; r < n / last; r++) {
      let offset = r * last;
      for (const block of spec.blocks) {
        if ('continuous' in block) values[offset++] = rng.normal();
        else {
          values[offset + Math.floor(rng.uniform() * block.levels)] = 1;
          offset += block.levels;
        }
      }
    }
  }
  const data = input.dtype === 'float32' ? Float32Array.from(values) : input.dtype === 'int32' ? Int32Array.from(values) : BigInt64Array.from(values, (v) => BigInt(Math.round(v)));
  return { data, dims };
}
