import torch


def make_transactions(n=20000, features=16, fraud_rate=0.02, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, features, generator=g)
    w = torch.randn(features, generator=g)
    risk = 0.6 * (x @ w) + 1.5 * torch.sin(2 * x[:, 0]) * x[:, 1] + 0.8 * torch.randn(n, generator=g)
    y = (risk > torch.quantile(risk, 1 - fraud_rate)).float()
    return x, y


def train_test_split(x, y, test_fraction=0.2, seed=0):
    g = torch.Generator().manual_seed(seed)
    perm = torch.randperm(len(x), generator=g)
    n_test = int(len(x) * test_fraction)
    test, train = perm[:n_test], perm[n_test:]
    return (x[train], y[train]), (x[test], y[test])
