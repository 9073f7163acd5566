import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from data import N_CLASSES, N_COUNT, N_DENSE, load_raw
from evaluate import evaluate, load_val
from features import featurize, fit_stats


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    return p.parse_args()


def build_model():
    return nn.Sequential(
        nn.Linear(N_COUNT + N_DENSE, 128), nn.ReLU(),
        nn.Linear(128, 128), nn.ReLU(),
        nn.Linear(128, N_CLASSES),
    )


def main():
    args = parse()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    raw, y = load_raw("train")
    stats = fit_stats(raw)
    x = featurize(raw, stats)
    x_val, y_val = load_val(stats)

    loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True,
                        generator=torch.Generator().manual_seed(0))
    model = build_model()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(1, args.epochs + 1):
        for xb, yb in loader:
            opt.zero_grad()
            loss_fn(model(xb), yb).backward()
            opt.step()
        tr_loss, tr_acc = evaluate(model, x, y)
        va_loss, va_acc = evaluate(model, x_val, y_val)
        if epoch % 3 == 0:
            print(f"epoch {epoch:2d}  train_loss {tr_loss:.3f} acc {tr_acc:.3f}  "
                  f"val_loss {va_loss:.3f} acc {va_acc:.3f}  gap {tr_acc - va_acc:.3f}")
    torch.save({"model": model.state_dict(), "stats": stats}, "model.pt")


if __name__ == "__main__":
    main()
