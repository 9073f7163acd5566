import argparse

import torch
from torch import nn

from data import N_CLASSES, N_FEATURES, get_loaders
from engine import evaluate, train_one_epoch


def build_model():
    return nn.Sequential(
        nn.Linear(N_FEATURES, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, 256), nn.BatchNorm1d(256), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(256, N_CLASSES),
    )


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=60)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--patience", type=int, default=6)
    args = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    train_loader, val_loader, test_loader = get_loaders()
    model = build_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)

    best_loss, best_epoch, best_state, bad_epochs = float("inf"), -1, None, 0
    model.train()
    for epoch in range(1, args.epochs + 1):
        train_loss = train_one_epoch(model, train_loader, optimizer)
        val_loss, val_acc = evaluate(model, val_loader)
        _, test_acc = evaluate(model, test_loader)
        print(f"epoch {epoch:2d}  train_loss {train_loss:.4f}  val_loss {val_loss:.4f}  "
              f"val_acc {val_acc:.4f}  test_acc {test_acc:.4f}")
        if val_loss < best_loss:
            best_loss, best_epoch, best_state, bad_epochs = val_loss, epoch, model.state_dict(), 0
        else:
            bad_epochs += 1
            if bad_epochs >= args.patience:
                print(f"early stopping at epoch {epoch}")
                break

    model.load_state_dict(best_state)
    val_loss, val_acc = evaluate(model, val_loader)
    _, test_acc = evaluate(model, test_loader)
    print(f"best epoch {best_epoch}  restored model: val_loss {val_loss:.4f}  val_acc {val_acc:.4f}  "
          f"test_acc {test_acc:.4f}")
    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
