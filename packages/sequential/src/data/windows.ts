import { ConfigError, InputError } from '@vaekit/core';
import { spikeCounts, type SpikeCounts } from './spike-counts.js';

export interface WindowOptions {
  /** Bins per window. */
  length: number;
  /** Bins between window starts; default `length` (no overlap). */
  step?: number;
}

/** Start bin of every window that fits in `bins` bins. */
export function windowStarts(bins: number, options: WindowOptions): number[] {
  const { length } = options;
  const step = options.step ?? length;
  if (!(Number.isInteger(length) && length >= 1)) throw new ConfigError(`cutWindows: length must be a positive integer number of bins, got ${String(length)}`);
  if (!(Number.isInteger(step) && step >= 1)) throw new ConfigError(`cutWindows: step must be a positive integer number of bins, got ${String(step)}`);
  if (bins < length) throw new InputError(`cutWindows: the recording has ${bins} bins, fewer than one window of ${length}`, 'use shorter windows or a longer recording');
  const starts: number[] = [];
  for (let s = 0; s + length <= bins; s += step) starts.push(s);
  return starts;
}

/**
 * Cuts a continuous recording (one trial of binned counts, e.g. `binSpikeTimes` without trials)
 * into windows of `length` bins every `step` bins: [windows, length, neurons]. The trailing bins
 * that do not fill a window are dropped.
 */
export function cutWindows(recording: SpikeCounts, options: WindowOptions): SpikeCounts {
  if (recording.trials !== 1) throw new InputError(`cutWindows: expected one continuous recording (1 trial), got ${recording.trials} trials`, 'bin the whole recording without trials first');
  const starts = windowStarts(recording.bins, options);
  const { length } = options;
  const n = recording.neurons;
  const data = new Float32Array(starts.length * length * n);
  starts.forEach((s, w) => data.set(recording.data.subarray(s * n, (s + length) * n), w * length * n));
  const t0 = recording.trialStarts?.[0];
  return spikeCounts({
    data,
    trials: starts.length,
    bins: length,
    neurons: n,
    binSize: recording.binSize,
    neuronIds: recording.neuronIds,
    trialStarts: t0 !== undefined && recording.binSize !== undefined ? starts.map((s) => t0 + s * recording.binSize!) : undefined,
  });
}

/** Cuts a per-bin signal [bins, columns] (behaviour, covariates) into the same windows: [windows, length, columns]. */
export function cutSignal(signal: ArrayLike<number>, columns: number, options: WindowOptions): Float32Array {
  if (signal.length % columns !== 0) throw new InputError(`cutSignal: ${signal.length} values are not a multiple of ${columns} columns`);
  const bins = signal.length / columns;
  const starts = windowStarts(bins, options);
  const out = new Float32Array(starts.length * options.length * columns);
  starts.forEach((s, w) => {
    for (let i = 0; i < options.length * columns; i++) out[w * options.length * columns + i] = signal[s * columns + i];
  });
  return out;
}
