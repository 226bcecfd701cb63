import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encoders, mlpEncoder, ConfigError, ModelFormatError, VAE, type Encoder } from '@vaekit/core';
import { activationLowerings, exportModel, relativeError } from '@vaekit/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH, smallVae } from './models.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-onnx-parity-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the parity check refuses an export that differs from TensorFlow.js', () => {
  it('relativeError: |a − b| / max(1, |b|), non-finite values must agree', () => {
    expect(relativeError([1, 2000, 0.5], [0.5, 2001, 0.5])).toBeCloseTo(0.5, 12);
    expect(relativeError([2000], [2001])).toBeCloseTo(1 / 2001, 12);
    expect(relativeError([Number.NaN, Number.POSITIVE_INFINITY], [Number.NaN, Number.POSITIVE_INFINITY])).toBe(0);
    expect(relativeError([Number.NaN], [1])).toBe(Number.POSITIVE_INFINITY);
  });

  it('a wrong lowering (elu exported as Relu) is a ModelFormatError naming network, output and error; nothing is written and an old export stays', async () => {
    const vae = smallVae({ likelihood: { kind: 'gaussian' }, encoder: { activation: 'elu' } });
    const original = activationLowerings.get('elu');
    activationLowerings.register({ kind: 'elu', lower: (g, x) => g.op('Relu', [x]) }, { replace: true });
    const fresh = join(root, 'fresh');
    const old = join(root, 'old');
    await mkdir(old);
    await writeFile(join(old, 'manifest.json'), '{"keep":true}');
    try {
      const err = await exportModel(vae, fresh).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelFormatError);
      expect((err as Error).message).toMatch(/encoder output "(mean|logvar)" differs from the TensorFlow\.js model by [\d.e+-]+ .* above the tolerance 0\.0001; nothing was written/);
      expect(existsSync(fresh)).toBe(false);
      await expect(exportModel(vae, old)).rejects.toThrow(ModelFormatError);
      expect(await readFile(join(old, 'manifest.json'), 'utf8')).toBe('{"keep":true}');
    } finally {
      activationLowerings.register(original, { replace: true });
      vae.dispose();
    }
    // with the right lowering back, the same model exports
    const again = smallVae({ likelihood: { kind: 'gaussian' }, encoder: { activation: 'elu' } });
    try {
      await exportModel(again, fresh);
      expect(existsSync(join(fresh, 'manifest.json'))).toBe(true);
    } finally {
      again.dispose();
    }
  });

  it('a plugin kind without a lowering is a ConfigError that names it and the registry to add it to', async () => {
    encoders.register({
      kind: 'test-unlowered',
      parseConfig: (c) => mlpEncoder.parseConfig(c),
      create: (c, d, s) => Object.assign(mlpEncoder.create(c, d, s), { kind: 'test-unlowered' }) as Encoder,
    });
    const vae = VAE.create({ featureDim: 5, latentDim: 2, encoder: { kind: 'test-unlowered' }, likelihood: { kind: 'gaussian' } });
    try {
      await expect(exportModel(vae, join(root, 'x'))).rejects.toThrow(/no encoder lowering for the encoder kind "test-unlowered".*encoderLowerings\.register/);
      await expect(exportModel(vae, join(root, 'x'))).rejects.toBeInstanceOf(ConfigError);
    } finally {
      vae.dispose();
    }
  });

  it('bad options and non-models are ConfigErrors', async () => {
    const vae = smallVae({ likelihood: { kind: 'nb' }, covariates: [BATCH], featureDim: 4 });
    try {
      await expect(exportModel({}, join(root, 'y'))).rejects.toThrow(/exportModel takes a vaekit model/);
      await expect(exportModel(vae, join(root, 'y'), { featureNames: ['a', 'b'] })).rejects.toThrow(/2 feature names for a model with 4 features/);
      await expect(exportModel(vae, join(root, 'y'), { featureNames: ['a', 'b', 'a', 'c'] })).rejects.toThrow(/"a" appears twice/);
      await expect(exportModel(vae, join(root, 'y'), { covariates: [{ name: 'batch', categories: ['b2', 'b1', 'b3'] }] })).rejects.toThrow(/categories \[b2, b1, b3\] differ from the model's one-hot columns \[b1, b2, b3\]/);
      await expect(exportModel(vae, join(root, 'y'), { covariates: [{ name: 'plate', categories: ['p'] }] })).rejects.toThrow(/"plate" is not one of the model's covariates \(batch\)/);
      await expect(exportModel(vae, join(root, 'y'), { tolerance: 0 })).rejects.toThrow(/tolerance must be a positive number/);
      expect(existsSync(join(root, 'y'))).toBe(false);
      const m = await exportModel(vae, join(root, 'y'), { featureNames: ['g1', 'g2', 'g3', 'g4'], covariates: [{ name: 'batch', categories: ['b1', 'b2', 'b3'] }], paritySamples: 3 });
      expect(m.featureNames).toEqual(['g1', 'g2', 'g3', 'g4']);
      expect(m.covariates).toEqual([{ name: 'batch', type: 'categorical', categories: ['b1', 'b2', 'b3'] }]);
      expect(m.parity.samples).toBe(3);
    } finally {
      vae.dispose();
    }
  });
});
