import torch
from torch.utils.data import TensorDataset


def make_split(n, seed):
    proj = torch.randn(20, 5, generator=torch.Generator().manual_seed(3))
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 20, generator=g)
    y = (x @ proj + 0.6 * torch.randn(n, 5, generator=g)).argmax(1)
    return TensorDataset(x, y)


def train_set():
    return make_split(4000, seed=0)


def test_set():
    return make_split(2000, seed=2)
