import torch
from torch.utils.data import TensorDataset

N_FEATURES = 16
N_CLASSES = 3


def _make(n, seed, noise=0.8):
    teacher = torch.Generator().manual_seed(11)
    w1 = torch.randn(N_FEATURES, 24, generator=teacher)
    w2 = torch.randn(24, N_CLASSES, generator=teacher)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_FEATURES, generator=g)
    logits = torch.relu(x @ w1 / 3) @ w2 / 2
    y = (logits + noise * torch.randn(n, N_CLASSES, generator=g)).argmax(1)
    return TensorDataset(x, y)


def splits():
    return _make(1200, seed=0), _make(500, seed=1)
