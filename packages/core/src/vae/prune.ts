import * as tf from '@tensorflow/tfjs-core';
import { ConfigError } from '../errors.js';
import { VAE } from './vae.js';

/**
 * A new VAE that keeps only the latent dimensions `keep` (e.g. `activeUnits(...).active`), with the
 * trained weights carried over. Every variable whose shape depends on the latent size is sliced
 * along that axis; latent columns come first wherever z is concatenated with covariates, so the
 * rows after the latent block are kept as they are.
 */
export function pruneLatents(model: VAE, keep: number[]): VAE {
  const d = model.latentDim;
  const sorted = [...new Set(keep)].sort((a, b) => a - b);
  if (sorted.length === 0) throw new ConfigError('pruneLatents: keep at least one latent dimension');
  if (sorted.some((k) => !Number.isInteger(k) || k < 0 || k >= d)) throw new ConfigError(`pruneLatents: dimensions must be integers in 0..${d - 1}, got [${keep.join(', ')}]`);
  const pruned = VAE.create({ ...(model.toConfig() as unknown as Parameters<typeof VAE.create>[0]), latentDim: sorted.length });
  const source = model.variables();
  for (const [name, target] of Object.entries(pruned.variables())) {
    const from = source[name];
    if (!from) throw new ConfigError(`pruneLatents: variable ${name} has no counterpart in the model`);
    const value = tf.tidy(() => {
      let t: tf.Tensor = from;
      from.shape.forEach((size, axis) => {
        const newSize = target.shape[axis];
        if (size === newSize) return;
        if (size - newSize !== d - sorted.length) throw new ConfigError(`pruneLatents: cannot map ${name} ${JSON.stringify(from.shape)} → ${JSON.stringify(target.shape)}`);
        const idx = [...sorted, ...Array.from({ length: size - d }, (_, i) => d + i)];
        t = tf.gather(t, tf.tensor1d(idx, 'int32'), axis);
      });
      return t === from ? tf.clone(from) : t;
    });
    target.assign(value);
    value.dispose();
  }
  return pruned;
}
