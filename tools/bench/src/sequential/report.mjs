/** The markdown table of the `sequential` suite. */
const f = (v, d = 3) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : String(v));
const yes = (b) => (b ? 'met' : '**not met**');

export function sequentialMarkdown(j) {
  const { lorenz: l, hippocampus: h, gru: g } = j;
  return `# sequential benchmark

\`${j.command}\` — ${j.timestamp}, ${j.backend} backend, ${j.machine.cpus} × ${j.machine.cpuModel}, other load ${f(j.otherLoad, 2)} cores, ${f(j.durationSeconds, 0)} s in all${j.quick ? ' (**quick smoke run**)' : ''}.

## Lorenz (${l.data.neurons} neurons, ${l.data.trainTrials} training + ${l.data.validationTrials} validation trials, ${l.data.testTrials} test trials, ${l.data.bins} bins, ${f(l.data.meanCountPerBin, 2)} spikes/bin)

| model | test rate R² | notes |
|---|---|---|
| Gaussian smoothing | ${f(l.smoothing.rateR2)} | kernel σ = ${l.smoothing.kernelWidthBins} bins (best on training trials) |
| state-space VAE | ${f(l.vae.rateR2)} | ${l.vae.epochs} epochs, ${f(l.vae.trainSeconds, 0)} s training (${f(l.vae.secondsPerEpoch, 1)} s/epoch), stopped: ${l.vae.stoppedReason}; latent → Lorenz state R² ${f(l.vae.latentStateR2)} |

Targets: R² ≥ 0.85 ${yes(j.targets.lorenzRateR2AtLeast085)}; above smoothing ${yes(j.targets.lorenzAboveSmoothing)}.

## Hippocampus (nelpy linear track, ${h.data.units} units, ${h.data.binSize * 1000} ms bins, ${h.data.windows} windows of ${h.data.windowBins} bins: ${h.data.trainWindows} training, ${h.data.validationWindows} validation, ${h.data.testWindows} test windows; held-out units ${h.data.heldOutUnits.join(', ')})

| model | co-bps (held-out units, test windows) | position R² (x; 5-fold ridge, windows in random folds) | notes |
|---|---|---|---|
| smoothing + Poisson GLM (NLB baseline) | ${f(h.smoothing.coBps, 4)} | ${f(h.smoothing.positionR2FromSmoothedSpikes)} (from smoothed spikes of all units) | σ = ${h.smoothing.kernelWidthBins} bins, α = ${h.smoothing.glmAlpha} (3-fold CV on training windows) |
| state-space VAE | ${f(h.vae.coBps, 4)} | ${f(h.vae.positionR2)} (from 8-d latents; y: ${f(h.vae.positionYR2)}) | KL weight β = ${h.vae.betaTarget} (of ${h.vae.betaCandidates.map((c) => `${c.betaTarget}: ${f(c.validationCoBps, 3)}`).join(', ')} validation co-bps); ${h.vae.epochs} epochs, ${f(h.vae.trainSeconds, 0)} s training (${f(h.vae.trainSecondsAllCandidates, 0)} s for all β), stopped: ${h.vae.stoppedReason} |

Target: co-bps above smoothing ${yes(j.targets.hippocampusCoBpsAboveSmoothing)}. Our binning of the spike times equals the shipped 100 ms counts in ${f(100 * h.data.binningAgreementWithShippedCounts, 3)}% of entries.

## GRU speed (batch ${g.shape.batch}, ${g.shape.steps} steps, ${g.shape.features} inputs, ${g.shape.units} units; median ms)

| implementation | forward | forward + backward |
|---|---|---|
| tfjs-layers GRU (op by op) | ${f(g.layers.forwardMs, 1)} | ${f(g.layers.forwardBackwardMs, 1)} |
| core \`Gru\` (fused kernels) | ${f(g.fused.forwardMs, 1)} | ${f(g.fused.forwardBackwardMs, 1)} |
| speed-up | ${f(g.speedup.forward, 1)}× | ${f(g.speedup.forwardBackward, 1)}× |
`;
}
