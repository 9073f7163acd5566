import torch
from torch.utils.data import TensorDataset

_basis = torch.Generator().manual_seed(7)
W1 = torch.randn(24, 48, generator=_basis) / 4
W2 = torch.randn(48, 3, generator=_basis)


def _site(n, noise, shift, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 24, generator=g) + shift
    y = (torch.tanh(x @ W1) @ W2 + noise * torch.randn(n, 3, generator=g)).argmax(1)
    return x, y


def train_set():
    xa, ya = _site(1600, 0.3, 0.0, seed=10)
    xb, yb = _site(1600, 6.0, 0.0, seed=11)
    return TensorDataset(torch.cat([xa, xb]), torch.cat([ya, yb]))


def val_set():
    """Held-out readings: site A first, then site B."""
    xa, ya = _site(600, 0.3, 0.0, seed=20)
    xb, yb = _site(600, 6.0, 0.0, seed=21)
    return torch.cat([xa, xb]), torch.cat([ya, yb])
