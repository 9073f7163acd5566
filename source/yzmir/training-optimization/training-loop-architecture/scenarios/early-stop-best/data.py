import torch
from torch.utils.data import DataLoader, TensorDataset

N_FEATURES = 32
N_CLASSES = 5


def _make(n, seed, noise=0.25):
    proj = torch.randn(N_FEATURES, N_CLASSES, generator=torch.Generator().manual_seed(7))
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_FEATURES, generator=g)
    y = (x @ proj + 0.8 * torch.randn(n, N_CLASSES, generator=g)).argmax(1)
    flip = torch.rand(n, generator=g) < noise
    y[flip] = torch.randint(0, N_CLASSES, (int(flip.sum()),), generator=g)
    return TensorDataset(x, y)


def get_loaders(batch_size=32):
    train = DataLoader(_make(1500, seed=0), batch_size=batch_size, shuffle=True,
                       generator=torch.Generator().manual_seed(0))
    val = DataLoader(_make(1000, seed=1), batch_size=250)
    test = DataLoader(_make(2000, seed=2), batch_size=250)
    return train, val, test
