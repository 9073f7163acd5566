import argparse

import torch
from torch import nn
from torch.optim.lr_scheduler import OneCycleLR

from data import N_CLASSES, N_FEATURES, loaders


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--accum", type=int, default=4,
                   help="micro-batches per optimizer step")
    p.add_argument("--max-lr", type=float, default=0.3)
    return p.parse_args()


def build_model(hidden=64):
    return nn.Sequential(
        nn.Linear(N_FEATURES, hidden), nn.ReLU(),
        nn.Linear(hidden, hidden), nn.ReLU(),
        nn.Linear(hidden, N_CLASSES),
    )


@torch.no_grad()
def evaluate(model, loader, criterion):
    model.eval()
    total, correct, n = 0.0, 0, 0
    for x, y in loader:
        out = model(x)
        total += criterion(out, y).item() * len(y)
        correct += (out.argmax(1) == y).sum().item()
        n += len(y)
    model.train()
    return total / n, correct / n


def main():
    args = parse()
    torch.set_num_threads(1)
    train_loader, val_loader = loaders(args.batch_size)
    torch.manual_seed(0)
    model = build_model()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.max_lr,
                                momentum=0.9, weight_decay=5e-4)
    scheduler = OneCycleLR(optimizer, max_lr=args.max_lr, epochs=args.epochs,
                           steps_per_epoch=len(train_loader))

    for epoch in range(args.epochs):
        optimizer.zero_grad()
        for i, (x, y) in enumerate(train_loader):
            loss = criterion(model(x), y) / args.accum
            loss.backward()
            if (i + 1) % args.accum == 0 or (i + 1) == len(train_loader):
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
        val_loss, val_acc = evaluate(model, val_loader, criterion)
        lr = optimizer.param_groups[0]["lr"]
        print(f"epoch {epoch + 1}  lr {lr:.4f}  val_loss {val_loss:.4f}  val_acc {val_acc:.3f}")

    torch.save(model.state_dict(), "model.pt")


if __name__ == "__main__":
    main()
