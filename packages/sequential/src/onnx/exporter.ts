import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, type Registered, type Registry } from '@vaekit/core';
import {
  attr,
  decoderLowerings,
  encoderLowerings,
  GraphBuilder,
  likelihoodLowerings,
  modelExporters,
  NetworkInputs,
  priorExports,
  type ExportedNetwork,
  type ModelDims,
  type ModelExport,
  type ModelExporter,
} from '@vaekit/onnx';
import { SequentialVAE } from '../model/sequential-vae.js';
import { MarkovGaussianPrior } from '../plugins/markov-prior.js';
import { transitionLowerings } from './transition-lowering.js';

function need<P extends Registered>(registry: Registry<P>, registryName: string, kind: string): P {
  if (registry.has(kind)) return registry.get(kind);
  throw new ConfigError(`ONNX export: no ${registry.what} for kind "${kind}" (known: ${registry.kinds().join(', ') || 'none'})`, `register one with ${registryName}.register({ kind: '${kind}', … }) before exporting`);
}

/** The encoder's view of the inputs: `features()` is the held-in neurons, gathered from the full x. */
class HeldInInputs extends NetworkInputs {
  constructor(
    g: GraphBuilder,
    dims: ModelDims,
    shared: { declared: ExportedNetwork['inputs']; values: Map<string, string> },
    private readonly heldIn: string,
  ) {
    super(g, dims, shared);
  }
  override features(): string {
    return this.heldIn;
  }
}

/** Time steps of the parity check's random sequences. */
const PARITY_STEPS = 7;

/**
 * A SequentialVAE → three networks. encoder.onnx: `x` [batch, time, neurons] (raw counts; the
 * held-in neurons are gathered and log1p-transformed inside), `covariates` [batch, time, C] when the
 * model has them → `mean`, `logvar` [batch, time, latent]. decoder.onnx: `z` [batch, time, latent]
 * (+ covariates) → the likelihood's parameters per bin (Poisson: `mean`, the rates). transition.onnx:
 * `z` [batch, latent] → `next` = f(z), the mean of p(z_{t+1} | z_t) (roll it to forecast).
 */
export const sequentialVaeExporter: ModelExporter = {
  kind: 'sequential-vae',
  export(model) {
    if (!(model instanceof SequentialVAE)) throw new ConfigError(`the "sequential-vae" exporter takes a SequentialVAE, got ${(model as object)?.constructor?.name ?? typeof model}`);
    const lik = need(likelihoodLowerings, 'likelihoodLowerings', model.likelihood.kind);
    const enc = need(encoderLowerings, 'encoderLowerings', model.encoder.kind);
    const dec = need(decoderLowerings, 'decoderLowerings', model.decoder.kind);
    const N = model.neurons;
    const D = model.latentDim;
    const heldIn = model.config.heldInNeurons;
    const subset = heldIn.length !== N || heldIn.some((v, i) => v !== i);
    const dims: ModelDims = { featureDim: N, latentDim: D, covariates: [], inputDomain: lik.inputDomain(model.likelihood), featureRandom: lik.featureRandom?.(model.likelihood) };

    const eg = new GraphBuilder('encoder');
    const shared = { declared: [] as ExportedNetwork['inputs'], values: new Map<string, string>() };
    const all = new NetworkInputs(eg, dims, shared);
    const x = all.features(['batch', 'time', N]);
    const encInputs = subset ? new HeldInInputs(eg, { ...dims, featureDim: heldIn.length }, shared, eg.op('Gather', [x, eg.int64s('encoder/held_in', heldIn)], { axis: attr.int(2) })) : all;
    const q = enc.lower(model.encoder, eg, encInputs);
    const latentShape = q.shape ?? ['batch', 'time', D];
    eg.output('mean', q.mean, latentShape);
    eg.output('logvar', q.logvar, latentShape);
    const heldInIdx = subset ? heldIn : undefined;
    const encoder: ExportedNetwork = {
      name: 'encoder',
      graph: eg,
      inputs: shared.declared,
      outputs: [
        { name: 'mean', dtype: 'float32', shape: latentShape, description: 'posterior mean of z_t per bin' },
        { name: 'logvar', dtype: 'float32', shape: latentShape, description: 'posterior log-variance of z_t per bin (clipped as in training)' },
      ],
      reference(feeds) {
        const input = heldInIdx ? tf.gather(feeds.x, tf.tensor1d(heldInIdx, 'int32'), 2) : feeds.x;
        const post = model.encoder.encode(input, { covariates: feeds.covariates });
        return { mean: post.loc, logvar: tf.mul(tf.log(post.scale), 2) };
      },
      symbolicSizes: { time: PARITY_STEPS },
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
        const headValues = model.decoder.decode(feeds.z, { covariates: feeds.covariates });
        return lik.reference(model.likelihood, model.likelihood.distribution(headValues, {}), headValues);
      },
      symbolicSizes: { time: PARITY_STEPS },
    };

    const networks = [encoder, decoder];
    const prior = model.prior;
    if (prior instanceof MarkovGaussianPrior && transitionLowerings.has(prior.transition.kind)) {
      const tg = new GraphBuilder('transition');
      const tin = new NetworkInputs(tg, dims);
      const z = tin.latent(['batch', D]);
      const next = transitionLowerings.get(prior.transition.kind).lower(prior.transition, tg, z);
      tg.output('next', next, ['batch', D]);
      networks.push({
        name: 'transition',
        graph: tg,
        inputs: tin.declared,
        outputs: [{ name: 'next', dtype: 'float32', shape: ['batch', D], description: 'f(z): the mean of p(z_{t+1} | z_t = z)' }],
        reference: (feeds) => ({ next: prior.transition.apply(feeds.z) }),
      });
    }

    return {
      modelKind: 'sequential-vae',
      networks,
      latentDim: D,
      featureDim: N,
      featureNames: model.config.neuronIds ? [...model.config.neuronIds] : null,
      covariates: model.config.covariates.map((name) => ({ name, type: 'continuous' as const })),
      likelihood: { kind: model.likelihood.kind, outputs: outs.map((o) => ({ name: o.name, description: o.description })), config: { ...model.likelihood.config } },
      preprocessing: {
        inputTransform: String((model.encoder.config as { inputTransform?: unknown }).inputTransform ?? 'identity'),
        library: null,
        inputDomain: dims.inputDomain,
      },
      prior: priorExports.has(prior.kind) ? priorExports.get(prior.kind).export(prior) : { kind: prior.kind },
    } satisfies ModelExport;
  },
};

modelExporters.register(sequentialVaeExporter);

priorExports.register({
  kind: 'markov-gaussian',
  export(prior) {
    if (!(prior instanceof MarkovGaussianPrior)) throw new ConfigError(`ONNX export: the "markov-gaussian" prior export got a ${prior.constructor.name}`);
    const values = tf.tidy(() => {
      const init = prior.initial();
      return { initialLoc: Array.from(init.loc.dataSync()), initialScale: Array.from(init.scale.dataSync()), noiseScale: Array.from(prior.noiseScale().dataSync()) };
    });
    return { kind: 'markov-gaussian', transition: prior.transition.kind, network: 'transition', ...values };
  },
});
