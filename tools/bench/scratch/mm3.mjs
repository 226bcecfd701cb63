import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
for (const [m,k,n] of [[1,2000,256],[1,256,2000],[1,256,256],[8,2000,256],[1,2000,64]]) {
  const a = tf.randomNormal([m,k]); const b = tf.randomNormal([k,n]);
  for (const fresh of [false,true]) {
    let t=0; const R=30;
    for (let i=0;i<R+3;i++){ const bb = fresh? tf.clone(b): b; const t0=performance.now(); const c=tf.matMul(a,bb); c.dataSync(); if(i>=3) t+=performance.now()-t0; c.dispose(); if (fresh) bb.dispose(); }
    console.log(m,k,n, fresh?'fresh':'same', (t/R).toFixed(3),'ms');
  }
}
// transpose cost
const w = tf.randomNormal([256,2000]); let t=0; for (let i=0;i<23;i++){ const t0=performance.now(); const c=tf.transpose(w); c.dataSync(); if(i>=3)t+=performance.now()-t0; c.dispose(); } console.log('transpose 256x2000', (t/20).toFixed(3));
const w2 = tf.randomNormal([2000,256]); t=0; for (let i=0;i<23;i++){ const t0=performance.now(); const c=tf.transpose(w2); c.dataSync(); if(i>=3)t+=performance.now()-t0; c.dispose(); } console.log('transpose 2000x256', (t/20).toFixed(3));
t=0; for (let i=0;i<23;i++){ const t0=performance.now(); const c=tf.clone(w2); const d=tf.add(c,0); d.dataSync(); if(i>=3)t+=performance.now()-t0; c.dispose(); d.dispose(); } console.log('add 512k (+read)', (t/20).toFixed(3));
