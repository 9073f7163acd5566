import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from model import Net

N_FEATURES, N_CLASSES = 32, 6


def make_split(n, seed):
    gen = torch.Generator().manual_seed(seed)
    centers = torch.randn(N_CLASSES, N_FEATURES, generator=torch.Generator().manual_seed(99)) * 1.2
    y = torch.randint(0, N_CLASSES, (n,), generator=gen)
    X = centers[y] + torch.randn(n, N_FEATURES, generator=gen) * 2.0 + 3.0
    return X, y


def evaluate(model, loader):
    loss_fn = nn.CrossEntropyLoss(reduction="sum")
    total, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for xb, yb in loader:
            out = model(xb)
            total += loss_fn(out, yb).item()
            correct += (out.argmax(1) == yb).sum().item()
            count += len(yb)
    return total / count, correct / count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--dropout", type=float, default=0.1)
    parser.add_argument("--weight-decay", type=float, default=0.0)
    args = parser.parse_args()
    torch.manual_seed(0)
    Xtr, ytr = make_split(4000, seed=1)
    Xva, yva = make_split(1000, seed=2)
    train = DataLoader(TensorDataset(Xtr, ytr), batch_size=128, shuffle=True)
    val = DataLoader(TensorDataset(Xva, yva), batch_size=8)
    model = Net(N_FEATURES, N_CLASSES, dropout=args.dropout)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=args.weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        model.train()
        total = 0.0
        for xb, yb in train:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(yb)
        val_loss, val_acc = evaluate(model, val)
        print(f"epoch {epoch:2d}  train_loss {total / len(ytr):.3f}  val_loss {val_loss:.3f}  val_acc {val_acc:.3f}")


if __name__ == "__main__":
    main()
