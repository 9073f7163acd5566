import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from data import N_FEATURES, load_site


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.0)
    p.add_argument("--val-frac", type=float, default=0.2)
    return p.parse_args()


def build_model():
    return nn.Sequential(
        nn.Linear(N_FEATURES, 256), nn.ReLU(),
        nn.Linear(256, 256), nn.ReLU(),
        nn.Linear(256, 2),
    )


@torch.no_grad()
def accuracy(model, x, y):
    model.eval()
    acc = (model(x).argmax(1) == y).float().mean().item()
    model.train()
    return acc


def main():
    args = parse()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    x, y, _ = load_site("A")
    mean, std = x.mean(0), x.std(0)
    x = (x - mean) / std

    perm = torch.randperm(len(x), generator=torch.Generator().manual_seed(0))
    n_val = int(args.val_frac * len(x))
    val_idx, train_idx = perm[:n_val], perm[n_val:]
    x_tr, y_tr, x_val, y_val = x[train_idx], y[train_idx], x[val_idx], y[val_idx]

    loader = DataLoader(TensorDataset(x_tr, y_tr), batch_size=64, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    model = build_model()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
        if (epoch + 1) % 5 == 0:
            print(f"epoch {epoch + 1:2d}  train_acc {accuracy(model, x_tr, y_tr):.3f}  "
                  f"val_acc {accuracy(model, x_val, y_val):.3f}")

    torch.save({"model": model.state_dict(), "mean": mean, "std": std}, "model.pt")
    print(f"final val_acc {accuracy(model, x_val, y_val):.3f}")


if __name__ == "__main__":
    main()
