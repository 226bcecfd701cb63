/**
 * The reference NB-VAE of FACTS.md, built from core's pieces: encoder log1p(x) → 256 → 128 → 32
 * (mean, log-variance), decoder 32 → 128 → 256 → G softmax × library size = NB mean, per-gene
 * dispersion θ, ReLU, Adam 1e-3; loss = −NB log-likelihood summed over genes + Gaussian KL, mean
 * over the batch.
 *
 * `impl` picks how the same maths is computed (the benchmark's variants):
 * - 'autodiff'     plain tf.matMul + tf.relu, NB from tfjs ops, tf.train.adam (the slow baseline)
 * - 'custom-dense' the first fast-gradient dense (customGrad, transpose-then-multiply), otherwise as
 *                  'autodiff' (the 6.9 s/epoch row of FACTS.md)
 * - 'fused'        core's dense (ReLU fused, lazy gradients), the fused NB kernel, fused Adam
 *
 * buildReferenceModel is the one place the model is made, so the real VAE can replace it later.
 */
import * as tf from '@tensorflow/tfjs-core';
import { core } from '../core-imports.mjs';
import { nbSoftmaxLogLikOps } from './nb-composite.mjs';

export const REFERENCE_DIMS = { encoder: [256, 128], latent: 32, decoder: [128, 256] };

/** The first custom-gradient dense of dense.ts (kept here as a benchmark variant). */
const customGradAffine = tf.customGrad((x, w, b, save) => {
  save([x, w]);
  return {
    value: tf.add(tf.matMul(x, w), b),
    gradFunc: (dy, [xs, ws]) => [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy), tf.sum(dy, 0)],
  };
});

const DENSE_IMPLS = {
  autodiff: (x, w, b, act) => (act === 'relu' ? tf.relu(tf.add(tf.matMul(x, w), b)) : tf.add(tf.matMul(x, w), b)),
  'custom-dense': (x, w, b, act) => (act === 'relu' ? tf.relu(customGradAffine(x, w, b)) : customGradAffine(x, w, b)),
  fused: (x, w, b, act) => core.dense(x, w, b, act),
};

/**
 * Builds the model. Returns { variables, loss(x, seed) → scalar, step(x, seed) → loss number,
 * impl, dispose }. `step` computes gradients and applies one Adam update.
 */
export function buildReferenceModel({ genes, impl = 'fused', seed = 1, learningRate = 1e-3 } = {}) {
  const dense = DENSE_IMPLS[impl];
  if (!dense) throw new Error(`unknown impl ${impl}; expected one of ${Object.keys(DENSE_IMPLS).join(', ')}`);
  const store = new core.ParamStore('ref', seed);
  const { encoder, latent, decoder } = REFERENCE_DIMS;
  const layer = (name, i, o) => new core.Dense(store, name, i, o);
  const enc = [layer('enc0', genes, encoder[0]), layer('enc1', encoder[0], encoder[1]), layer('encOut', encoder[1], 2 * latent)];
  const dec = [layer('dec0', latent, decoder[0]), layer('dec1', decoder[0], decoder[1]), layer('decOut', decoder[1], genes)];
  const logTheta = store.create('logTheta', [genes], 'zeros');
  const variables = store.variables();
  const nbLogLik = impl === 'fused' ? core.nbSoftmaxLogLik : nbSoftmaxLogLikOps;

  function loss(x, stepSeed) {
    return tf.tidy(() => {
      const logLib = tf.log(tf.sum(x, 1));
      let h = impl === 'fused' ? core.log1pFast(x) : tf.log1p(x);
      h = dense(h, enc[0].kernel, enc[0].bias, 'relu');
      h = dense(h, enc[1].kernel, enc[1].bias, 'relu');
      const out = dense(h, enc[2].kernel, enc[2].bias, 'linear');
      const mu = tf.slice(out, [0, 0], [-1, latent]);
      const logVar = tf.slice(out, [0, latent], [-1, latent]);
      const eps = tf.randomNormal(mu.shape, 0, 1, 'float32', stepSeed);
      const z = tf.add(mu, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
      h = dense(z, dec[0].kernel, dec[0].bias, 'relu');
      h = dense(h, dec[1].kernel, dec[1].bias, 'relu');
      const logits = dense(h, dec[2].kernel, dec[2].bias, 'linear');
      const ll = nbLogLik(logits, x, logLib, logTheta);
      const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), tf.add(logVar, 1)), 1));
      return tf.mean(tf.sub(kl, ll));
    });
  }

  const varList = Object.values(variables);
  let optimizer;
  if (impl === 'fused') {
    const adam = new core.FusedAdam({ learningRate });
    optimizer = {
      step: (f) => {
        const { value, grads } = tf.variableGrads(f, varList);
        const byName = {};
        for (const [name, v] of Object.entries(variables)) byName[name] = grads[v.name];
        adam.applyGradients(variables, byName);
        tf.dispose(Object.values(grads));
        return value;
      },
      dispose: () => adam.dispose(),
    };
  } else {
    const adam = tf.train.adam(learningRate);
    optimizer = { step: (f) => adam.minimize(f, true, varList), dispose: () => adam.dispose() };
  }

  return {
    impl,
    variables,
    loss,
    /** One Adam step on batch x; returns the loss before the update. */
    step(x, stepSeed) {
      const value = optimizer.step(() => loss(x, stepSeed));
      const v = value.dataSync()[0];
      value.dispose();
      return v;
    },
    dispose() {
      optimizer.dispose();
      store.dispose();
    },
  };
}
