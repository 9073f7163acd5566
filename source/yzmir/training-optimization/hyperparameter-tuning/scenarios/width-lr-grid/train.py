import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader

from data import N_CLASSES, N_FEATURES, splits


def build_model(hidden):
    return nn.Sequential(
        nn.Linear(N_FEATURES, hidden), nn.ReLU(),
        nn.Linear(hidden, hidden), nn.ReLU(),
        nn.Linear(hidden, N_CLASSES),
    )


@torch.no_grad()
def accuracy(model, dataset):
    model.eval()
    x, y = dataset.tensors
    return (model(x).argmax(1) == y).float().mean().item()


def run(hidden, lr, seed=0, epochs=8, batch_size=100):
    torch.manual_seed(seed)
    train_set, val_set = splits()
    model = build_model(hidden)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(train_set, batch_size=batch_size, shuffle=True)
    for _ in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
    return accuracy(model, val_set)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()
    torch.set_num_threads(1)
    print(f"hidden {args.hidden}  lr {args.lr:g}  val_acc {run(args.hidden, args.lr, args.seed):.4f}")
