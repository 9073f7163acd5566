import argparse
import json
import os
import random

import torch
from torch import nn
from torch.utils.data import DataLoader

from data import load_dataset, split


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--name", default=None)
    return p.parse_args()


def main():
    args = parse()
    torch.set_num_threads(1)
    seed = args.seed if args.seed is not None else random.randrange(10_000)
    torch.manual_seed(seed)
    train_ds, val_ds = split(load_dataset(), seed)
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=len(val_ds))

    model = nn.Sequential(nn.Linear(16, 64), nn.ReLU(), nn.Linear(64, 5))
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        for x, y in train_loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
    with torch.no_grad():
        x, y = next(iter(val_loader))
        val_acc = (model(x).argmax(1) == y).float().mean().item()
    print(f"lr {args.lr:g}  val_acc {val_acc:.4f}")

    name = args.name or f"lr{args.lr:g}"
    os.makedirs(os.path.join("runs", name), exist_ok=True)
    record = {"lr": args.lr, "epochs": args.epochs, "batch_size": args.batch_size, "val_acc": round(val_acc, 4)}
    with open(os.path.join("runs", name, "record.json"), "w") as f:
        json.dump(record, f, indent=2)


if __name__ == "__main__":
    main()
