// ONNX export of a multimodal model through @vaekit/onnx: per-modality encoders and decoders and the
// fusion pass the exporter's parity check, and running them with onnxruntime reproduces the model's
// latent (from any subset of modalities) and its protein imputation.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tensor as OrtTensor } from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, exportModel } from '@vaekit/onnx';
import { MultimodalModel, simulateMultimodal } from '@vaekit/multimodal';
import '../../src/onnx/index.js';

const sim = simulateMultimodal({ cells: 120, genes: 30, proteins: 8, missing: { protein: 0.25, rna: 0.1 }, seed: 4 });

async function run(dir: string, network: string, feeds: Record<string, { data: Float32Array; dims: number[] }>): Promise<Record<string, Float32Array>> {
  const { session } = await createSession(join(dir, `${network}.onnx`));
  const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, new OrtTensor('float32', v.data, v.dims)])));
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.data as Float32Array]));
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);

for (const fusion of ['poe', 'mopoe']) {
  describe(`ONNX export, ${fusion} fusion`, () => {
    let model: MultimodalModel;
    let dir: string;
    beforeAll(async () => {
      const mlp = (t: string) => ({ kind: 'mlp', config: { hidden: [16], inputTransform: t } });
      model = MultimodalModel.create({
        latentDim: 3,
        modalities: [
          { name: 'rna', featureDim: sim.genes, encoder: mlp('log1p-cp10k'), decoder: { kind: 'mlp', config: { hidden: [16] } }, likelihood: { kind: 'nb' } },
          { name: 'protein', featureDim: sim.proteins, encoder: mlp('log1p'), decoder: { kind: 'mlp', config: { hidden: [16] } }, likelihood: { kind: 'nb-mixture' } },
        ],
        fusion: { kind: fusion },
        seed: 2,
      });
      await model.fit(sim.input, { epochs: 4, batchSize: 40, learningRate: 1e-2, seed: 1 });
      dir = await mkdtemp(join(tmpdir(), `vaekit-mm-onnx-${fusion}-`));
    });
    afterAll(async () => {
      model.dispose();
      await rm(dir, { recursive: true, force: true });
    });

    it('writes an encoder and a decoder per modality and the fusion, each within the parity tolerance', async () => {
      const manifest = await exportModel(model.vae, join(dir, 'export'));
      expect(manifest.modelKind).toBe('multimodal');
      expect(Object.keys(manifest.networks).sort()).toEqual(['decoder-protein', 'decoder-rna', 'encoder-protein', 'encoder-rna', 'fusion']);
      expect((await readdir(join(dir, 'export'))).sort()).toEqual(['decoder-protein.onnx', 'decoder-rna.onnx', 'encoder-protein.onnx', 'encoder-rna.onnx', 'fusion.onnx', 'manifest.json']);
      for (const errors of Object.values(manifest.parity.maxError)) for (const e of Object.values(errors)) expect(e).toBeLessThan(1e-4);
      expect(manifest.networks.fusion.inputs.map((i) => i.name)).toEqual(['mean.rna', 'mean.protein', 'logvar.rna', 'logvar.protein', 'mask']);
      expect(manifest.networks['decoder-protein'].outputs.map((o) => o.name)).toEqual(['background', 'foreground', 'theta', 'backgroundProbability', 'mean']);
      const modalities = (manifest.likelihood.config as { modalities: { name: string; library: boolean; inputTransform: string }[] }).modalities;
      expect(modalities.map((m) => [m.name, m.library, m.inputTransform])).toEqual([
        ['rna', true, 'log1p-cp10k'],
        ['protein', true, 'log1p'],
      ]);
    });

    it('onnxruntime reproduces the latent of partially paired cells and protein imputed from RNA', async () => {
      const n = sim.cells.length;
      const d = 3;
      const out = join(dir, 'export');
      const rna = await run(out, 'encoder-rna', { x: { data: sim.rna, dims: [n, sim.genes] } });
      const protein = await run(out, 'encoder-protein', { x: { data: sim.protein, dims: [n, sim.proteins] } });
      const mask = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        mask[2 * i] = sim.missing.rna.includes(i) ? 0 : 1;
        mask[2 * i + 1] = sim.missing.protein.includes(i) ? 0 : 1;
      }
      const fused = await run(out, 'fusion', {
        'mean.rna': { data: rna.mean, dims: [n, d] },
        'logvar.rna': { data: rna.logvar, dims: [n, d] },
        'mean.protein': { data: protein.mean, dims: [n, d] },
        'logvar.protein': { data: protein.logvar, dims: [n, d] },
        mask: { data: mask, dims: [n, 2] },
      });
      expect(maxAbsDiff(fused.mean, model.latent(sim.input).data)).toBeLessThan(1e-4);

      // protein from RNA alone: mask column 1 = 0, then the protein decoder at the training median library
      const rnaOnlyMask = Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? 1 : 0));
      const z = await run(out, 'fusion', {
        'mean.rna': { data: rna.mean, dims: [n, d] },
        'logvar.rna': { data: rna.logvar, dims: [n, d] },
        'mean.protein': { data: protein.mean, dims: [n, d] },
        'logvar.protein': { data: protein.logvar, dims: [n, d] },
        mask: { data: rnaOnlyMask, dims: [n, 2] },
      });
      const decoded = await run(out, 'decoder-protein', { z: { data: z.mean, dims: [n, d] }, library: { data: new Float32Array(n).fill(model.libraries.protein), dims: [n, 1] } });
      const imputed = model.impute({ cells: sim.cells, modalities: { rna: { x: sim.rna } } }, { from: ['rna'], to: 'protein' }).data;
      expect(maxAbsDiff(decoded.mean, imputed) / Math.max(...imputed)).toBeLessThan(1e-4);
    });
  });
}
