import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
for (const [m,k,n] of [[256,256,2000],[256,2000,256],[2000,256,256],[256,256,128],[128,256,256],[256,128,64]]) {
  const a = tf.randomNormal([m,k]); const b = tf.randomNormal([k,n]);
  for (const fresh of [false,true]) {
    let bb = b; 
    for (let i=0;i<3;i++){ const c=tf.matMul(a,bb); c.dataSync(); c.dispose(); }
    const R=20; let t=0;
    for (let i=0;i<R;i++){ if (fresh) bb = tf.clone(b); const t0=performance.now(); const c=tf.matMul(a,bb); c.dataSync(); t+=performance.now()-t0; c.dispose(); if (fresh) bb.dispose(); }
    console.log(m,k,n, fresh?'fresh-b':'same-b', (t/R).toFixed(2),'ms', (2*m*k*n/(t/R)/1e6).toFixed(1),'GFLOP/s');
  }
}
