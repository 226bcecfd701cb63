import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, ModelFormatError } from '../../src/errors.js';
import type { JsonObject } from '../../src/plugins/contracts.js';
import { Registry } from '../../src/plugins/registry.js';
import type { ModelKind } from '../../src/persistence/index.js';
import { assignWeights, loadModel, loadModelWithManifest, modelKinds, saveModel, writeModelDir } from '../../src/persistence/index.js';
import { expectNoTensorLeak } from '../../src/testing/leaks.js';
import { TinyModel, cleanup, editModelJson, entries, makeTempRoot, snapshot, values, variableOf } from './helpers.js';

let root: string;
beforeEach(async () => {
  root = await makeTempRoot();
});
afterEach(async () => {
  await cleanup(root);
});

/** A registry with the tiny model; fromConfig builds a model with *different* initial values (seed + 100). */
function tinyRegistry(): Registry<ModelKind> {
  const registry = new Registry<ModelKind>('model');
  registry.register({ kind: TinyModel.kind, fromConfig: (c: JsonObject) => new TinyModel(c.hidden as number, (c.seed as number) + 100) });
  return registry;
}

describe('saveModel / loadModel', () => {
  it('round trip rebuilds the model from its config and restores identical weights', async () => {
    const dir = join(root, 'tiny');
    await expectNoTensorLeak(async () => {
      const model = new TinyModel(4, 11);
      const saved = await snapshot(model.variables());
      await saveModel(model, dir, { summary: { epochs: 3, loss: 1.25 }, featureNames: ['g1', 'g2', 'g3'] });
      model.dispose();

      const { model: loaded, manifest } = await loadModelWithManifest(dir, { registry: tinyRegistry() });
      expect(loaded).toBeInstanceOf(TinyModel);
      expect((loaded as TinyModel).hidden).toBe(4);
      // fromConfig started from other values; the saved ones were assigned over them
      expect(await snapshot(loaded.variables())).toEqual(saved);
      expect(saved['tiny/dense/kernel']).toEqual(Array.from(values(12, 11)));
      expect(manifest).toMatchObject({ model: { kind: 'test-tiny', hidden: 4, seed: 11 }, summary: { epochs: 3, loss: 1.25 }, featureNames: ['g1', 'g2', 'g3'] });
      loaded.dispose();
    });
    expect(await entries(root)).toEqual(['tiny']);
  });

  it('loadModel finds kinds in the global model registry', async () => {
    modelKinds.register({ kind: 'test-tiny-global', fromConfig: (c: JsonObject) => new TinyModel(c.hidden as number, 0) });
    const dir = join(root, 'm');
    await expectNoTensorLeak(async () => {
      const model = new TinyModel(2, 5);
      const weights: Record<string, Tensor> = model.variables();
      await writeModelDir(dir, { model: { kind: 'test-tiny-global', hidden: 2 } }, weights);
      const loaded = await loadModel(dir);
      expect(await snapshot(loaded.variables())).toEqual(await snapshot(model.variables()));
      loaded.dispose();
      model.dispose();
    });
  });

  it('a kind missing from the registry is the registry ConfigError listing the kinds', async () => {
    const dir = join(root, 'm');
    const model = new TinyModel(2, 5);
    await saveModel(model, dir);
    model.dispose();
    const registry = new Registry<ModelKind>('model');
    registry.register({ kind: 'nb-vae', fromConfig: () => new TinyModel(1, 1) });
    await expectNoTensorLeak(async () => {
      const err = await loadModel(dir, { registry }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain('Unknown model kind "test-tiny"');
      expect((err as Error).message).toContain('registered model kinds: nb-vae');
    });
  });

  it('a saved model whose config builds a different shape: ModelFormatError with saved vs model shapes, model disposed', async () => {
    const dir = join(root, 'm');
    const model = new TinyModel(4, 5);
    await saveModel(model, dir);
    model.dispose();
    await editModelJson(dir, (j) => ({ ...j, model: { ...(j.model as JsonObject), hidden: 5 } }));
    await expectNoTensorLeak(async () => {
      const err = await loadModel(dir, { registry: tinyRegistry() }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ModelFormatError);
      expect((err as Error).message).toContain(`The weights in ${dir} do not fit the model`);
      expect((err as Error).message).toContain('tiny/dense/kernel: saved [3,4] vs model [3,5]');
      expect((err as Error).message).toContain('tiny/dense/bias: saved [4] vs model [5]');
    });
  });

  it('model.json without a model config (written by writeModelDir) is a ModelFormatError', async () => {
    const dir = join(root, 'm');
    const w = tf.ones([2]);
    await writeModelDir(dir, {}, { w });
    w.dispose();
    await expectNoTensorLeak(async () => {
      await expect(loadModel(dir, { registry: tinyRegistry() })).rejects.toThrow(/has no "model" config with a "kind"/);
    });
  });

  it('saveModel refuses an `extra` that sets "model" and a config without a kind', async () => {
    const model = new TinyModel(2, 1);
    await expect(saveModel(model, join(root, 'a'), { model: 'x' })).rejects.toBeInstanceOf(ConfigError);
    const kindless = Object.assign(Object.create(model) as TinyModel, { toConfig: () => ({ hidden: 2 }) });
    await expect(saveModel(kindless, join(root, 'b'))).rejects.toThrow('has no string "kind"');
    model.dispose();
    expect(await entries(root)).toEqual([]);
  });

  it('model.json records the model config under "model"', async () => {
    const dir = join(root, 'm');
    const model = new TinyModel(3, 2);
    await saveModel(model, dir, { featureNames: ['a', 'b', 'c'] });
    model.dispose();
    const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as JsonObject;
    expect(json.model).toEqual({ kind: 'test-tiny', hidden: 3, seed: 2 });
    expect(json.featureNames).toEqual(['a', 'b', 'c']);
    expect(Object.keys(json).slice(0, 3)).toEqual(['format', 'formatVersion', 'createdAt']);
  });
});

describe('assignWeights', () => {
  it('assigns matching weights and disposes them', async () => {
    await expectNoTensorLeak(async () => {
      const vars = { a: variableOf(new Float32Array([0, 0]), [2]), b: variableOf(Int32Array.from([0, 0, 0]), [3]) };
      assignWeights(vars, { a: tf.tensor([1.5, -2]), b: tf.tensor([7, 8, 9], [3], 'int32') }, 'here');
      expect(await snapshot(vars)).toEqual({ a: [1.5, -2], b: [7, 8, 9] });
      tf.dispose(Object.values(vars));
    });
  });

  it('lists missing, unexpected and mismatched weights, assigns nothing, and disposes the weights', async () => {
    await expectNoTensorLeak(async () => {
      const vars = {
        'enc/kernel': variableOf(new Float32Array(6), [2, 3]),
        'enc/bias': variableOf(new Float32Array(3), [3]),
        'dec/kernel': variableOf(new Float32Array(4), [2, 2]),
        steps: variableOf(Int32Array.from([0]), [1]),
      };
      const weights = {
        'enc/kernel': tf.ones([3, 2]),
        'enc/bias': tf.ones([3]),
        'old/extra': tf.ones([1]),
        steps: tf.ones([1]), // float32 saved where the model has int32
      };
      const err = (() => {
        try {
          assignWeights(vars, weights, '/models/m1');
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(ModelFormatError);
      const message = (err as Error).message;
      expect(message).toContain('The weights in /models/m1 do not fit the model');
      expect(message).toContain('missing (in the model, not saved): dec/kernel');
      expect(message).toContain('unexpected (saved, not in the model): old/extra');
      expect(message).toContain('enc/kernel: saved [3,2] vs model [2,3]');
      expect(message).toContain('steps: saved float32 vs model int32');
      expect(message).not.toContain('enc/bias');
      // nothing was assigned, not even the one weight that fitted
      expect((await snapshot(vars))['enc/bias']).toEqual([0, 0, 0]);
      expect(Object.values(weights).every((t) => t.isDisposed)).toBe(true);
      tf.dispose(Object.values(vars));
    });
  });
});
