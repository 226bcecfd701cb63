const N=512000; const a=new Float32Array(N).map(()=>Math.random()*2-1); const o=new Float32Array(N); const e=new Float64Array(N);
const x=new Float32Array(N).map(()=>Math.random()<0.5?0:Math.floor(Math.random()*4));
function T(name,f){ for(let i=0;i<5;i++) f(); const t0=performance.now(); for(let i=0;i<20;i++) f(); console.log(name, ((performance.now()-t0)/20).toFixed(2),'ms'); }
T('exp', ()=>{ for(let i=0;i<N;i++) e[i]=Math.exp(a[i]); });
T('log', ()=>{ for(let i=0;i<N;i++) e[i]=Math.log(a[i]+2); });
T('log1p', ()=>{ for(let i=0;i<N;i++) e[i]=Math.log1p(a[i]+1); });
T('div', ()=>{ for(let i=0;i<N;i++) e[i]=1/(a[i]+2); });
T('branch x', ()=>{ let s=0; for(let i=0;i<N;i++){ const xv=x[i]; if (xv!==0){ let p=1; for(let k=0;k<xv;k++) p*=(2+k); s+=Math.log(p);} } return s; });
// fast exp: range reduction + poly with table of 2^k
const P2 = new Float64Array(300); for (let k=0;k<300;k++) P2[k]=Math.pow(2,k-150);
function fexp(v){ const k = Math.round(v*1.4426950408889634); const r = v - k*0.6931471805599453; 
  const p = 1 + r*(1 + r*(0.5 + r*(0.16666666666666666 + r*(0.041666666666666664 + r*(0.008333333333333333 + r*(0.001388888888888889 + r*0.0001984126984126984)))))); return p*P2[k+150]; }
T('fexp', ()=>{ for(let i=0;i<N;i++) e[i]=fexp(a[i]); });
let maxerr=0; for(let i=0;i<N;i++){ const r=Math.abs(fexp(a[i]*20)/Math.exp(a[i]*20)-1); if(r>maxerr) maxerr=r;} console.log('fexp rel err', maxerr);
// fast log via float64 bits
const f64=new Float64Array(1), u32=new Uint32Array(f64.buffer);
function flog(v){ f64[0]=v; const hi=u32[1]; const ex=(hi>>>20)-1023; u32[1]=(hi&0x000fffff)|0x3ff00000; let m=f64[0]; let k=ex; if (m>1.4142135623730951){ m*=0.5; k+=1; } const s=(m-1)/(m+1); const s2=s*s;
  const p = 2*s*(1 + s2*(0.3333333333333333 + s2*(0.2 + s2*(0.14285714285714285 + s2*(0.1111111111111111 + s2*(0.09090909090909091 + s2*0.07692307692307693)))))); return p + k*0.6931471805599453; }
T('flog', ()=>{ for(let i=0;i<N;i++) e[i]=flog(a[i]+2); });
maxerr=0; for(let i=0;i<N;i++){ const v=(a[i]+1.0001)*1000; const r=Math.abs(flog(v)-Math.log(v)); if(r>maxerr) maxerr=r;} console.log('flog abs err', maxerr);
