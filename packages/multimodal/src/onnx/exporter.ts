import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type LikelihoodContext } from '@vaekit/core';
import {
  decoderLowerings,
  encoderLowerings,
  GraphBuilder,
  likelihoodLowerings,
  NetworkInputs,
  priorExports,
  type ExportedNetwork,
  type InputDomain,
  type ModelDims,
  type ModelExport,
  type ModelExporter,
} from '@vaekit/onnx';
import { MultimodalVAE } from '../model/multimodal-vae.js';
import type { Modality } from '../model/modality.js';
import { fusionLowerings } from './fusion-lowering.js';

/** The manifest's description of one modality: which networks embed and decode it, and what they read. */
export interface ExportedModality {
  name: string;
  featureDim: number;
  featureNames: string[] | null;
  likelihood: { kind: string; config: Record<string, unknown> };
  inputTransform: string;
  inputDomain: InputDomain;
  /** Whether its decoder reads a `library` input (count likelihoods with an offset). */
  library: boolean;
  encoder: string;
  decoder: string;
}

function modalityNetworks(model: MultimodalVAE, mod: Modality): { networks: ExportedNetwork[]; info: ExportedModality } {
  const d = model.latentDim;
  const lik = likelihoodLowerings.get(mod.likelihood.kind);
  const enc = encoderLowerings.get(mod.encoder.kind);
  const dec = decoderLowerings.get(mod.decoder.kind);
  const dims: ModelDims = { featureDim: mod.featureDim, latentDim: d, covariates: [], inputDomain: lik.inputDomain(mod.likelihood), featureRandom: lik.featureRandom?.(mod.likelihood) };

  const encoderName = `encoder-${mod.name}`;
  const eg = new GraphBuilder(encoderName);
  const ein = new NetworkInputs(eg, dims);
  const q = enc.lower(mod.encoder, eg, ein);
  eg.output('mean', q.mean, ['batch', d]);
  eg.output('logvar', q.logvar, ['batch', d]);
  const encoder: ExportedNetwork = {
    name: encoderName,
    graph: eg,
    inputs: ein.declared,
    outputs: [
      { name: 'mean', dtype: 'float32', shape: ['batch', d], description: `mean of the "${mod.name}" expert q(z | x_${mod.name})` },
      { name: 'logvar', dtype: 'float32', shape: ['batch', d], description: `log-variance of the "${mod.name}" expert (clipped as in training)` },
    ],
    reference(feeds) {
      const e = mod.expert(feeds.x);
      return { mean: e.loc, logvar: e.logVar };
    },
  };

  const decoderName = `decoder-${mod.name}`;
  const dg = new GraphBuilder(decoderName);
  const din = new NetworkInputs(dg, dims);
  const outs = lik.lower(mod.likelihood, dg, dec.lower(mod.decoder, dg, din), din);
  for (const o of outs) dg.output(o.name, o.value, o.shape ?? ['batch', o.size as number]);
  const decoder: ExportedNetwork = {
    name: decoderName,
    graph: dg,
    inputs: din.declared,
    outputs: outs.map((o) => ({ name: o.name, dtype: 'float32', shape: o.shape ?? ['batch', o.size as number], description: o.description })),
    reference(feeds) {
      const heads = mod.decoder.decode(feeds.z);
      const ctx: LikelihoodContext = {};
      for (const i of din.declared) if (i.role === 'library') ctx.logLibrarySize = tf.log(feeds[i.name]);
      return lik.reference(mod.likelihood, mod.likelihood.distribution(heads, ctx), heads);
    },
  };
  const transform = (mod.encoder.config as { inputTransform?: unknown }).inputTransform;
  return {
    networks: [encoder, decoder],
    info: {
      name: mod.name,
      featureDim: mod.featureDim,
      featureNames: mod.spec.featureNames ? [...mod.spec.featureNames] : null,
      likelihood: { kind: mod.likelihood.kind, config: { ...mod.likelihood.config } },
      inputTransform: typeof transform === 'string' ? transform : 'identity',
      inputDomain: dims.inputDomain,
      library: lik.usesLibrary(mod.likelihood),
      encoder: encoderName,
      decoder: decoderName,
    },
  };
}

function fusionNetwork(model: MultimodalVAE): ExportedNetwork {
  const d = model.latentDim;
  const names = model.names;
  const lower = fusionLowerings.get(model.fusion.kind);
  const g = new GraphBuilder('fusion');
  const inputs = new NetworkInputs(g, { featureDim: names.length, latentDim: d, covariates: [], inputDomain: 'real' });
  const means = names.map((n) => inputs.declare({ name: `mean.${n}`, dtype: 'float32', shape: ['batch', d], role: 'expert-mean', random: { kind: 'normal', scale: 2 }, description: `the "${n}" expert's mean (encoder-${n} output mean; anything finite where the cell lacks it)` }));
  const logvars = names.map((n) => inputs.declare({ name: `logvar.${n}`, dtype: 'float32', shape: ['batch', d], role: 'expert-logvar', random: { kind: 'uniform', low: -14, high: 14 }, description: `the "${n}" expert's log-variance (encoder-${n} output logvar)` }));
  const mask = inputs.declare({ name: 'mask', dtype: 'float32', shape: ['batch', names.length], role: 'mask', random: { kind: 'integers', low: 0, high: 2 }, description: `1 where the cell has the modality (columns: ${names.join(', ')}); 0 leaves its expert out` });
  const out = lower.lower(model.fusion, g, { means, logvars, mask });
  g.output('mean', out.mean, ['batch', d]);
  g.output('logvar', out.logvar, ['batch', d]);
  return {
    name: 'fusion',
    graph: g,
    inputs: inputs.declared,
    outputs: [
      { name: 'mean', dtype: 'float32', shape: ['batch', d], description: `posterior mean of z from the present modalities (${model.fusion.kind} fusion)` },
      { name: 'logvar', dtype: 'float32', shape: ['batch', d], description: 'posterior log-variance of z' },
    ],
    reference(feeds) {
      const experts = names.map((n) => ({ loc: feeds[`mean.${n}`], logVar: feeds[`logvar.${n}`] }));
      const q = model.fusion.posterior(experts, feeds.mask);
      return { mean: q.loc, logvar: tf.mul(tf.log(q.scale), 2) };
    },
  };
}

/**
 * A MultimodalVAE → per modality `encoder-<name>.onnx` (x [batch, F] raw values → the expert's
 * `mean`, `logvar`) and `decoder-<name>.onnx` (z [batch, D], `library` [batch, 1] for count
 * likelihoods with an offset → the likelihood's parameters), plus `fusion.onnx` (every expert's
 * `mean.<name>`, `logvar.<name>` and the presence `mask` [batch, M] → the posterior `mean`, `logvar`;
 * plain arithmetic). Embedding from any subset of modalities: run the encoders of the modalities a
 * cell has, feed zeros and mask 0 for the others, run the fusion. The manifest's
 * `likelihood.config.modalities` lists each modality's networks, transform and library input.
 */
export const multimodalExporter: ModelExporter = {
  kind: 'multimodal',
  export(model) {
    if (!(model instanceof MultimodalVAE)) throw new ConfigError(`the "multimodal" exporter takes a MultimodalVAE (model.vae of a MultimodalModel), got ${(model as object)?.constructor?.name ?? typeof model}`);
    const parts = model.modalities.map((m) => modalityNetworks(model, m));
    const domains = new Set(parts.map((p) => p.info.inputDomain));
    const prior = model.prior;
    return {
      modelKind: 'multimodal',
      networks: [...parts.flatMap((p) => p.networks), fusionNetwork(model)],
      latentDim: model.latentDim,
      featureDim: parts.reduce((n, p) => n + p.info.featureDim, 0),
      featureNames: null,
      covariates: [],
      likelihood: {
        kind: 'multimodal',
        outputs: [],
        config: { fusion: { kind: model.fusion.kind, config: { ...model.fusion.config } }, modalities: parts.map((p) => p.info), maskColumns: model.names },
      },
      preprocessing: { inputTransform: 'per-modality (see likelihood.config.modalities)', library: null, inputDomain: domains.size === 1 ? parts[0].info.inputDomain : 'real' },
      prior: priorExports.has(prior.kind) ? priorExports.get(prior.kind).export(prior) : { kind: prior.kind },
    } satisfies ModelExport;
  },
};
