/**
 * The baseline: k-nearest-neighbour regression of log-normalised protein on RNA PCA. RNA of all cells
 * (training and held-out: RNA is what a query cell has) is log-normalised (counts per 10k, log1p),
 * scaled per gene (zero mean, unit variance, clipped at 10, as scanpy's scale), and reduced by PCA; each
 * held-out cell's protein is the mean of its k nearest training cells' (Euclidean distance in PC space).
 */
import { randomizedPca, PCA_CONFIG } from '../omics/pca.mjs';

/** log1p(cp10k) then per-gene z-score clipped at ±10, dense [n, g] float32. */
export function scaledLogRna(rna) {
  const n = rna.X.nRows;
  const g = rna.X.nCols;
  const dense = rna.X.toDense();
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < g; j++) total += dense[i * g + j];
    const s = total > 0 ? 1e4 / total : 0;
    for (let j = 0; j < g; j++) dense[i * g + j] = Math.log1p(dense[i * g + j] * s);
  }
  for (let j = 0; j < g; j++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += dense[i * g + j] / n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (dense[i * g + j] - m) ** 2 / (n - 1);
    const sd = Math.sqrt(v) || 1;
    for (let i = 0; i < n; i++) dense[i * g + j] = Math.min(10, Math.max(-10, (dense[i * g + j] - m) / sd));
  }
  return { data: dense, nRows: n, nCols: g };
}

/** PCA scores of all cells, [n, k]. */
export function rnaPca(rna, k) {
  return randomizedPca(scaledLogRna(rna), { ...PCA_CONFIG, k }).scores;
}

/** kNN regression: for each query row, the mean of `targets` [train, p] over its k nearest training rows. */
export function knnRegress(scores, trainRows, queryRows, targets, p, k) {
  const d = scores.nCols;
  const x = scores.data;
  const out = new Float32Array(queryRows.length * p);
  queryRows.forEach((q, qi) => {
    const dist = trainRows.map((t, ti) => {
      let s = 0;
      for (let c = 0; c < d; c++) s += (x[q * d + c] - x[t * d + c]) ** 2;
      return [s, ti];
    });
    dist.sort((a, b) => a[0] - b[0]);
    for (let m = 0; m < k; m++) {
      const ti = dist[m][1];
      for (let j = 0; j < p; j++) out[qi * p + j] += targets[ti * p + j] / k;
    }
  });
  return out;
}

/**
 * k chosen by `folds`-fold cross-validation on the training rows only (the median-over-proteins
 * Pearson r of each fold's predictions from the other folds, averaged over folds).
 */
export function chooseK(scores, trainRows, targets, p, ks, score, folds = 5) {
  const cv = ks.map((k) => {
    let total = 0;
    for (let f = 0; f < folds; f++) {
      const fit = [];
      const fitIdx = [];
      const held = [];
      const heldIdx = [];
      trainRows.forEach((r, i) => (i % folds === f ? (held.push(r), heldIdx.push(i)) : (fit.push(r), fitIdx.push(i))));
      const fitTargets = Float32Array.from(fitIdx.flatMap((i) => Array.from(targets.subarray(i * p, (i + 1) * p))));
      const heldTargets = Float32Array.from(heldIdx.flatMap((i) => Array.from(targets.subarray(i * p, (i + 1) * p))));
      total += score(knnRegress(scores, fit, held, fitTargets, p, k), heldTargets, held.length) / folds;
    }
    return { k, cvMedianR: total };
  });
  const best = cv.reduce((a, b) => (b.cvMedianR > a.cvMedianR ? b : a));
  return { k: best.k, cv };
}
