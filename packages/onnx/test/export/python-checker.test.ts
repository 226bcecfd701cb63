import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Conv1d, Gru, ParamStore } from '@vaekit/core';
import { conv1dLowering, embeddingLowering, encodeModel, exportModel, GraphBuilder, gruLowering } from '@vaekit/onnx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PYTHON_ONNX_DIR, SKIP_REASON } from '../python-onnx.js';
import { BATCH, DONOR, smallVae } from './models.js';

const CHECK = `
import sys, onnx
for path in sys.argv[1:]:
    onnx.checker.check_model(path, full_check=True)
    print("ok", path)
`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'vaekit-onnx-checker-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe("Debian python3-onnx's checker", () => {
  const title = 'accepts exported encoders and decoders and every layer lowering (check_model, full_check = True)';
  (PYTHON_ONNX_DIR ? it : it.skip)(PYTHON_ONNX_DIR ? title : `${title} — ${SKIP_REASON}`, async () => {
    const files: string[] = [];
    const cases = [
      smallVae({ likelihood: { kind: 'zinb', config: { dispersion: 'gene-covariate', dispersionCovariate: 'batch' } }, covariates: [BATCH, DONOR], encoder: { inputTransform: 'log1p-cp10k', useCovariates: true, layerNorm: true, activation: 'gelu' } }),
      smallVae({ likelihood: { kind: 'categorical', config: { classes: 3 } }, encoder: { activation: 'leaky-relu' } }),
      smallVae({ likelihood: { kind: 'gaussian' }, decoder: { activation: 'softplus' } }),
    ];
    for (const [i, vae] of cases.entries()) {
      await exportModel(vae, join(root, `vae${i}`), { triton: true });
      files.push(join(root, `vae${i}`, 'encoder.onnx'), join(root, `vae${i}`, 'decoder.onnx'));
      vae.dispose();
    }
    const store = new ParamStore('t', 1);
    const layers: [string, (g: GraphBuilder) => void][] = [
      ['conv1d', (g) => g.output('y', conv1dLowering.lower(g, g.input('x', ['batch', 'time', 3]), new Conv1d(store, 'c', 3, 4, 3, { stride: 2 }), undefined), ['batch', 'steps', 4])],
      ['gru', (g) => g.output('y', gruLowering.lower(g, g.input('x', ['batch', 'time', 3]), new Gru(store, 'g', 3, 5, { recurrentActivation: 'hardSigmoid', goBackwards: true }), { h0: g.input('h0', ['batch', 5]) }), ['batch', 'time', 5])],
      ['embedding', (g) => g.output('y', embeddingLowering.lower(g, g.input('ids', ['batch', 'time'], 'int64'), { table: store.create('table', [7, 2], 'ones') }, undefined), ['batch', 'time', 2])],
    ];
    for (const [name, build] of layers) {
      const g = new GraphBuilder(name);
      build(g);
      const path = join(root, `${name}.onnx`);
      await writeFile(path, encodeModel(g.toModel({ producerVersion: 'test' })));
      files.push(path);
    }
    store.dispose();
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', CHECK, ...files]);
    expect(stdout.trim().split('\n')).toHaveLength(files.length);
  });
});
