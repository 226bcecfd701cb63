/** A block of squared Euclidean distances between rows [i0, i1) and rows [j0, j1), with j0 ≥ i0. */
export interface DistanceTile {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  /** Row-major (i1 − i0) × (j1 − j0): `d2[(i − i0) * (j1 − j0) + (j − j0)]`. */
  d2: Float64Array;
}

/** Rows per tile side: a 128-row block of 50-d float64 points is 51 KB, so a tile pair stays in L2. */
const TILE = 128;

/**
 * Visits the squared Euclidean distance of every unordered pair of points once, tile by tile over
 * the upper triangle (tiles with j0 ≥ i0). In a diagonal tile (i0 === j0) only the entries with
 * j > i are filled; the visitor must read only those. Distances are sums of squared coordinate
 * differences in float64 (no ‖x‖² + ‖y‖² − 2x·y cancellation). Time O(n² · dim / 2), memory O(TILE²).
 * The tile buffer is reused between calls: the visitor must not keep it.
 */
export function forEachDistanceTile(x: Float64Array, n: number, dim: number, visit: (tile: DistanceTile) => void): void {
  const buffer = new Float64Array(TILE * TILE);
  const tile: DistanceTile = { i0: 0, i1: 0, j0: 0, j1: 0, d2: buffer };
  for (let i0 = 0; i0 < n; i0 += TILE) {
    const i1 = Math.min(n, i0 + TILE);
    for (let j0 = i0; j0 < n; j0 += TILE) {
      const j1 = Math.min(n, j0 + TILE);
      const width = j1 - j0;
      for (let i = i0; i < i1; i++) {
        const a = i * dim;
        const row = (i - i0) * width - j0;
        for (let j = j0 === i0 ? i + 1 : j0; j < j1; j++) {
          const b = j * dim;
          let s = 0;
          for (let t = 0; t < dim; t++) {
            const diff = x[a + t] - x[b + t];
            s += diff * diff;
          }
          buffer[row + j] = s;
        }
      }
      tile.i0 = i0;
      tile.i1 = i1;
      tile.j0 = j0;
      tile.j1 = j1;
      visit(tile);
    }
  }
}
