import math

import torch
from torch.utils.data import DataLoader, TensorDataset


def spirals(n, seed, n_arms=4, noise=0.15):
    g = torch.Generator().manual_seed(seed)
    label = torch.randint(0, n_arms, (n,), generator=g)
    t = torch.rand(n, generator=g) * 3.0 + 0.3
    angle = t * 3.5 + label.float() * (2 * math.pi / n_arms)
    xy = torch.stack([t * torch.cos(angle), t * torch.sin(angle)], dim=1)
    xy = xy + noise * torch.randn(n, 2, generator=g)
    extra = torch.randn(n, 6, generator=g)
    return TensorDataset(torch.cat([xy, extra], dim=1), label)


def make_loaders(cfg):
    train = spirals(cfg["n_train"], seed=cfg["seed"])
    val = spirals(cfg["n_val"], seed=cfg["seed"] + 1)
    return (
        DataLoader(train, batch_size=cfg["batch_size"], shuffle=True,
                   generator=torch.Generator().manual_seed(cfg["seed"])),
        DataLoader(val, batch_size=800),
    )
