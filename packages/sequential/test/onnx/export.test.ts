// ONNX export of the encoder, decoder and transition through @vaekit/onnx, checked against the TensorFlow.js model.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportModel } from '@vaekit/onnx';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateLorenz, SequentialVAE, type MarkovGaussianPrior } from '@vaekit/sequential';
import * as tf from '@tensorflow/tfjs-core';
import '../../src/onnx/index.js';

const N = 6;
const T = 12;
const TRIALS = 10;
const sim = simulateLorenz({ trials: TRIALS, bins: T, neurons: N, seed: 4 });

async function run(path: string, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(path);
  try {
    const inputs = Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new ort.Tensor('float32', v.data, v.dims)]));
    const out = await session.run(inputs);
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
  } finally {
    await session.release();
  }
}

/** Whether Debian's python3-onnx is there to run onnx.checker (skipped, with the reason, when not). */
const hasPythonOnnx = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import onnx'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const maxRelErr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return m;
};

describe('ONNX export (sequential-vae)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vaekit-seq-onnx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const variant of ['held-in subset, mlp transition', 'covariates, factors, linear transition, hard-sigmoid gates'] as const) {
    it(`${variant}: encoder → decoder in onnxruntime gives the model's rates; the transition network rolls the prior`, async () => {
      const covariate = variant.startsWith('covariates');
      const model = SequentialVAE.create({
        neurons: N,
        latentDim: 3,
        encoder: { kind: 'bigru', config: { units: 8, recurrentActivation: covariate ? 'hardSigmoid' : 'sigmoid' } },
        transition: covariate ? { kind: 'linear' } : { kind: 'mlp', config: { hidden: [8] } },
        heldInNeurons: covariate ? undefined : [0, 2, 3, 5],
        covariates: covariate ? ['stimulus'] : [],
        factors: covariate ? 4 : 0,
        neuronIds: ['a', 'b', 'c', 'd', 'e', 'f'],
        seed: 3,
      });
      const cov = { data: Float32Array.from({ length: TRIALS * T }, (_, i) => Math.sin(i / 3)), trials: TRIALS, bins: T, columns: 1 };
      const data = covariate ? { counts: sim.counts, covariates: cov } : sim.counts;
      await model.fit(data, { epochs: 1, batchSize: 5, seed: 1 });
      const out = join(dir, covariate ? 'cov' : 'plain');
      const before = tf.memory().numTensors;
      const manifest = await exportModel(model, out);
      expect(tf.memory().numTensors).toBe(before);
      expect(manifest.modelKind).toBe('sequential-vae');
      expect(Object.keys(manifest.networks).sort()).toEqual(['decoder', 'encoder', 'transition']);
      expect(manifest.featureNames).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      for (const errs of Object.values(manifest.parity.maxError)) for (const e of Object.values(errs)) expect(e).toBeLessThanOrEqual(1e-4);
      const written = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { prior: { kind: string; transition: string } };
      expect(written.prior.kind).toBe('markov-gaussian');

      // the whole pipeline in onnxruntime: counts → posterior mean → rates
      const covFeed: Record<string, { data: Float32Array; dims: number[] }> = covariate ? { covariates: { data: cov.data, dims: [TRIALS, T, 1] } } : {};
      const enc = await run(join(out, 'encoder.onnx'), { x: { data: sim.counts.data, dims: [TRIALS, T, N] }, ...covFeed });
      const want = model.latents(data);
      expect(maxRelErr(enc.mean, want.data)).toBeLessThan(1e-4);
      const dec = await run(join(out, 'decoder.onnx'), { z: { data: enc.mean, dims: [TRIALS, T, 3] }, ...covFeed });
      expect(maxRelErr(dec.mean, model.inferRates(data).data)).toBeLessThan(1e-4);

      // transition: one step from each trial's last posterior mean = the forecast's first step
      const last = Float32Array.from({ length: TRIALS * 3 }, (_, i) => want.data[(Math.floor(i / 3) * T + T - 1) * 3 + (i % 3)]);
      const step = await run(join(out, 'transition.onnx'), { z: { data: last, dims: [TRIALS, 3] } });
      const first = tf.tidy(() => (model.prior as MarkovGaussianPrior).rollout(tf.tensor2d(last, [TRIALS, 3]), 1, { noise: false }).dataSync());
      expect(maxRelErr(step.next, first)).toBeLessThan(1e-4);
      if (hasPythonOnnx) {
        for (const net of ['encoder', 'decoder', 'transition']) {
          execFileSync('/usr/bin/python3', ['-c', `import onnx; onnx.checker.check_model(${JSON.stringify(join(out, `${net}.onnx`))}, full_check=True)`]);
        }
      } else console.warn('python3-onnx not installed: onnx.checker not run');
      model.dispose();
    });
  }
});
