import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
for (const [m,k,n] of [[256,2000,256],[128,2000,256],[256,256,2000],[128,256,2000],[2000,256,256],[2000,128,256],[256,256,2000],[256,128,2000]]) {
  const a = tf.randomNormal([m,k]); const b = tf.randomNormal([k,n]);
  let t=0; const R=20;
  for (let i=0;i<R+3;i++){ const bb = tf.clone(b); const t0=performance.now(); const c=tf.matMul(a,bb); c.dataSync(); if(i>=3) t+=performance.now()-t0; c.dispose(); bb.dispose(); }
  console.log(m,k,n, 'fresh-b', (t/R).toFixed(2),'ms', (2*m*k*n/(t/R)/1e6).toFixed(1),'GFLOP/s');
}
