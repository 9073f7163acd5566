import torch
from torch.utils.data import DataLoader, TensorDataset

N_FEATURES = 24
N_CLASSES = 5


def make_dataset(n, seed, label_noise=0.2):
    teacher = torch.Generator().manual_seed(1234)
    w_lin = torch.randn(N_FEATURES, N_CLASSES, generator=teacher)
    w_per = torch.randn(N_FEATURES, N_CLASSES, generator=teacher)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, N_FEATURES, generator=g)
    scores = x @ w_lin + 2 * torch.sin(x @ w_per)
    y = (scores + label_noise * torch.randn(n, N_CLASSES, generator=g)).argmax(dim=1)
    return TensorDataset(x, y)


def loaders(batch_size):
    train = make_dataset(6100, seed=0)
    val = make_dataset(1000, seed=1)
    train_loader = DataLoader(train, batch_size=batch_size, shuffle=True,
                              generator=torch.Generator().manual_seed(0))
    val_loader = DataLoader(val, batch_size=500)
    return train_loader, val_loader
