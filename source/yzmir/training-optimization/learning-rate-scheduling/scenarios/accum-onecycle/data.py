import torch
from torch.utils.data import DataLoader, TensorDataset


def make_dataset(n, seed):
    g = torch.Generator().manual_seed(seed)
    teacher_g = torch.Generator().manual_seed(1234)
    w1 = torch.randn(24, 64, generator=teacher_g)
    w2 = torch.randn(64, 5, generator=teacher_g)
    x = torch.randn(n, 24, generator=g)
    logits = torch.tanh(x @ w1) @ w2
    y = (logits + 0.5 * torch.randn(n, 5, generator=g)).argmax(dim=1)
    return TensorDataset(x, y)


def loaders(batch_size):
    train = make_dataset(1100, seed=0)
    val = make_dataset(600, seed=1)
    return (
        DataLoader(train, batch_size=batch_size, shuffle=True,
                   generator=torch.Generator().manual_seed(0)),
        DataLoader(val, batch_size=256),
    )
