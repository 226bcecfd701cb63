/**
 * @vaekit/sequential — a state-space VAE for spike trains: Markov prior with registered transitions,
 * bidirectional-GRU posterior, Poisson / Gaussian / Bernoulli observations through core's likelihoods,
 * spike-time binning (arrays, CSV, NWB), a Lorenz simulator and NLB-style metrics.
 * Importing it registers its plugins and the 'sequential-vae' model kind.
 */
import './plugins/register.js';

export * from './data/spike-counts.js';
export { validateSpikeCounts } from './data/validate.js';
export type { Observation } from './data/validate.js';
export { spikeTimes } from './data/spike-times.js';
export type { SpikeTimes, SpikeTimesOptions, Unit } from './data/spike-times.js';
export { binSpikeTimes } from './data/bin.js';
export type { BinOptions } from './data/bin.js';
export { cutWindows, cutSignal, windowStarts } from './data/windows.js';
export type { WindowOptions } from './data/windows.js';
export { readSpikeTimesCsv, readText } from './data/csv.js';
export type { SpikeTimesCsvOptions } from './data/csv.js';
export { readNwbUnits } from './data/nwb.js';
export type { NwbSpikes } from './data/nwb.js';

export { simulateLorenz, lorenzRk4, LORENZ_STANDARD } from './simulate/lorenz.js';
export type { LorenzData, LorenzOptions, LorenzParams } from './simulate/lorenz.js';

export { rateR2 } from './metrics/rate-r2.js';
export type { RateR2 } from './metrics/rate-r2.js';
export { bitsPerSpike } from './metrics/bits-per-spike.js';
export type { BitsPerSpike } from './metrics/bits-per-spike.js';
export { ridgeCv, ridgePredict, crossValidatedRidgeR2, r2UniformAverage, DEFAULT_ALPHAS } from './metrics/ridge.js';
export type { RidgeFit, DecodingR2 } from './metrics/ridge.js';
export { gaussianSmooth } from './metrics/smoothing.js';
export { fitPoissonGlm, poissonGlmPredict } from './metrics/poisson-glm.js';
export type { PoissonGlm } from './metrics/poisson-glm.js';

export { transitions } from './plugins/transition.js';
export type { Transition, TransitionDims, TransitionPlugin } from './plugins/transition.js';
export { LinearTransition, linearTransition } from './plugins/linear-transition.js';
export type { LinearTransitionConfig } from './plugins/linear-transition.js';
export { MlpTransition, mlpTransition } from './plugins/mlp-transition.js';
export type { MlpTransitionConfig } from './plugins/mlp-transition.js';
export { MarkovGaussianPrior, markovGaussianPrior } from './plugins/markov-prior.js';
export type { MarkovPriorConfig } from './plugins/markov-prior.js';
export { BiGruEncoder, biGruEncoder } from './plugins/bigru-encoder.js';
export type { BiGruEncoderConfig } from './plugins/bigru-encoder.js';
export { ReadoutDecoder, readoutDecoder } from './plugins/readout-decoder.js';
export type { ReadoutDecoderConfig } from './plugins/readout-decoder.js';

export { SequentialVAE } from './model/sequential-vae.js';
export type { FitOptions, SequenceData, TrialSeries } from './model/sequential-vae.js';
export type { SequentialVaeOptions, SequentialVaeConfig } from './model/options.js';
export { SequenceSource } from './model/sequence-source.js';
export { observationOf, headBiasFromMean } from './model/observation.js';
