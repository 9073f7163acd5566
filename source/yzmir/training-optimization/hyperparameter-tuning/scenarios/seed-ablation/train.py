import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader

from data import N_CLASSES, N_FEATURES, splits

ACTIVATIONS = {"relu": nn.ReLU, "silu": nn.SiLU}


def build_model(act, hidden=64):
    a = ACTIVATIONS[act]
    return nn.Sequential(
        nn.Linear(N_FEATURES, hidden), a(),
        nn.Linear(hidden, hidden), a(),
        nn.Linear(hidden, N_CLASSES),
    )


@torch.no_grad()
def accuracy(model, dataset):
    model.eval()
    x, y = dataset.tensors
    return (model(x).argmax(1) == y).float().mean().item()


def run(act, seed, lr=3e-3, epochs=10, batch_size=64):
    torch.manual_seed(seed)
    train_set, val_set = splits()
    model = build_model(act)
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
    p.add_argument("--act", choices=sorted(ACTIVATIONS), default="relu")
    p.add_argument("--seed", type=int, default=1337)
    args = p.parse_args()
    torch.set_num_threads(1)
    print(f"act {args.act}  seed {args.seed}  val_acc {run(args.act, args.seed):.4f}")
