import type { Matrix } from '@vaekit/onnx/runtime';

/** A row-major matrix as JSON rows, values rounded to 5 significant digits. */
export function matrixRows(m: Matrix, rows = m.rows): number[][] {
  return Array.from({ length: Math.min(rows, m.rows) }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols), (v) => (Number.isFinite(v) ? Number(v.toPrecision(5)) : 0)));
}

/** Pearson correlation of log1p(a) and log1p(b) (one cell's observed and reconstructed counts), or of a and b themselves with `log: false`. */
export function profileCorrelation(a: ArrayLike<number>, b: ArrayLike<number>, log = true): number {
  const f = log ? (v: number) => Math.log1p(Math.max(0, v)) : (v: number) => v;
  const n = a.length;
  let sa = 0;
  let sb = 0;
  for (let i = 0; i < n; i++) {
    sa += f(a[i]);
    sb += f(b[i]);
  }
  const ma = sa / n;
  const mb = sb / n;
  let num = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = f(a[i]) - ma;
    const db = f(b[i]) - mb;
    num += da * db;
    va += da * da;
    vb += db * db;
  }
  return va > 0 && vb > 0 ? num / Math.sqrt(va * vb) : 0;
}
