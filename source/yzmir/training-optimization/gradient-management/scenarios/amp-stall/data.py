import torch
from torch.utils.data import DataLoader, TensorDataset


def make_loaders(n_train=2048, n_val=1024, dim=32, num_classes=8, batch_size=64, seed=0):
    g = torch.Generator().manual_seed(seed)
    centers = 0.6 * torch.randn(num_classes, dim, generator=g)
    y = torch.randint(0, num_classes, (n_train + n_val,), generator=g)
    x = centers[y] + torch.randn(n_train + n_val, dim, generator=g)
    train = TensorDataset(x[:n_train], y[:n_train])
    val = TensorDataset(x[n_train:], y[n_train:])
    return (DataLoader(train, batch_size=batch_size, shuffle=True, generator=g),
            DataLoader(val, batch_size=256))
