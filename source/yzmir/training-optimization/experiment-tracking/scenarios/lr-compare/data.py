import torch
from torch.utils.data import TensorDataset, random_split


def load_dataset():
    g = torch.Generator().manual_seed(2024)
    w1 = torch.randn(16, 32, generator=g) / 3
    w2 = torch.randn(32, 5, generator=g)
    x = torch.randn(2000, 16, generator=g)
    y = (torch.tanh(x @ w1) @ w2 + 1.5 * torch.randn(2000, 5, generator=g)).argmax(1)
    return TensorDataset(x, y)


def split(dataset, seed, val_frac=0.2):
    n_val = int(len(dataset) * val_frac)
    return random_split(dataset, [len(dataset) - n_val, n_val], generator=torch.Generator().manual_seed(seed))
