import * as tf from '@tensorflow/tfjs-core';
import type { Variable } from '@tensorflow/tfjs-core';

/** Mixes a base seed with a label into a 31-bit integer seed (FNV-1a), so sub-seeds are independent. */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const label of labels) {
    const s = String(label);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x2f;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 2147483647;
}

export type Initializer = 'glorot-uniform' | 'zeros' | 'ones' | { constant: number } | { normal: number };

/**
 * Creates named, seeded variables for one module. Names are prefixed (`encoder/dense0/kernel`) so
 * that a whole model's variables form one flat, stable namespace for the optimizer and for saving.
 */
export class ParamStore {
  private readonly vars: Record<string, Variable> = {};
  private counter = 0;
  constructor(
    readonly prefix: string,
    readonly seed: number,
  ) {}

  create(name: string, shape: number[], init: Initializer, trainable = true): Variable {
    const full = this.prefix ? `${this.prefix}/${name}` : name;
    if (this.vars[full]) throw new Error(`duplicate variable name ${full}`);
    const seed = deriveSeed(this.seed, full, this.counter++);
    const value = tf.tidy(() => {
      if (init === 'zeros') return tf.zeros(shape);
      if (init === 'ones') return tf.ones(shape);
      if (typeof init === 'object' && 'constant' in init) return tf.fill(shape, init.constant);
      if (typeof init === 'object' && 'normal' in init) return tf.randomNormal(shape, 0, init.normal, 'float32', seed);
      const fanIn = shape.length > 1 ? shape[shape.length - 2] : shape[0];
      const fanOut = shape[shape.length - 1];
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      return tf.randomUniform(shape, -limit, limit, 'float32', seed);
    });
    // A unique engine name avoids clashes between two models that use the same prefix.
    const v = tf.variable(value, trainable, `${full}#${uid()}`);
    value.dispose();
    this.vars[full] = v;
    return v;
  }

  child(prefix: string): ParamStore {
    const store = new ParamStore(this.prefix ? `${this.prefix}/${prefix}` : prefix, this.seed);
    // a child shares the parent's table, so the parent sees every variable
    return Object.assign(store, { vars: this.vars });
  }

  variables(): Record<string, Variable> {
    return { ...this.vars };
  }

  dispose(): void {
    for (const v of Object.values(this.vars)) v.dispose();
    for (const k of Object.keys(this.vars)) delete this.vars[k];
  }
}

let uidCounter = 0;
function uid(): string {
  uidCounter += 1;
  return `${process.pid.toString(36)}${uidCounter.toString(36)}`;
}
