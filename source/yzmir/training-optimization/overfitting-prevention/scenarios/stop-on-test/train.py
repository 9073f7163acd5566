import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader

from data import N_CLASSES, N_FEATURES, load


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--max-epochs", type=int, default=100)
    p.add_argument("--patience", type=int, default=5)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args()


def build_model():
    return nn.Sequential(
        nn.Linear(N_FEATURES, 256), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.1),
        nn.Linear(256, N_CLASSES),
    )


@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    correct, n = 0, 0
    for x, y in loader:
        correct += (model(x).argmax(1) == y).sum().item()
        n += len(y)
    model.train()
    return correct / n


def main():
    args = parse()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    train_ds, test_ds = load()
    train_loader = DataLoader(train_ds, batch_size=32, shuffle=True)
    test_loader = DataLoader(test_ds, batch_size=600)

    model = build_model()
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-2)
    loss_fn = nn.CrossEntropyLoss()
    best_acc, best_epoch, bad_epochs = 0.0, 0, 0
    for epoch in range(1, args.max_epochs + 1):
        for x, y in train_loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
        acc = evaluate(model, test_loader)
        print(f"epoch {epoch:3d}  test_acc {acc:.4f}")
        if acc > best_acc:
            best_acc, best_epoch, bad_epochs = acc, epoch, 0
        else:
            bad_epochs += 1
            if bad_epochs >= args.patience:
                print(f"early stopping at epoch {epoch}")
                break

    torch.save(model.state_dict(), "model.pt")
    print(f"best test_acc {best_acc:.4f} (epoch {best_epoch})")


if __name__ == "__main__":
    main()
