/**
 * Simulated single-cell counts for the reference NB-VAE benchmark: a few cell types, each with its
 * own expression profile over the genes, library sizes log-normal around ~3,000 UMIs (most cells
 * between 2,000 and 5,000), and negative-binomial noise with a dispersion θ per gene (drawn as a
 * gamma-Poisson mixture). Seeded, so every run and every engine sees the same data.
 */

/** sfc32 generator seeded through splitmix32; returns uniforms in (0, 1). */
export function makeRng(seed) {
  let s = seed >>> 0;
  const mix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = mix(), b = mix(), c = mix(), d = mix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return (t + 0.5) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

function normal(rng) {
  return Math.sqrt(-2 * Math.log(rng())) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia–Tsang (with the boost for shape < 1). */
function gamma(rng, shape) {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x, v;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Poisson(λ): multiplication method for small λ, normal approximation with continuity for large. */
function poisson(rng, lambda) {
  if (lambda < 30) {
    const l = Math.exp(-lambda);
    let k = 0;
    let p = rng();
    while (p > l) {
      k += 1;
      p *= rng();
    }
    return k;
  }
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(rng)));
}

/**
 * Simulates `cells` × `genes` counts. Returns the dense row-major counts and the ground truth
 * (cell type per cell, θ per gene, library size per cell).
 */
export function simulateCounts({ cells = 10_000, genes = 2_000, types = 5, seed = 7 } = {}) {
  const rng = makeRng(seed);
  // Gene base expression: log-normal relative abundances (a few highly expressed genes, many low).
  const base = new Float64Array(genes);
  for (let g = 0; g < genes; g++) base[g] = Math.exp(1.2 * normal(rng));
  // Each type up- or down-regulates ~10% of genes by a log-fold change of ~±1.5.
  const profiles = [];
  for (let t = 0; t < types; t++) {
    const p = new Float64Array(genes);
    let sum = 0;
    for (let g = 0; g < genes; g++) {
      const lfc = rng() < 0.1 ? (rng() < 0.5 ? -1 : 1) * (1 + rng()) : 0;
      p[g] = base[g] * Math.exp(lfc);
      sum += p[g];
    }
    for (let g = 0; g < genes; g++) p[g] /= sum;
    profiles.push(p);
  }
  const theta = new Float64Array(genes);
  for (let g = 0; g < genes; g++) theta[g] = Math.exp(Math.log(2) + 0.5 * normal(rng));
  const counts = new Float32Array(cells * genes);
  const cellType = new Int32Array(cells);
  const library = new Float64Array(cells);
  for (let c = 0; c < cells; c++) {
    const t = Math.floor(rng() * types);
    cellType[c] = t;
    const lib = Math.exp(Math.log(3200) + 0.25 * normal(rng));
    library[c] = lib;
    const p = profiles[t];
    const o = c * genes;
    for (let g = 0; g < genes; g++) {
      const mu = lib * p[g];
      // NB(μ, θ) as Poisson(Gamma(θ, μ/θ))
      counts[o + g] = poisson(rng, gamma(rng, theta[g]) * (mu / theta[g]));
    }
  }
  return { counts, cells, genes, cellType, theta, library };
}
