import * as tf from '@tensorflow/tfjs-core';
import { CategoricalLikelihood, VAE, type LikelihoodContext } from '@vaekit/core';
import { ConfigError } from '@vaekit/core/errors';
import { GraphBuilder } from '../../graph/graph-builder.js';
import type { ManifestCovariate } from '../../runtime/manifest.js';
import { NetworkInputs, type ModelDims } from '../network-inputs.js';
import type { ExportedNetwork, ModelExport } from '../network.js';
import { decoderLowerings, encoderLowerings, likelihoodLowerings, lowering, modelExporters, priorExports, type ModelExporter } from '../registries.js';

/**
 * Core's VAE → two networks. encoder.onnx: `x` [batch, F] (raw features; the input transform is
 * inside), `covariates` [batch, C] if the encoder reads them → `mean`, `logvar` [batch, latent].
 * decoder.onnx: `z` [batch, latent], `covariates` if any, `library` [batch, 1] when the likelihood
 * uses a library offset → the likelihood's parameters (NB: `mean`, `theta`; ZINB also
 * `gateLogits`; Poisson `mean`; Gaussian `loc`, `scale`; Bernoulli `logits`, `probs`;
 * categorical `logits`, `probs`). Plugin kinds map to lowerings through the registries.
 */
export const vaeExporter: ModelExporter = {
  kind: 'vae',
  export(model) {
    if (!(model instanceof VAE)) throw new ConfigError(`the "vae" exporter takes a VAE from @vaekit/core, got ${(model as object)?.constructor?.name ?? typeof model}`);
    const lik = lowering(likelihoodLowerings, 'likelihoodLowerings', 'likelihood', model.likelihood.kind);
    const enc = lowering(encoderLowerings, 'encoderLowerings', 'encoder', model.encoder.kind);
    const dec = lowering(decoderLowerings, 'decoderLowerings', 'decoder', model.decoder.kind);
    const dims: ModelDims = {
      featureDim: model.featureDim,
      latentDim: model.latentDim,
      covariates: model.config.covariates,
      inputDomain: lik.inputDomain(model.likelihood),
      classes: model.likelihood instanceof CategoricalLikelihood ? model.likelihood.classes : undefined,
      featureRandom: lik.featureRandom?.(model.likelihood),
    };
    const eg = new GraphBuilder('encoder');
    const ein = new NetworkInputs(eg, dims);
    const q = enc.lower(model.encoder, eg, ein);
    const latentShape = q.shape ?? ['batch', model.latentDim];
    eg.output('mean', q.mean, latentShape);
    eg.output('logvar', q.logvar, latentShape);
    const encoder: ExportedNetwork = {
      name: 'encoder',
      graph: eg,
      inputs: ein.declared,
      outputs: [
        { name: 'mean', dtype: 'float32', shape: latentShape, description: 'posterior mean of z' },
        { name: 'logvar', dtype: 'float32', shape: latentShape, description: 'posterior log-variance of z (clipped as in training)' },
      ],
      reference(feeds) {
        const post = model.posterior(feeds.x, feeds.covariates);
        return { mean: post.loc, logvar: tf.mul(tf.log(post.scale), 2) };
      },
    };

    const dg = new GraphBuilder('decoder');
    const din = new NetworkInputs(dg, dims);
    const heads = dec.lower(model.decoder, dg, din);
    const outs = lik.lower(model.likelihood, dg, heads, din);
    const shapeOf = (o: (typeof outs)[number]) => o.shape ?? [...din.latentLead, o.size as number];
    for (const o of outs) dg.output(o.name, o.value, shapeOf(o));
    const decoder: ExportedNetwork = {
      name: 'decoder',
      graph: dg,
      inputs: din.declared,
      outputs: outs.map((o) => ({ name: o.name, dtype: 'float32', shape: shapeOf(o), description: o.description })),
      reference(feeds) {
        const covariates = feeds.covariates;
        const headValues = model.decoder.decode(feeds.z, { covariates });
        // each library input is a log library size in the likelihood's context ('<group>.logLibrarySize' for a column group)
        const ctx: LikelihoodContext = { covariates };
        for (const i of din.declared) if (i.role === 'library') ctx[i.group ? `${i.group}.logLibrarySize` : 'logLibrarySize'] = tf.log(feeds[i.name]);
        return lik.reference(model.likelihood, model.likelihood.distribution(headValues, ctx), headValues);
      },
    };

    const covariates: ManifestCovariate[] = model.config.covariates.map((c) => (c.type === 'categorical' ? { name: c.name, type: 'categorical', categories: [...(c.levels ?? [])] } : { name: c.name, type: 'continuous' }));
    const prior = model.prior;
    const encoderConfig = model.encoder.config as { inputTransform?: unknown };
    return {
      modelKind: 'vae',
      networks: [encoder, decoder],
      latentDim: model.latentDim,
      featureDim: model.featureDim,
      featureNames: model.config.featureNames ? [...model.config.featureNames] : null,
      covariates,
      likelihood: { kind: model.likelihood.kind, outputs: outs.map((o) => ({ name: o.name, description: o.description })), config: { ...model.likelihood.config } },
      preprocessing: {
        inputTransform: typeof encoderConfig.inputTransform === 'string' ? encoderConfig.inputTransform : 'identity',
        library: lik.usesLibrary(model.likelihood) ? 'observed-total' : null,
        inputDomain: dims.inputDomain,
      },
      prior: priorExports.has(prior.kind) ? priorExports.get(prior.kind).export(prior) : { kind: prior.kind },
    } satisfies ModelExport;
  },
};

modelExporters.register(vaeExporter);
