import argparse
import csv
import os

import torch
from torch import nn

from data import get_loaders


def build_model(hidden):
    return nn.Sequential(nn.Linear(20, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(),
                         nn.Linear(hidden, 4))


def evaluate(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
            total += len(y)
    model.train()
    return correct / total


def train(lr, epochs=8, hidden=64, weight_decay=0.0, out="checkpoints"):
    torch.manual_seed(0)
    train_loader, val_loader = get_loaders()
    model = build_model(hidden)
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    os.makedirs(out, exist_ok=True)
    best = 0.0
    for epoch in range(epochs):
        for x, y in train_loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
        acc = evaluate(model, val_loader)
        if acc > best:
            best = acc
            torch.save(model.state_dict(), os.path.join(out, "best.pt"))
        print(f"lr {lr:g}  epoch {epoch + 1}  val_acc {acc:.4f}")
    new = not os.path.exists("results.csv")
    with open("results.csv", "a", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(["lr", "hidden", "weight_decay", "epochs", "val_acc"])
        w.writerow([lr, hidden, weight_decay, epochs, f"{best:.4f}"])
    return best


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--weight-decay", type=float, default=0.0)
    a = p.parse_args()
    train(a.lr, a.epochs, a.hidden, a.weight_decay)
