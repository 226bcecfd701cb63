/**
 * How the data-parallel trainer lays a model's variables out in one flat float32 buffer, and how
 * that buffer is cut into one contiguous shard per worker (each worker reduces the gradient and
 * applies Adam for its shard only).
 */

/** One variable's place in the flat buffer. */
export interface VariableSlot {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/** The flat layout of a model's variables (in the order given). */
export interface ParamLayout {
  slots: VariableSlot[];
  /** Total number of floats. */
  total: number;
}

/** Lays out variables back to back, in the order given. */
export function layoutOf(variables: ReadonlyArray<{ name: string; shape: readonly number[] }>): ParamLayout {
  let offset = 0;
  const slots = variables.map(({ name, shape }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const slot = { name, shape: [...shape], offset, size };
    offset += size;
    return slot;
  });
  return { slots, total: offset };
}

/** [start, end) of worker k's shard: `total` split into `n` near-equal parts, boundaries on multiples of 16. */
export function shardRange(total: number, n: number, k: number): [number, number] {
  const edge = (j: number) => (j >= n ? total : Math.min(total, Math.round((total * j) / n / 16) * 16));
  return [edge(k), edge(k + 1)];
}

/** Rows [start, end) of a batch of `rows` that worker k of n computes. */
export function rowRange(rows: number, n: number, k: number): [number, number] {
  const edge = (j: number) => Math.round((rows * j) / n);
  return [edge(k), edge(k + 1)];
}
