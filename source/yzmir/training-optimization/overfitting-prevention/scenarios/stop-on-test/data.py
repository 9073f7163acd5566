import torch
from torch.utils.data import TensorDataset

N_FEATURES = 30
N_CLASSES = 3


def _make(n, seed):
    teacher = torch.Generator().manual_seed(99)
    w1 = torch.randn(N_FEATURES, 16, generator=teacher)
    w2 = torch.randn(16, N_CLASSES, generator=teacher)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_FEATURES, generator=g)
    y = (torch.tanh(x @ w1 / 3) @ w2).argmax(1)
    flip = torch.rand(n, generator=g) < 0.15
    y[flip] = torch.randint(0, N_CLASSES, (int(flip.sum()),), generator=g)
    return TensorDataset(x, y)


def load():
    """The benchmark's official split: 1200 training rows, 600 test rows."""
    return _make(1200, seed=0), _make(600, seed=1)
