#!/usr/bin/env python3
"""An independent scVI in PyTorch (Debian python3-torch), following scvi-tools' SCVI defaults:
encoder log1p(x) -> 128 (BatchNorm momentum 0.01 eps 1e-3, ReLU, dropout 0.1) -> mean / var (exp + 1e-4),
decoder z -> 128 (BatchNorm, ReLU) -> softmax x observed library = NB mean, theta per gene,
Adam(lr 1e-3, eps 0.01, weight_decay 1e-6), batch 128, linear KL warm-up.
It trains on the matrix written by dump-pbmc3k-hvg.mjs and reports k-means (k = 9, 10 starts) ARI of the
posterior means against the Seurat labels, the same measure as `npm run bench -- omics`.

  node tools/bench/reference/dump-pbmc3k-hvg.mjs /tmp/pbmc3k-hvg.json
  python3 tools/bench/reference/scvi_torch.py /tmp/pbmc3k-hvg.json [bn=1] [latent=10] [epochs=200] [warmup=20] [seed=1]
Appends one record to tools/bench/results/omics-torch-reference.json.
"""
import json, os, sys, time
import numpy as np, scipy.sparse as sp, torch, torch.nn as nn
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

path = sys.argv[1]
args = dict(a.split('=') for a in sys.argv[2:])
BN = args.get('bn', '1') == '1'
LATENT = int(args.get('latent', 10)); EPOCHS = int(args.get('epochs', 200)); WARMUP = int(args.get('warmup', 20)); SEED = int(args.get('seed', 1))
torch.set_num_threads(1); torch.manual_seed(SEED); np.random.seed(SEED)
d = json.load(open(path)); n, g = d['shape']; y = np.array(d['labels'])
X = torch.tensor(sp.csr_matrix((d['X']['data'], d['X']['indices'], d['X']['indptr']), shape=(n, g)).toarray(), dtype=torch.float32)

def block(i, o, drop):
    layers = [nn.Linear(i, o)] + ([nn.BatchNorm1d(o, momentum=0.01, eps=1e-3)] if BN else []) + [nn.ReLU(), nn.Dropout(drop)]
    return nn.Sequential(*layers)
enc, mu, lv = block(g, 128, 0.1), nn.Linear(128, LATENT), nn.Linear(128, LATENT)
dec, px = block(LATENT, 128, 0.0), nn.Linear(128, g)
log_theta = nn.Parameter(torch.randn(g))
params = [*enc.parameters(), *mu.parameters(), *lv.parameters(), *dec.parameters(), *px.parameters(), log_theta]
opt = torch.optim.Adam(params, lr=1e-3, eps=0.01, weight_decay=1e-6)

def nb_log_prob(x, m, th, eps=1e-8):
    lt = torch.log(th + m + eps)
    return (th * (torch.log(th + eps) - lt) + x * (torch.log(m + eps) - lt) + torch.lgamma(x + th) - torch.lgamma(th) - torch.lgamma(x + 1)).sum(-1)

def forward(x, sample):
    h = enc(torch.log1p(x)); m = mu(h); v = torch.exp(lv(h)) + 1e-4
    z = m + v.sqrt() * torch.randn_like(m) if sample else m
    rate = torch.softmax(px(dec(z)), -1) * x.sum(1, keepdim=True)
    return m, rate, 0.5 * (m ** 2 + v - torch.log(v) - 1).sum(-1)

t0 = time.time()
for epoch in range(EPOCHS):
    enc.train(); dec.train()
    beta = min(1.0, epoch / WARMUP) if WARMUP > 0 else 1.0
    perm = torch.randperm(n)
    for b in range(0, n, 128):
        idx = perm[b:b + 128]
        if len(idx) < 3: continue
        x = X[idx]; m, rate, kl = forward(x, True)
        loss = (-nb_log_prob(x, rate, torch.exp(log_theta)) + beta * kl).mean()
        opt.zero_grad(); loss.backward(); opt.step()
train_seconds = time.time() - t0
enc.eval(); dec.eval()
with torch.no_grad(): Z = forward(X, False)[0].numpy()
aris, nmis = [], []
for s in range(5):
    labels = KMeans(9, n_init=10, random_state=s).fit_predict(Z)
    aris.append(adjusted_rand_score(y, labels)); nmis.append(normalized_mutual_info_score(y, labels))
record = {
    'config': {'batchNorm': BN, 'latent': LATENT, 'epochs': EPOCHS, 'warmup': WARMUP, 'seed': SEED, 'trainCells': n},
    'ari': float(np.mean(aris)), 'ariSd': float(np.std(aris, ddof=1)), 'nmi': float(np.mean(nmis)),
    'trainSeconds': train_seconds, 'finalLoss': float(loss), 'torch': torch.__version__,
    'timestamp': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
}
print(json.dumps(record))
out = os.path.join(os.path.dirname(__file__), '..', 'results', 'omics-torch-reference.json')
records = json.load(open(out)) if os.path.exists(out) else {'note': 'Independent PyTorch scVI on the omics bench pbmc3k matrix; see tools/bench/reference/scvi_torch.py', 'runs': []}
records['runs'].append(record)
json.dump(records, open(out, 'w'), indent=2)
