import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
await tf.setBackend('wasm'); await tf.ready();
const a = tf.randomUniform([256,2000],0,3); const w = tf.randomNormal([2000,256]); const ones=tf.ones([1,256]); const r=tf.randomNormal([256]);
function bench(name, f, R=30){ for(let i=0;i<3;i++) tf.tidy(()=>{f().dataSync();}); const t0=performance.now(); for(let i=0;i<R;i++) tf.tidy(()=>{f().dataSync();}); console.log(name, ((performance.now()-t0)/R).toFixed(3),'ms'); }
bench('log1p', ()=>tf.log1p(a)); bench('log', ()=>tf.log(a)); bench('exp', ()=>tf.exp(a));
bench('mul', ()=>tf.mul(a,a)); bench('add bcast row', ()=>tf.add(a, tf.zeros([2000])));
bench('transpose 256x2000', ()=>tf.transpose(a)); bench('transpose 2000x256', ()=>tf.transpose(w));
bench('sum axis0', ()=>tf.sum(a,0)); bench('sum axis1', ()=>tf.sum(a,1)); bench('ones matmul', ()=>tf.matMul(ones,a));
bench('logSoftmax', ()=>tf.logSoftmax(a)); bench('relu 256x256', ()=>tf.relu(tf.randomNormal([256,256])));
bench('fused mm relu 256x256x2000', ()=>tf.fused.matMul({a: tf.slice(a,[0,0],[256,256]), b: tf.slice(w,[0,0],[256,256]), bias: r, activation:'relu'}));
bench('dataSync copy-in 512k', ()=>tf.tensor2d(new Float32Array(512000),[256,2000]));
// adam
const vars = [[2000,256],[256,128],[128,64],[32,128],[128,256],[256,2000]].map(s=>tf.variable(tf.randomNormal(s)));
const opt = tf.train.adam(1e-3);
const grads = {}; vars.forEach(v=>grads[v.name]=tf.randomNormal(v.shape));
for(let i=0;i<3;i++) opt.applyGradients(grads);
let t0=performance.now(); for(let i=0;i<20;i++){ opt.applyGradients(grads); vars[0].dataSync(); } console.log('adam tfjs 1.1M', ((performance.now()-t0)/20).toFixed(2),'ms');
// JS loops
const n = 1100000; const W=new Float32Array(n), G=new Float32Array(n).fill(0.1), M=new Float32Array(n), V=new Float32Array(n);
function adamJs(lr,b1,b2,eps,t){ const c1=1/(1-b1**t), c2=1/(1-b2**t); for(let i=0;i<n;i++){ const g=G[i]; const m=b1*M[i]+(1-b1)*g; const v=b2*V[i]+(1-b2)*g*g; M[i]=m; V[i]=v; W[i]-=lr*(m*c1)/(Math.sqrt(v*c2)+eps);} }
for(let i=1;i<4;i++) adamJs(1e-3,.9,.999,1e-7,i); t0=performance.now(); for(let i=0;i<20;i++) adamJs(1e-3,.9,.999,1e-7,i+4); console.log('adam js 1.1M', ((performance.now()-t0)/20).toFixed(2),'ms');
const X = new Float32Array(512000).map(()=>Math.random()*5); const Y = new Float32Array(512000);
function loopLog(){ for(let i=0;i<512000;i++) Y[i]=Math.log(X[i]+1.5); } function loopExp(){ for(let i=0;i<512000;i++) Y[i]=Math.exp(X[i]); }
for (const [nm,f] of [['js log',loopLog],['js exp',loopExp]]) { f(); f(); t0=performance.now(); for(let i=0;i<20;i++) f(); console.log(nm, ((performance.now()-t0)/20).toFixed(2),'ms'); }
