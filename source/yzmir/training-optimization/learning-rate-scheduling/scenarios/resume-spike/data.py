import torch
from torch.utils.data import DataLoader, TensorDataset


def synthetic_regression(n, seed):
    basis = torch.Generator().manual_seed(99)
    proj = torch.randn(16, 8, generator=basis) / 4
    mix = torch.randn(8, 1, generator=basis)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 16, generator=g)
    y = torch.tanh(x @ proj) @ mix + 0.1 * torch.randn(n, 1, generator=g)
    return TensorDataset(x, y)


def get_loaders(batch_size, epoch_seed=0):
    train = DataLoader(synthetic_regression(4000, seed=0), batch_size=batch_size, shuffle=True,
                       generator=torch.Generator().manual_seed(epoch_seed))
    val = DataLoader(synthetic_regression(1000, seed=1), batch_size=1000)
    return train, val
