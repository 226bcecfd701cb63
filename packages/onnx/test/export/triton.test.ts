import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import textformat from 'protobufjs/ext/textformat.js';
import { exportModel, tritonConfig } from '@vaekit/onnx';
import { readManifest } from '@vaekit/onnx/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH, smallVae } from './models.js';

/**
 * The part of Triton's ModelConfig (triton-inference-server/common, protobuf/model_config.proto)
 * that config.pbtxt uses here; parsing with it checks field names, nesting and enum values.
 */
const TRITON = protobuf.Root.fromJSON({
  nested: {
    DataType: { values: { TYPE_INVALID: 0, TYPE_BOOL: 1, TYPE_UINT8: 2, TYPE_UINT16: 3, TYPE_UINT32: 4, TYPE_UINT64: 5, TYPE_INT8: 6, TYPE_INT16: 7, TYPE_INT32: 8, TYPE_INT64: 9, TYPE_FP16: 10, TYPE_FP32: 11, TYPE_FP64: 12, TYPE_STRING: 13 } },
    ModelInput: { fields: { name: { type: 'string', id: 1 }, data_type: { type: 'DataType', id: 2 }, dims: { rule: 'repeated', type: 'int64', id: 4 } } },
    ModelOutput: { fields: { name: { type: 'string', id: 1 }, data_type: { type: 'DataType', id: 2 }, dims: { rule: 'repeated', type: 'int64', id: 3 } } },
    ModelDynamicBatching: { fields: { preferred_batch_size: { rule: 'repeated', type: 'int32', id: 1 }, max_queue_delay_microseconds: { type: 'uint64', id: 2 } } },
    ModelConfig: {
      fields: {
        name: { type: 'string', id: 1 },
        platform: { type: 'string', id: 2 },
        max_batch_size: { type: 'int32', id: 4 },
        input: { rule: 'repeated', type: 'ModelInput', id: 5 },
        output: { rule: 'repeated', type: 'ModelOutput', id: 6 },
        dynamic_batching: { type: 'ModelDynamicBatching', id: 11 },
      },
    },
  },
}).lookupType('ModelConfig');

const parse = (text: string) => TRITON.toObject(textformat.fromText(TRITON, text), { enums: String, longs: Number, defaults: false });

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-onnx-triton-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('Triton model repository', () => {
  it('writes <name>_encoder and <name>_decoder with config.pbtxt and 1/model.onnx, listed (with sha256) in the manifest', async () => {
    const vae = smallVae({ likelihood: { kind: 'nb' }, covariates: [BATCH], featureDim: 6 });
    try {
      const dir = join(root, 'pbmc');
      const m = await exportModel(vae, dir, { name: 'pbmc', triton: true });
      expect(m.triton).toEqual({ dir: 'triton', models: { encoder: 'pbmc_encoder', decoder: 'pbmc_decoder' }, maxBatchSize: 1024 });
      expect((await readdir(join(dir, 'triton'))).sort()).toEqual(['pbmc_decoder', 'pbmc_encoder']);
      for (const net of ['encoder', 'decoder']) {
        expect((await readdir(join(dir, 'triton', `pbmc_${net}`))).sort()).toEqual(['1', 'config.pbtxt']);
        expect(Buffer.compare(await readFile(join(dir, 'triton', `pbmc_${net}`, '1', 'model.onnx')), await readFile(join(dir, `${net}.onnx`)))).toBe(0);
        expect(m.files[`triton/pbmc_${net}/config.pbtxt`]).toBeDefined();
        expect(m.files[`triton/pbmc_${net}/1/model.onnx`].sha256).toBe(m.files[`${net}.onnx`].sha256);
      }
      expect(parse(await readFile(join(dir, 'triton/pbmc_decoder/config.pbtxt'), 'utf8'))).toEqual({
        name: 'pbmc_decoder',
        platform: 'onnxruntime_onnx',
        max_batch_size: 1024,
        input: [
          { name: 'z', data_type: 'TYPE_FP32', dims: [3] },
          { name: 'covariates', data_type: 'TYPE_FP32', dims: [3] },
          { name: 'library', data_type: 'TYPE_FP32', dims: [1] },
        ],
        output: [
          { name: 'mean', data_type: 'TYPE_FP32', dims: [6] },
          { name: 'theta', data_type: 'TYPE_FP32', dims: [6] },
        ],
        dynamic_batching: {},
      });
      await readManifest(dir); // the Triton files verify too
    } finally {
      vae.dispose();
    }
  });

  it('writes to a separate repository folder with its own max batch size', async () => {
    const vae = smallVae({ likelihood: { kind: 'gaussian' }, featureDim: 4 });
    try {
      const repo = join(root, 'repo');
      const m = await exportModel(vae, join(root, 'g'), { name: 'gauss.v1', triton: { dir: repo, maxBatchSize: 64 } });
      expect(m.triton?.models).toEqual({ encoder: 'gauss_v1_encoder', decoder: 'gauss_v1_decoder' });
      expect(existsSync(join(root, 'g', 'triton'))).toBe(false);
      const cfg = parse(await readFile(join(repo, 'gauss_v1_encoder', 'config.pbtxt'), 'utf8'));
      expect(cfg).toMatchObject({ name: 'gauss_v1_encoder', max_batch_size: 64, input: [{ name: 'x', dims: [4] }], output: [{ name: 'mean', dims: [3] }, { name: 'logvar', dims: [3] }] });
      expect(existsSync(join(repo, 'gauss_v1_decoder', '1', 'model.onnx'))).toBe(true);
    } finally {
      vae.dispose();
    }
  });

  it('symbolic dimensions other than batch are -1; an input that is not batch-first is refused', () => {
    const text = tritonConfig('seq', [{ name: 'x', dtype: 'int64', shape: ['batch', 'time'] }], [{ name: 'y', dtype: 'float32', shape: ['batch', 'time', 8] }], 16);
    expect(parse(text)).toMatchObject({ input: [{ data_type: 'TYPE_INT64', dims: [-1] }], output: [{ dims: [-1, 8] }] });
    expect(() => tritonConfig('bad', [{ name: 'x', dtype: 'float32', shape: [4, 'batch'] }], [], 8)).toThrow(/not batch-first/);
    expect(() => tritonConfig('bad', [], [], 0)).toThrow(/maxBatchSize must be a positive integer/);
  });
});
