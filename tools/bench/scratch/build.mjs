import { fastExp } from '../../../packages/core/dist/nn/scalar-special.js';
import { simulateCounts } from '../src/core/simulate-counts.mjs';
const B=256,G=2000; const d = simulateCounts({cells:B}); const x=d.counts;
let big=0; for (const v of x) if (v>16) big++; console.log('frac >16', big/x.length);
const logits = new Float32Array(B*G).map(()=>Math.random()*2-1), lt=new Float32Array(G).map(()=>Math.random());
const theta=new Float64Array(G).map((_, g)=>Math.exp(lt[g])); const e=new Float64Array(G).fill(0.001);
function T(name,f){ for(let i=0;i<5;i++) f(); const t0=performance.now(); for(let i=0;i<20;i++) f(); console.log(name, ((performance.now()-t0)/20).toFixed(2),'ms'); }
function logSum(logA, a, logB, b) { const big = a > b; const s = big ? b / (2 * a + b) : a / (2 * b + a); const s2 = s * s;
    const series = 1 + s2 * (1 / 3 + s2 * (1 / 5 + s2 * (1 / 7 + s2 * (1 / 9 + s2 * (1 / 11 + s2 * (1 / 13 + s2 * (1 / 15 + s2 / 17))))))); return (big ? logA : logB) + 2 * s * series; }
T('1: mu,t only', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const t=theta[g]; const mu=3*e[g]; tot += -t*(mu/(t+mu)); } } return tot; });
T('2: +x', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const xv=x[o+g]; const t=theta[g]; const mu=3*e[g]; tot += -t*(mu/(t+mu)) + xv*mu; } } return tot; });
T('3: +logSum', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const xv=x[o+g]; const t=theta[g]; const mu=3*e[g]; const lm = logits[o+g]+1; const ltm=logSum(lt[g], t, lm, mu); tot += -t*(ltm-lt[g]) + xv*(lm-ltm); } } return tot; });
T('3b: +Math.log', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const xv=x[o+g]; const t=theta[g]; const mu=3*e[g]; const lm = logits[o+g]+1; const ltm=Math.log(t+mu); tot += -t*(ltm-lt[g]) + xv*(lm-ltm); } } return tot; });
T('4: exp row', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; let s=0; for(let g=0;g<G;g++){ const v=fastExp(logits[o+g]-1); e[g]=v; s+=v; } tot+=s; } return tot; });
T('4b: Math.exp row', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; let s=0; for(let g=0;g<G;g++){ const v=Math.exp(logits[o+g]-1); e[g]=v; s+=v; } tot+=s; } return tot; });
function logSum2(logA, a, logB, b) { const M = Math.max(a, b); const m = Math.min(a, b); const s = m / (2 * M + m); const s2 = s * s; const s4 = s2 * s2; const s8 = s4 * s4;
  const series = (1 + s2 * (1 / 3)) + s4 * (1 / 5 + s2 * (1 / 7)) + s8 * ((1 / 9 + s2 * (1 / 11)) + s4 * (1 / 13 + s2 * (1 / 15)) + s8 * (1 / 17));
  return Math.max(logA, logB) + 2 * s * series; }
T('3c: +logSum2', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const xv=x[o+g]; const t=theta[g]; const mu=3*e[g]; const lm = logits[o+g]+1; const ltm=logSum2(lt[g], t, lm, mu); tot += -t*(ltm-lt[g]) + xv*(lm-ltm); } } return tot; });
{ let m=0; for (let i=0;i<100000;i++){ const a=Math.exp(Math.random()*20-10), b=Math.exp(Math.random()*20-10); const r=Math.abs(logSum2(Math.log(a),a,Math.log(b),b)-Math.log(a+b)); if(r>m)m=r;} console.log('logSum2 err', m); }
const T32=new Float64Array(32).map((_, j)=>Math.pow(2, j/32)); const P2=new Float64Array(2200).map((_, k)=>Math.pow(2,k-1100));
function fexp2(v){ const k = ((v * (32 / Math.LN2) + 35200.5) | 0) - 35200; const r = v - k * (Math.LN2 / 32); const r2 = r*r;
  const p = (1 + r) + r2 * (0.5 + r * (1/6) + r2 * (1/24)); return p * T32[k & 31] * P2[(k >> 5) + 1100]; }
T('4c: fexp2 row', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; let s=0; for(let g=0;g<G;g++){ const v=fexp2(logits[o+g]-1); e[g]=v; s+=v; } tot+=s; } return tot; });
{ let m=0; for (let i=0;i<100000;i++){ const v=Math.random()*80-79; const r=Math.abs(fexp2(v)/Math.exp(v)-1); if(r>m)m=r;} console.log('fexp2 err', m); }
function logSum3(logA, a, logB, b) { const big = a > b; const s = big ? b / (2 * a + b) : a / (2 * b + a); const s2 = s * s; const s4 = s2 * s2; const s8 = s4 * s4;
  const series = (1 + s2 * (1 / 3)) + s4 * (1 / 5 + s2 * (1 / 7)) + s8 * ((1 / 9 + s2 * (1 / 11)) + s4 * (1 / 13 + s2 * (1 / 15)) + s8 * (1 / 17));
  return (big ? logA : logB) + 2 * s * series; }
T('3d: +logSum3', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const xv=x[o+g]; const t=theta[g]; const mu=3*e[g]; const lm = logits[o+g]+1; const ltm=logSum3(lt[g], t, lm, mu); tot += -t*(ltm-lt[g]) + xv*(lm-ltm); } } return tot; });
function logSum4(logA, a, logB, b) { const d = a - b; const s = d > 0 ? b / (a + a + b) : a / (b + b + a); const s2 = s * s; const s4 = s2 * s2; const s8 = s4 * s4;
  const series = (1 + s2 * (1 / 3)) + s4 * (1 / 5 + s2 * (1 / 7)) + s8 * ((1 / 9 + s2 * (1 / 11)) + s4 * (1 / 13 + s2 * (1 / 15)) + s8 * (1 / 17));
  return (d > 0 ? logA : logB) + 2 * s * series; }
T('3e: e-values sorted-ish', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const xv=x[o+g]; const t=theta[g]; const mu=0.3*e[g]; const lm = logits[o+g]+1; const ltm=logSum3(lt[g], t, lm, mu); tot += -t*(ltm-lt[g]) + xv*(lm-ltm); } } return tot; });
