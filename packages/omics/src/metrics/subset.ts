import type { Points } from '@vaekit/core';

/** The rows `cells` of a point set, as a new float64 point set. */
export function subsetPoints(points: Points, cells: Int32Array): Points {
  const { dim } = points;
  const data = new Float64Array(cells.length * dim);
  for (let r = 0; r < cells.length; r++) {
    const from = cells[r] * dim;
    for (let t = 0; t < dim; t++) data[r * dim + t] = points.data[from + t];
  }
  return { data, n: cells.length, dim };
}

/** The entries `cells` of a per-cell array. */
export function subsetValues(values: ArrayLike<number>, cells: Int32Array): Int32Array {
  const out = new Int32Array(cells.length);
  for (let r = 0; r < cells.length; r++) out[r] = values[cells[r]];
  return out;
}
