import torch
from torch.utils.data import DataLoader, TensorDataset


def make_split(n, seed):
    basis = torch.Generator().manual_seed(1234)
    w1 = torch.randn(20, 32, generator=basis) / 3
    w2 = torch.randn(32, 4, generator=basis)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 20, generator=g)
    logits = torch.tanh(x @ w1) @ w2 + 0.4 * torch.randn(n, 4, generator=g)
    return TensorDataset(x, logits.argmax(1))


def get_loaders(batch_size=64):
    train = DataLoader(make_split(3000, seed=0), batch_size=batch_size, shuffle=True,
                       generator=torch.Generator().manual_seed(0))
    val = DataLoader(make_split(1000, seed=1), batch_size=500)
    return train, val
