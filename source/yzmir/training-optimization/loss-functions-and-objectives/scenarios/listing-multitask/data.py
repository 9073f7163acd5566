import math

import torch

N_FEATURES = 12
SEGMENTS = ["budget", "standard", "premium"]


def make_listings(n=12000, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_FEATURES, generator=g)
    fair_price = 250_000 * torch.exp(0.35 * x[:, 0] + 0.25 * x[:, 1] - 0.2 * x[:, 2] + 0.15 * x[:, 3])
    noise = 20_000 * torch.randn(n, generator=g)
    unusual = torch.rand(n, generator=g) < 0.04
    noise[unusual] += 1_500_000 * torch.rand(int(unusual.sum()), generator=g)
    price = fair_price + noise
    w = torch.randn(4, len(SEGMENTS), generator=g)
    segment = (x[:, 6:10] @ w + 0.3 * torch.randn(n, len(SEGMENTS), generator=g)).argmax(dim=1)
    return x, price, segment


def split(n, val_fraction=1 / 6):
    n_val = math.floor(n * val_fraction)
    return slice(0, n - n_val), slice(n - n_val, n)
