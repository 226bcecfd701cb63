import { fastExp } from '../../../packages/core/dist/nn/scalar-special.js';
import { simulateCounts } from '../src/core/simulate-counts.mjs';
const B=256,G=2000; const d = simulateCounts({cells:B}); const x=d.counts;
const logits = new Float32Array(B*G).map(()=>Math.random()*2-1), lt=new Float32Array(G).map(()=>Math.random());
const theta=new Float64Array(G).map((_, g)=>Math.exp(lt[g])); const e=new Float64Array(G);
function T(name,f){ for(let i=0;i<5;i++) f(); const t0=performance.now(); for(let i=0;i<20;i++) f(); console.log(name, ((performance.now()-t0)/20).toFixed(2),'ms'); }
T('max+exp', ()=>{ for(let b=0;b<B;b++){ const o=b*G; let mx=-Infinity; for(let g=0;g<G;g++) if(logits[o+g]>mx) mx=logits[o+g]; let s=0; for(let g=0;g<G;g++){ const v=fastExp(logits[o+g]-mx); e[g]=v; s+=v; } } });
T('log(t+mu)', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const mu = 3*e[g]; tot += Math.log(theta[g]+mu); } } return tot; });
T('nonzero prod+log', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const xv=x[o+g]; if (xv!==0 && xv<=16){ let p=1, dp=0; const t=theta[g]; for(let k=0;k<xv;k++){ const tk=t+k; dp=dp*tk+p; p*=tk;} tot+=Math.log(p)+dp/p; } } } return tot; });
const K=16, K1=K+1; const LG=new Float64Array(G*K1), PS=new Float64Array(G*K1);
T('build tables', ()=>{ for(let g=0;g<G;g++){ const t=theta[g]; let lg=0, ps=0; const o=g*K1; LG[o]=0; PS[o]=0; for(let k=0;k<K;k++){ lg+=Math.log((t+k)/(k+1)); ps+=1/(t+k); LG[o+k+1]=lg; PS[o+k+1]=ps; } } });
T('table lookup', ()=>{ let tot=0; for(let b=0;b<B;b++){ const o=b*G; for(let g=0;g<G;g++){ const xv=x[o+g]; if (xv<=K){ const j=g*K1+xv; tot+=LG[j]+PS[j]; } else tot+=1; } } return tot; });
const P2 = new Float64Array(2151); for (let k=0;k<2151;k++) P2[k]=Math.pow(2,k-1075);
T('max+exp inline', ()=>{ for(let b=0;b<B;b++){ const o=b*G; let mx=-Infinity; for(let g=0;g<G;g++) if(logits[o+g]>mx) mx=logits[o+g]; let s=0; for(let g=0;g<G;g++){ const v=logits[o+g]-mx; const k = ((v * 1.4426950408889634 + 1075.5) | 0) - 1075; const r = v - k * 0.6931471805599453;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120 + r * (1 / 720 + r * (1 / 5040 + r * (1 / 40320)))))))); const ev=p*P2[k+1075]; e[g]=ev; s+=ev; } } });
T('max only', ()=>{ let z=0; for(let b=0;b<B;b++){ const o=b*G; let mx=-Infinity; for(let g=0;g<G;g++) if(logits[o+g]>mx) mx=logits[o+g]; z+=mx;} return z; });
T('max only v2', ()=>{ let z=0; for(let b=0;b<B;b++){ const o=b*G; let mx=-Infinity; for(let g=0;g<G;g++) mx=Math.max(mx, logits[o+g]); z+=mx;} return z; });
