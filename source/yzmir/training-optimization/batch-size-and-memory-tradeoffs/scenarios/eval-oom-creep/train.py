import argparse
import gc
import json

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

from metrics import History, accuracy, memory_mb


def make_split(n, dim, classes, seed):
    g = torch.Generator().manual_seed(seed)
    centers = torch.randn(classes, dim, generator=torch.Generator().manual_seed(0)) * 0.25
    y = torch.randint(0, classes, (n,), generator=g)
    x = centers[y] + torch.randn(n, dim, generator=g)
    return TensorDataset(x, y)


def build_model(dim, hidden, classes):
    return nn.Sequential(
        nn.Linear(dim, hidden), nn.GELU(),
        nn.Linear(hidden, hidden), nn.GELU(),
        nn.Linear(hidden, hidden), nn.GELU(),
        nn.Linear(hidden, classes),
    )


def evaluate(model, loader, criterion, device):
    model.eval()
    all_logits, all_targets = [], []
    for xb, yb in loader:
        all_logits.append(model(xb.to(device)))
        all_targets.append(yb.to(device))
    logits = torch.cat(all_logits)
    targets = torch.cat(all_targets)
    model.train()
    return criterion(logits, targets), accuracy(logits, targets)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--lr", type=float, default=2e-3)
    args = p.parse_args()

    torch.manual_seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    dim, hidden, classes = 64, 256, 20
    train_ds = make_split(3072, dim, classes, seed=1)
    val_ds = make_split(8192, dim, classes, seed=2)
    train_loader = DataLoader(train_ds, batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(val_ds, batch_size=1024)

    model = build_model(dim, hidden, classes).to(device)
    criterion = nn.CrossEntropyLoss()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
    history = History()
    best_val = float("inf")
    step = 0

    for epoch in range(args.epochs):
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = criterion(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            running += loss.item()
            step += 1
            history.log(step=step, loss=loss)

        val_loss, val_acc = evaluate(model, val_loader, criterion, device)
        history.log(step=step, val_loss=val_loss, val_acc=val_acc)
        if val_loss < best_val:
            best_val = val_loss
            torch.save(model.state_dict(), "best.pt")
        print(f"epoch {epoch} train_loss {running / len(train_loader):.4f} "
              f"val_loss {val_loss:.4f} val_acc {val_acc:.3f} mem {memory_mb():.0f}MB")
        gc.collect()
        if torch.cuda.is_available():
            torch.cuda.empty_cache()

    with open("history.json", "w") as f:
        json.dump(history.to_json(), f)
    print(f"best val_loss {best_val:.4f}")


if __name__ == "__main__":
    main()
