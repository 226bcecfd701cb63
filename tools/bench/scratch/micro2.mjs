const N=512000; const a=new Float32Array(N).map(()=>Math.random()*10-9); const e=new Float64Array(N); const ef=new Float32Array(N);
function T(name,f){ for(let i=0;i<5;i++) f(); const t0=performance.now(); for(let i=0;i<20;i++) f(); console.log(name, ((performance.now()-t0)/20).toFixed(2),'ms'); }
const P2 = new Float64Array(2100); for (let k=0;k<2100;k++) P2[k]=Math.pow(2,k-1050);
function fexp(v){ const k = (v*1.4426950408889634 + 1050.5) | 0; const r = v - (k-1050)*0.6931471805599453; 
  const p = 1 + r*(1 + r*(0.5 + r*(0.16666666666666666 + r*(0.041666666666666664 + r*(0.008333333333333333 + r*0.001388888888888889))))); return p*P2[k]; }
T('Math.exp f64out', ()=>{ for(let i=0;i<N;i++) e[i]=Math.exp(a[i]); });
T('fexp inline-ish', ()=>{ for(let i=0;i<N;i++) e[i]=fexp(a[i]); });
T('fexp f32out', ()=>{ for(let i=0;i<N;i++) ef[i]=fexp(a[i]); });
let m=0; for(let i=0;i<N;i++){ const r=Math.abs(fexp(a[i])/Math.exp(a[i])-1); if(r>m) m=r;} console.log('err',m);
T('sum only', ()=>{ let s=0; for(let i=0;i<N;i++) s+=a[i]*1.0001; return s; });
