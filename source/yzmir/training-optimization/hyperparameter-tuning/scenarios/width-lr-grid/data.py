import torch
from torch.utils.data import TensorDataset

N_FEATURES = 12
N_CLASSES = 5


def _make(n, seed, noise=0.3):
    teacher = torch.Generator().manual_seed(5)
    w1 = torch.randn(N_FEATURES, 64, generator=teacher)
    w2 = torch.randn(64, N_CLASSES, generator=teacher)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_FEATURES, generator=g)
    logits = torch.tanh(x @ w1 / 2) @ w2 / 2
    y = (logits + noise * torch.randn(n, N_CLASSES, generator=g)).argmax(1)
    return TensorDataset(x, y)


def splits():
    return _make(3000, seed=0), _make(1000, seed=1)
