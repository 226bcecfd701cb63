import { InputError } from '@vaekit/core';

/**
 * Binned activity of trials × time bins × neurons: spike counts (or calcium-like traces, or binary
 * spikes). Stored in the model's batch-first layout [trial, bin, neuron]; `toTrialNeuronTime` and
 * `spikeCounts({ layout: 'trial-neuron-time' })` convert to and from the trial × neuron × time
 * tensors that other tools use.
 */
export interface SpikeCounts {
  /** [trials, bins, neurons], row-major. */
  readonly data: Float32Array;
  readonly trials: number;
  readonly bins: number;
  readonly neurons: number;
  /** Bin width in seconds, when known. */
  readonly binSize?: number;
  /** Neuron (unit) names, one per neuron. */
  readonly neuronIds?: readonly string[];
  /** Start time (s) of each trial's first bin, when binned from spike times. */
  readonly trialStarts?: readonly number[];
}

/** Task covariates c_t per trial and bin: [trials, bins, columns]. */
export interface Covariates {
  readonly data: Float32Array;
  readonly trials: number;
  readonly bins: number;
  readonly columns: number;
  readonly names?: readonly string[];
}

export type Layout = 'trial-time-neuron' | 'trial-neuron-time';

export interface SpikeCountsInit {
  data: ArrayLike<number>;
  trials: number;
  bins: number;
  neurons: number;
  /** How `data` is ordered; default 'trial-time-neuron'. */
  layout?: Layout;
  binSize?: number;
  neuronIds?: readonly string[];
  trialStarts?: readonly number[];
}

function positiveInt(v: number, name: string): void {
  if (!(Number.isInteger(v) && v >= 1)) throw new InputError(`spike counts: ${name} must be a positive integer, got ${String(v)}`);
}

/** Checks the dimensions and builds SpikeCounts (transposing trial × neuron × time input). */
export function spikeCounts(init: SpikeCountsInit): SpikeCounts {
  const { trials, bins, neurons } = init;
  positiveInt(trials, 'trials');
  positiveInt(bins, 'bins');
  positiveInt(neurons, 'neurons');
  if (init.data.length !== trials * bins * neurons) {
    throw new InputError(
      `spike counts: ${init.data.length} values for ${trials} trials × ${bins} bins × ${neurons} neurons (= ${trials * bins * neurons})`,
      'pass exactly trials·bins·neurons values, or fix the dimensions',
    );
  }
  if (init.neuronIds && init.neuronIds.length !== neurons) throw new InputError(`spike counts: ${init.neuronIds.length} neuron ids for ${neurons} neurons`);
  if (init.trialStarts && init.trialStarts.length !== trials) throw new InputError(`spike counts: ${init.trialStarts.length} trial starts for ${trials} trials`);
  if (init.binSize !== undefined && !(init.binSize > 0 && Number.isFinite(init.binSize))) throw new InputError(`spike counts: binSize must be a positive number of seconds, got ${init.binSize}`);
  let data: Float32Array;
  if ((init.layout ?? 'trial-time-neuron') === 'trial-time-neuron') {
    data = init.data instanceof Float32Array ? init.data : Float32Array.from(init.data);
  } else {
    data = new Float32Array(trials * bins * neurons);
    for (let r = 0; r < trials; r++) {
      for (let n = 0; n < neurons; n++) {
        for (let t = 0; t < bins; t++) data[(r * bins + t) * neurons + n] = init.data[(r * neurons + n) * bins + t];
      }
    }
  }
  return {
    data,
    trials,
    bins,
    neurons,
    ...(init.binSize !== undefined ? { binSize: init.binSize } : {}),
    ...(init.neuronIds ? { neuronIds: [...init.neuronIds] } : {}),
    ...(init.trialStarts ? { trialStarts: [...init.trialStarts] } : {}),
  };
}

/**
 * From nested arrays `trials[r][t][n]` (layout 'trial-time-neuron', the default) or `trials[r][n][t]`
 * ('trial-neuron-time'). Ragged input (trials of different lengths or neuron counts) is an InputError.
 */
export function spikeCountsFromNested(nested: readonly (readonly (readonly number[])[])[], options: { layout?: Layout; binSize?: number; neuronIds?: readonly string[] } = {}): SpikeCounts {
  if (!Array.isArray(nested) || nested.length === 0) throw new InputError('spike counts: no trials', 'pass at least one trial');
  const layout = options.layout ?? 'trial-time-neuron';
  const [outer, inner] = layout === 'trial-time-neuron' ? ['bins', 'neurons'] : ['neurons', 'bins'];
  const a = nested[0].length;
  const b = nested[0][0]?.length ?? 0;
  nested.forEach((trial, r) => {
    if (trial.length !== a) throw new InputError(`ragged trials: trial ${r} has ${trial.length} ${outer} but trial 0 has ${a}`, 'cut every trial to the same length (see binSpikeTimes with before/after, or cutWindows)');
    trial.forEach((row: readonly number[], i: number) => {
      if (row.length !== b) throw new InputError(`ragged trials: trial ${r}, ${outer.slice(0, -1)} ${i} has ${row.length} ${inner} but trial 0 has ${b}`, 'every trial needs the same number of bins and neurons');
    });
  });
  const data = new Float32Array(nested.length * a * b);
  let k = 0;
  for (const trial of nested) for (const row of trial) for (const v of row) data[k++] = v;
  const [bins, neurons] = layout === 'trial-time-neuron' ? [a, b] : [b, a];
  return spikeCounts({ data, trials: nested.length, bins, neurons, layout, binSize: options.binSize, neuronIds: options.neuronIds });
}

/** The data as a trial × neuron × time Float32Array. */
export function toTrialNeuronTime(counts: SpikeCounts): Float32Array {
  const { trials, bins, neurons, data } = counts;
  const out = new Float32Array(data.length);
  for (let r = 0; r < trials; r++) {
    for (let t = 0; t < bins; t++) {
      for (let n = 0; n < neurons; n++) out[(r * neurons + n) * bins + t] = data[(r * bins + t) * neurons + n];
    }
  }
  return out;
}

/** The given trials (in that order). */
export function selectTrials(counts: SpikeCounts, trials: ArrayLike<number>): SpikeCounts {
  const per = counts.bins * counts.neurons;
  const data = new Float32Array(trials.length * per);
  for (let i = 0; i < trials.length; i++) {
    const r = trials[i];
    if (!(Number.isInteger(r) && r >= 0 && r < counts.trials)) throw new InputError(`selectTrials: trial ${r} does not exist (${counts.trials} trials)`);
    data.set(counts.data.subarray(r * per, (r + 1) * per), i * per);
  }
  return { ...counts, data, trials: trials.length, ...(counts.trialStarts ? { trialStarts: Array.from(trials, (r) => counts.trialStarts![r]) } : {}) };
}

/** The given neurons (columns, in that order). */
export function selectNeurons(counts: SpikeCounts, neurons: ArrayLike<number>): SpikeCounts {
  const n = neurons.length;
  for (let j = 0; j < n; j++) {
    const c = neurons[j];
    if (!(Number.isInteger(c) && c >= 0 && c < counts.neurons)) throw new InputError(`selectNeurons: neuron ${c} does not exist (${counts.neurons} neurons)`);
  }
  const rows = counts.trials * counts.bins;
  const data = new Float32Array(rows * n);
  for (let i = 0; i < rows; i++) for (let j = 0; j < n; j++) data[i * n + j] = counts.data[i * counts.neurons + neurons[j]];
  return { ...counts, data, neurons: n, ...(counts.neuronIds ? { neuronIds: Array.from(neurons, (c) => counts.neuronIds![c]) } : {}) };
}

/** Checks covariates against counts: same trials and bins, finite values. */
export function checkCovariates(cov: Covariates, counts: { trials: number; bins: number }, where = 'covariates'): void {
  if (cov.trials !== counts.trials || cov.bins !== counts.bins) {
    throw new InputError(`${where}: ${cov.trials} trials × ${cov.bins} bins, but the spike counts have ${counts.trials} × ${counts.bins}`, 'give covariates for every trial and bin');
  }
  if (cov.data.length !== cov.trials * cov.bins * cov.columns) throw new InputError(`${where}: ${cov.data.length} values for ${cov.trials} × ${cov.bins} × ${cov.columns}`);
  for (let i = 0; i < cov.data.length; i++) {
    if (!Number.isFinite(cov.data[i])) {
      const c = cov.columns;
      throw new InputError(`${where}: non-finite value (${cov.data[i]}) at trial ${Math.floor(i / (cov.bins * c))}, bin ${Math.floor(i / c) % cov.bins}, column ${i % c}`, 'impute or drop the missing covariate values first');
    }
  }
}
