import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { readFileSync } from 'node:fs';
import { lgamma, lgammaNonNegative } from '../../src/math/lgamma.js';
import { digamma } from '../../src/math/digamma.js';
function time(label: string, f: () => tf.Tensor | tf.Tensor[]) {
  for (let i = 0; i < 2; i++) tf.dispose(f());
  const ts: number[] = [];
  for (let i = 0; i < 9; i++) { const t0 = performance.now(); const r = f(); (Array.isArray(r) ? r[0] : r).dataSync(); tf.dispose(r); ts.push(performance.now() - t0); }
  ts.sort((a, b) => a - b); console.log(label.padEnd(28), ts[4].toFixed(2), 'ms');
}
it('exp', () => {
const fx = JSON.parse(readFileSync(new URL('../fixtures/special-functions.json', import.meta.url), 'utf8'));
const num = (v: number|string) => typeof v === 'number' ? v : Number(v);
const xs: number[] = fx.lgamma.x.map(num); const ref: number[] = fx.lgamma.value.map(num); const dref: number[] = fx.digamma.value.map(num);
const x = tf.tensor1d(xs);
const v = lgamma(x).dataSync(); const d = digamma(x).dataSync();
const g = tf.grad((t: tf.Tensor) => tf.sum(lgamma(t)))(x).dataSync();
let worst = {rel:0, x:0}, worstAbs = {abs:0,x:0}, wd = {e:0,x:0}, wg = {e:0,x:0};
for (let i=0;i<xs.length;i++){ const r=ref[i]; const e=Math.abs(v[i]-r);
  if (Math.abs(r)>0.1) { if (e/Math.abs(r) > worst.rel) worst={rel:e/Math.abs(r), x:xs[i]}; } else if (e>worstAbs.abs) worstAbs={abs:e,x:xs[i]};
  const ed = Math.abs(d[i]-dref[i])/Math.max(Math.abs(dref[i]), 1); if (ed>wd.e) wd={e:ed,x:xs[i]};
  const eg = Math.abs(g[i]-dref[i])/Math.max(Math.abs(dref[i]), 1); if (eg>wg.e) wg={e:eg,x:xs[i]};
}
console.log('lgamma rel', worst, 'abs(|lg|<=0.1)', worstAbs, 'digamma', wd, 'autodiff grad', wg);
console.log(lgamma(tf.tensor1d([0, -1, 1e-38, 1e-30])).dataSync(), digamma(tf.tensor1d([0, -1, 1e-30])).dataSync());
  const xb = tf.randomUniform([256, 2000], 0, 50);
  time('noop clone', () => tf.clone(xb));
  time('log', () => tf.log(xb));
  time('lgamma fwd', () => lgamma(xb));
  time('lgammaNonNeg fwd', () => tf.tidy(() => lgammaNonNegative(xb)));
  time('digamma fwd', () => digamma(xb));
  time('lgamma autodiff fwd+bwd', () => tf.grad((t: tf.Tensor) => tf.sum(lgammaNonNegative(t)))(xb));
});
