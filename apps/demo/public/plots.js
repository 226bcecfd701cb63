// Canvas plots for the demo page: scatter, histogram, heatmap. Plain ES module.

/** 20 distinguishable colours (Tableau 20 order: dark shades first). */
const PALETTE = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#c7c7c7', '#dbdb8d', '#9edae5',
];

export function categoricalColour(i) {
  return PALETTE[(i ?? 0) % PALETTE.length];
}

/** Blue → yellow → red for t in [0, 1]. */
export function rampColour(t) {
  const stops = [
    [0, [49, 54, 149]],
    [0.5, [254, 224, 144]],
    [1, [165, 0, 38]],
  ];
  const k = t <= 0.5 ? 0 : 1;
  const [t0, c0] = stops[k];
  const [t1, c1] = stops[k + 1];
  const u = (t - t0) / (t1 - t0);
  const c = c0.map((v, i) => Math.round(v + (c1[i] - v) * u));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

function extent(values) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!(hi > lo)) return [lo === Infinity ? 0 : lo - 1, lo === Infinity ? 1 : lo + 1];
  return [lo, hi];
}

/** Draws points (x[i], y[i]) in colours[i]; returns how many were drawn. `square` keeps equal scales (with a diagonal). */
export function drawScatter(canvas, x, y, colours, { square = false } = {}) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  const pad = 16;
  let [x0, x1] = extent(x);
  let [y0, y1] = extent(y);
  if (square) {
    x0 = y0 = Math.min(x0, y0);
    x1 = y1 = Math.max(x1, y1);
    ctx.strokeStyle = '#c8ccd4';
    ctx.beginPath();
    ctx.moveTo(pad, height - pad);
    ctx.lineTo(width - pad, pad);
    ctx.stroke();
  }
  const sx = (v) => pad + ((v - x0) / (x1 - x0)) * (width - 2 * pad);
  const sy = (v) => height - pad - ((v - y0) / (y1 - y0)) * (height - 2 * pad);
  const radius = x.length > 5000 ? 1.5 : x.length > 1000 ? 2.5 : 3.5;
  ctx.globalAlpha = 0.85;
  let drawn = 0;
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) continue;
    ctx.fillStyle = colours[i];
    ctx.beginPath();
    ctx.arc(sx(x[i]), sy(y[i]), radius, 0, 2 * Math.PI);
    ctx.fill();
    drawn++;
  }
  ctx.globalAlpha = 1;
  return drawn;
}

/** Histogram of `values` (40 bins) with a dashed line at `threshold`. */
export function drawHistogram(canvas, values, threshold) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  if (values.length === 0) return;
  const all = threshold === undefined ? values : [...values, threshold];
  const [lo, hi] = extent(all);
  const bins = new Array(40).fill(0);
  for (const v of values) bins[Math.min(39, Math.floor(((v - lo) / (hi - lo)) * 40))]++;
  const max = Math.max(...bins);
  const bw = (width - 20) / 40;
  ctx.fillStyle = '#5c7cfa';
  bins.forEach((c, i) => {
    const h = (c / max) * (height - 24);
    ctx.fillRect(10 + i * bw, height - 12 - h, bw - 1, h);
  });
  if (threshold !== undefined) {
    const tx = 10 + ((threshold - lo) / (hi - lo)) * (width - 20);
    ctx.strokeStyle = '#c92a2a';
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(tx, 4);
    ctx.lineTo(tx, height - 10);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}

/** Heatmap of rows × columns (the `maxColumns` most variable columns, log1p when `log`); returns the columns shown. */
export function drawHeatmap(canvas, rows, { log = false, maxColumns = 60 } = {}) {
  const ctx = canvas.getContext('2d');
  const { width, height } = canvas;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  if (rows.length === 0) return 0;
  const f = log ? (v) => Math.log1p(Math.max(0, v)) : (v) => v;
  const values = rows.map((r) => r.map(f));
  const cols = values[0].length;
  const variance = Array.from({ length: cols }, (_, j) => {
    const m = values.reduce((s, r) => s + r[j], 0) / values.length;
    return values.reduce((s, r) => s + (r[j] - m) ** 2, 0);
  });
  const pick = variance.map((v, j) => [v, j]).sort((a, b) => b[0] - a[0]).slice(0, maxColumns).map(([, j]) => j).sort((a, b) => a - b);
  const [lo, hi] = extent(values.flatMap((r) => pick.map((j) => r[j])));
  const cw = width / pick.length;
  const ch = height / values.length;
  values.forEach((r, i) => {
    pick.forEach((j, k) => {
      ctx.fillStyle = rampColour((r[j] - lo) / (hi - lo));
      ctx.fillRect(k * cw, i * ch, Math.ceil(cw), Math.ceil(ch));
    });
  });
  return pick.length;
}
