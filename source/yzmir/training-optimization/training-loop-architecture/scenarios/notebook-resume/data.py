import torch
from torch.utils.data import DataLoader, TensorDataset


def make_split(n, seed):
    proj = torch.randn(24, 6, generator=torch.Generator().manual_seed(11))
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 24, generator=g)
    y = (x @ proj + 0.7 * torch.randn(n, 6, generator=g)).argmax(1)
    return TensorDataset(x, y)


def get_loaders(batch_size):
    train = DataLoader(make_split(3000, seed=0), batch_size=batch_size, shuffle=True, drop_last=True)
    val = DataLoader(make_split(1000, seed=1), batch_size=500)
    return train, val
