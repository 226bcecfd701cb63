import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { Registry, type Plugin, type PluginInstance, type ParamStore } from '@vaekit/core';

/** What a transition is built with: the latent width and the store its variables live in (the prior's). */
export interface TransitionDims {
  latentDim: number;
  store: ParamStore;
}

/** The mean of the Markov step p(z_t | z_{t-1}) = N(f(z_{t-1}), diag(q)): f, a registered plugin. */
export interface Transition extends PluginInstance {
  readonly latentDim: number;
  /** f(z) for z [..., D] → [..., D]. */
  apply(z: Tensor): Tensor;
  /**
   * For a linear f(z) = z·A + b: A [D, D] and b [D] (the prior then computes the KL in closed form).
   * Absent for non-linear transitions.
   */
  linear?(): { matrix: Tensor; offset: Tensor };
  /** The weight matrices an L2 penalty on recurrent weights applies to. */
  recurrentWeights(): Variable[];
}

export type TransitionPlugin = Plugin<Transition, TransitionDims>;

/** Transition plugins by kind ('linear', 'mlp'); register more to add dynamics models. */
export const transitions = new Registry<TransitionPlugin>('transition');
