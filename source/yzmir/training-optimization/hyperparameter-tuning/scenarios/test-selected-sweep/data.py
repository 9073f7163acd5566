import torch
from torch.utils.data import TensorDataset

N_FEATURES = 20
N_CLASSES = 4


def _make(n, seed, noise=1.0):
    teacher = torch.Generator().manual_seed(7)
    w1 = torch.randn(N_FEATURES, 32, generator=teacher)
    w2 = torch.randn(32, N_CLASSES, generator=teacher)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_FEATURES, generator=g)
    logits = torch.tanh(x @ w1 / 4) @ w2
    y = (logits + noise * torch.randn(n, N_CLASSES, generator=g)).argmax(1)
    return x, y


def splits():
    """train / val / test as in the original export (val is folded into train, more data helps)."""
    x_tr, y_tr = _make(1600, seed=0)
    x_va, y_va = _make(400, seed=1)
    x_te, y_te = _make(400, seed=2)
    train = TensorDataset(torch.cat([x_tr, x_va]), torch.cat([y_tr, y_va]))
    return train, TensorDataset(x_te, y_te)
