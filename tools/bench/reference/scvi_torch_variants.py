#!/usr/bin/env python3
"""pbmc3k: what moves an scVI-style NB-VAE's k-means ARI? Variants of the independent PyTorch scVI
(tools/bench/reference/scvi_torch.py, without BatchNorm, 100 epochs by default), each one flag away from
the baseline, scored like the omics bench (k-means k = 9, 10 starts; here 3 seeds) on posterior means.

  node tools/bench/reference/dump-pbmc3k-hvg.mjs /tmp/pbmc3k-hvg.json
  /usr/bin/python3 tools/bench/reference/scvi_torch_variants.py [data=/tmp/pbmc3k-hvg.json] [flag=value ...]

Flags: latent (10), epochs (100), warmup (20), seed (1), beta (1, KL weight), bn (0), hid (128), drop (0.1),
lr, bs (128); inp = log1p | cp10k | scaled (encoder input); dec = mlp | linear (LDVAE-style decoder);
prior = normal | mog with k components (GMM-initialised from the latent at epoch `init`, VaDE-style);
gw = exponent of per-gene likelihood weights mean_g^(-gw) (gwcap=1: only genes above mean gwref are
down-weighted); refine = steps of per-cell posterior optimisation after training (amortisation gap);
diag = 1 prints the genes behind the within-type latent axes.
Appends one JSON line per run to tools/bench/results/omics-torch-variants.jsonl (out= to override):
`ari` on the posterior means, `ari_denoisedPCA` on PCA of scaled log denoised expression.
"""
import json, os, sys, time, math
import numpy as np, scipy.sparse as sp, torch, torch.nn as nn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.decomposition import PCA
args = dict(a.split('=') for a in sys.argv[1:])
A = lambda k, d: type(d)(args.get(k, d))
LATENT=A('latent',10); EPOCHS=A('epochs',100); WARMUP=A('warmup',20); SEED=A('seed',1); BETA=A('beta',1.0)
BN=A('bn',0); GW=A('gw',0.0); PRIOR=A('prior','normal'); K=A('k',9); INP=A('inp','log1p'); HID=A('hid',128); DROP=A('drop',0.1)
LR=A('lr',1e-3); BS=A('bs',128)
torch.set_num_threads(1); torch.manual_seed(SEED); np.random.seed(SEED)
d = json.load(open(args.get('data', '/tmp/pbmc3k-hvg.json'))); n, g = d['shape']; y = np.array(d['labels'])
Xn = sp.csr_matrix((d['X']['data'], d['X']['indices'], d['X']['indptr']), shape=(n, g)).toarray()
X = torch.tensor(Xn, dtype=torch.float32)
L = np.log1p(Xn / Xn.sum(1, keepdims=True) * 1e4); mu_g = L.mean(0); sd_g = L.std(0, ddof=1)
def enc_in(x):
    if INP == 'log1p': return torch.log1p(x)
    l = torch.log1p(x / x.sum(1, keepdim=True) * 1e4)
    if INP == 'cp10k': return l
    return torch.clamp((l - torch.tensor(mu_g, dtype=torch.float32)) / torch.tensor(sd_g, dtype=torch.float32), -10, 10)
w = torch.ones(g)
if GW != 0:
    m = Xn.mean(0); w = torch.tensor(np.minimum(1.0, (A('gwref', 1.0) / m)) ** GW, dtype=torch.float32) if A('gwcap', 0) else torch.tensor(m ** (-GW), dtype=torch.float32); w = w / w.mean()
def block(i, o, drop):
    return nn.Sequential(*([nn.Linear(i, o)] + ([nn.BatchNorm1d(o, momentum=0.01, eps=1e-3)] if BN else []) + [nn.ReLU(), nn.Dropout(drop)]))
enc, mu, lv = block(g, HID, DROP), nn.Linear(HID, LATENT), nn.Linear(HID, LATENT)
dec, px = (block(LATENT, HID, 0.0), nn.Linear(HID, g)) if A('dec','mlp')=='mlp' else (nn.Identity(), nn.Linear(LATENT, g))
log_theta = nn.Parameter(torch.randn(g))
pm = nn.Parameter(torch.randn(K, LATENT)); plv = nn.Parameter(torch.zeros(K, LATENT)); plog = nn.Parameter(torch.zeros(K))
params = [*enc.parameters(), *mu.parameters(), *lv.parameters(), *dec.parameters(), *px.parameters(), log_theta]
if PRIOR == 'mog': params += [pm, plv, plog]
opt = torch.optim.Adam(params, lr=LR, eps=0.01, weight_decay=1e-6)
def nb_lp(x, m, th, eps=1e-8):
    lt = torch.log(th + m + eps)
    return th * (torch.log(th + eps) - lt) + x * (torch.log(m + eps) - lt) + torch.lgamma(x + th) - torch.lgamma(th) - torch.lgamma(x + 1)
def fwd(x, sample):
    h = enc(enc_in(x)); m = mu(h); v = torch.exp(lv(h)) + 1e-4
    z = m + v.sqrt() * torch.randn_like(m) if sample else m
    rate = torch.softmax(px(dec(z)), -1) * x.sum(1, keepdim=True)
    if PRIOR == 'normal': kl = 0.5 * (m ** 2 + v - torch.log(v) - 1).sum(-1)
    else:
        lq = (-0.5 * ((z - m) ** 2 / v + torch.log(v) + math.log(2 * math.pi))).sum(-1)
        pv = torch.exp(plv)
        lpk = (-0.5 * ((z[:, None] - pm[None]) ** 2 / pv[None] + plv[None] + math.log(2 * math.pi))).sum(-1) + torch.log_softmax(plog, 0)[None]
        kl = lq - torch.logsumexp(lpk, 1)
    return m, rate, kl
t0 = time.time()
for ep in range(EPOCHS):
    enc.train(); dec.train()
    beta = BETA * (min(1.0, ep / WARMUP) if WARMUP > 0 else 1.0)
    if PRIOR == 'mog' and ep == A('init', 10):
        with torch.no_grad():
            enc.eval(); Z = fwd(X, False)[0].numpy(); enc.train()
            from sklearn.mixture import GaussianMixture
            gm = GaussianMixture(K, covariance_type='diag', random_state=0).fit(Z)
            pm.data = torch.tensor(gm.means_, dtype=torch.float32); plv.data = torch.tensor(np.log(gm.covariances_), dtype=torch.float32); plog.data = torch.tensor(np.log(gm.weights_), dtype=torch.float32)
    perm = torch.randperm(n)
    for b in range(0, n, BS):
        idx = perm[b:b + BS]
        if len(idx) < 3: continue
        x = X[idx]; m, rate, kl = fwd(x, True)
        loss = (-(nb_lp(x, rate, torch.exp(log_theta)) * w).sum(-1) + beta * kl).mean()
        opt.zero_grad(); loss.backward(); opt.step()
ts = time.time() - t0
enc.eval(); dec.eval()
with torch.no_grad():
    Z, rate, _ = fwd(X, False); Z = Z.numpy(); rho = (rate / X.sum(1, keepdim=True)).numpy()
RS=A('refine',0)
if RS:
    with torch.no_grad():
        h = enc(enc_in(X)); m0 = mu(h); lv0 = torch.log(torch.exp(lv(h)) + 1e-4)
    for p in params: p.requires_grad_(False)
    qm = nn.Parameter(m0.clone()); qlv = nn.Parameter(lv0.clone()); o2 = torch.optim.Adam([qm, qlv], lr=A('rlr',1e-2))
    th = torch.exp(log_theta); lib = X.sum(1, keepdim=True)
    for it in range(RS):
        v = torch.exp(qlv); z = qm + v.sqrt() * torch.randn_like(qm)
        r = torch.softmax(px(dec(z)), -1) * lib
        l = (-(nb_lp(X, r, th)).sum(-1) + 0.5 * (qm ** 2 + v - qlv - 1).sum(-1)).sum()
        o2.zero_grad(); l.backward(); o2.step()
    Z0 = Z; Z = qm.detach().numpy()
    print('unrefined ari', float(np.mean([adjusted_rand_score(y, KMeans(9, n_init=10, random_state=s).fit_predict(Z0)) for s in range(3)])), flush=True)
if A('diag',0):
    genes = np.array(d['genes'])
    with torch.no_grad():
        def dec_lr(zz): return torch.log_softmax(px(dec(torch.tensor(zz, dtype=torch.float32))), -1).numpy()
        for t in [7, 5]:
            Zt = Z[y == t]; c = Zt.mean(0); U, S, Vt = np.linalg.svd(Zt - c, full_matrices=False)
            for j in range(3):
                sd = S[j] / np.sqrt(len(Zt)); lr = dec_lr(np.stack([c - 2 * sd * Vt[j], c + 2 * sd * Vt[j]]))
                lfc = lr[1] - lr[0]; mean = Xn[y == t].mean(0); score = np.abs(lfc) * np.sqrt(mean)
                top = np.argsort(-score)[:8]
                print('type', t, 'axis', j, 'sd %.2f' % sd, ', '.join('%s %.2f(%.1f)' % (genes[i], lfc[i], mean[i]) for i in top), flush=True)
        lr = dec_lr(np.stack([Z[y == 7].mean(0), Z[y == 5].mean(0)])); lfc = lr[1] - lr[0]
        mean = Xn[(y == 7) | (y == 5)].mean(0); top = np.argsort(-np.abs(lfc) * np.sqrt(mean))[:12]
        print('memory vs naive', ', '.join('%s %.2f(%.1f)' % (genes[i], lfc[i], mean[i]) for i in top), flush=True)
def km(E): return float(np.mean([adjusted_rand_score(y, KMeans(9, n_init=10, random_state=s).fit_predict(E)) for s in range(3)]))
D = np.log1p(rho * 1e4); D = (D - D.mean(0)) / (D.std(0) + 1e-8)
if A('saveZ', ''): np.save(A('saveZ', ''), Z)
r = {'args': {k: v for k, v in args.items() if k not in ('data', 'out', 'saveZ', 'tag')}, 'timestamp': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'ari': round(km(Z), 3), 'ari_denoisedPCA': round(km(PCA(min(50, LATENT * 5), random_state=0).fit_transform(D)), 3), 'sec': round(ts), 'loss': round(float(loss), 1)}
print(json.dumps(r), flush=True)
open(args.get('out', os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'results', 'omics-torch-variants.jsonl')), 'a').write(json.dumps(r) + '\n')
