import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import { nbSoftmaxLogLik } from '../nn/nb-softmax.js';
import type { Distribution } from './distribution.js';

/**
 * NB(μ = library · softmax(logits), θ) — the scVI observation model — whose `logProb` runs as one
 * fused kernel with hand-derived gradients (nbSoftmaxLogLik) instead of dozens of element-wise
 * kernels. Everything else (element log-probs, moments, sampling, parameters) is the general
 * NegativeBinomial's, built per call inside a tidy (its intermediate tensors must not outlive the
 * scope they were made in). The two agree to float32 precision (tested).
 */
export class SoftmaxNegativeBinomial implements Distribution {
  constructor(
    readonly logits: Tensor,
    readonly logLibrary: Tensor,
    readonly logTheta: Tensor,
    private readonly makeGeneral: () => Distribution,
  ) {}

  private viaGeneral<T extends Tensor | Record<string, Tensor>>(f: (d: Distribution) => T): T {
    return tf.tidy(() => f(this.makeGeneral()));
  }

  logProb(x: Tensor): Tensor {
    return nbSoftmaxLogLik(this.logits, x, this.logLibrary, this.logTheta);
  }
  elementLogProb(x: Tensor): Tensor {
    return this.viaGeneral((d) => d.elementLogProb(x));
  }
  sample(seed?: number): Tensor {
    return this.viaGeneral((d) => d.sample(seed));
  }
  mean(): Tensor {
    return this.viaGeneral((d) => d.mean());
  }
  variance(): Tensor {
    return this.viaGeneral((d) => d.variance());
  }
  parameters(): Record<string, Tensor> {
    return this.viaGeneral((d) => d.parameters?.() ?? {});
  }
}
