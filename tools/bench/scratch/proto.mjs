import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers';
await tf.setBackend('wasm'); await tf.ready();
const N = +(process.env.N ?? 2560), G = 2000, B = 256;
// simulate
function rng(seed){ let s=seed>>>0; return ()=>{ s = (s + 0x6D2B79F5)|0; let t = Math.imul(s ^ s>>>15, 1|s); t = t + Math.imul(t ^ t>>>7, 61|t) ^ t; return ((t ^ t>>>14)>>>0)/4294967296; }; }
const r = rng(1);
const X = new Float32Array(N*G);
for (let i=0;i<N*G;i++) X[i] = Math.floor(-Math.log(1-r())*1.5); // quick geometric-ish counts
const affine = tf.customGrad((x, w, b, save) => { save([x, w]); return { value: tf.add(tf.matMul(x, w), b), gradFunc: (dy, [xs, ws]) => [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy), tf.sum(dy, 0)] }; });
const mode = process.env.MODE ?? 'custom';
const dense = mode === 'custom' ? affine : (x,w,b)=>tf.add(tf.matMul(x,w),b);
function glorot(i,o){ const l=Math.sqrt(6/(i+o)); return tf.variable(tf.randomUniform([i,o],-l,l,'float32',i*7+o)); }
const dims=[[G,256],[256,128],[128,64],[32,128],[128,256],[256,G]];
const W = dims.map(([i,o])=>glorot(i,o)), Bs = dims.map(([,o])=>tf.variable(tf.zeros([o])));
const logTheta = tf.variable(tf.zeros([G]));
function lgamma(x){ // stirling at x+6
  return tf.tidy(()=>{ const z = tf.add(x,6); const zi = tf.reciprocal(z); const zi2=tf.square(zi);
   const ser = tf.mul(zi, tf.add(1/12, tf.mul(zi2, tf.add(-1/360, tf.mul(zi2, 1/1260)))));
   const st = tf.add(tf.sub(tf.mul(tf.sub(z,0.5), tf.log(z)), z), tf.add(0.5*Math.log(2*Math.PI), ser));
   const prod = tf.mul(tf.mul(tf.mul(x, tf.add(x,1)), tf.mul(tf.add(x,2), tf.add(x,3))), tf.mul(tf.add(x,4), tf.add(x,5)));
   return tf.sub(st, tf.log(prod)); });
}
const opt = tf.train.adam(1e-3);
function lossFn(x){
  const lib = tf.sum(x,1,true);
  let h = tf.log1p(x);
  h = tf.relu(dense(h,W[0],Bs[0])); h = tf.relu(dense(h,W[1],Bs[1])); const e = dense(h,W[2],Bs[2]);
  const mu = tf.slice(e,[0,0],[-1,32]), lv = tf.slice(e,[0,32],[-1,32]);
  const z = tf.add(mu, tf.mul(tf.exp(tf.mul(lv,0.5)), tf.randomNormal(mu.shape)));
  h = tf.relu(dense(z,W[3],Bs[3])); h = tf.relu(dense(h,W[4],Bs[4])); const logits = dense(h,W[5],Bs[5]);
  const logp = tf.logSoftmax(logits); const logmu = tf.add(logp, tf.log(lib)); const m = tf.exp(logmu);
  const th = tf.exp(logTheta); const lth = logTheta;
  const logtm = tf.log(tf.add(th, m));
  const ll = tf.add(tf.sub(tf.sub(lgamma(tf.add(x,th)), lgamma(th)), lgamma(tf.add(x,1))), tf.add(tf.mul(th, tf.sub(lth, logtm)), tf.mul(x, tf.sub(logmu, logtm))));
  const kl = tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mu), tf.exp(lv)), tf.add(lv,1)),1));
  return tf.mean(tf.sub(kl, tf.sum(ll,1)));
}
const xs = tf.tensor2d(X,[N,G]);
async function epoch(){
  const t0=performance.now(); let last;
  for (let s=0;s+B<=N;s+=B){ const x = tf.slice(xs,[s,0],[B,G]); const l = opt.minimize(()=>lossFn(x), true); last = l.dataSync()[0]; l.dispose(); x.dispose(); }
  return [(performance.now()-t0)/1000*(10000/N), last];
}
for (let e=0;e<3;e++) console.log(mode, 'epoch s (extrap 10k)', ...(await epoch()), tf.memory().numTensors);
if (process.env.PROF) {
  const x = tf.slice(xs,[0,0],[B,G]);
  const p = await tf.profile(()=>{ const l = opt.minimize(()=>lossFn(x), true); l.dispose(); });
  const agg = {}; for (const k of p.kernels){ const key = k.name+' '+JSON.stringify(k.inputShapes); agg[key]=(agg[key]??0)+k.kernelTimeMs; }
  const tot = Object.values(agg).reduce((a,b)=>a+b,0); console.log('total kernel ms', tot);
  for (const [k,v] of Object.entries(agg).sort((a,b)=>b[1]-a[1]).slice(0,40)) console.log(v.toFixed(2), k);
}
