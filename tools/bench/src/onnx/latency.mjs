/** Latency of an async call: warm-up runs, then `reps` timed runs; median and percentiles in ms. */
export async function measure(fn, { warmup = 5, reps = 50 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const round = (v) => Math.round(v * 1000) / 1000;
  return { medianMs: round(at(0.5)), p10Ms: round(at(0.1)), p90Ms: round(at(0.9)), reps };
}
