import argparse

import torch
from torch import nn

from data import CLASSES, get_loader
from evaluate import evaluate


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--lr", type=float, default=3e-3)
    return p.parse_args()


def build_model(width):
    return nn.Sequential(
        nn.Conv2d(3, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(width, 2 * width, 3, padding=1), nn.BatchNorm2d(2 * width), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(2 * width, 4 * width, 3, padding=1), nn.BatchNorm2d(4 * width), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(4 * width, len(CLASSES)),
    )


def main():
    args = parse()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    train_loader, val_loader = get_loader("train"), get_loader("val")
    model = build_model(args.width)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * len(train_loader))
    criterion = nn.CrossEntropyLoss()
    for epoch in range(args.epochs):
        running = 0.0
        for x, y in train_loader:
            opt.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            opt.step()
            sched.step()
            running += loss.item() * len(y)
        acc, per_class = evaluate(model, val_loader)
        print(f"epoch {epoch + 1}  train_loss {running / len(train_loader.dataset):.4f}  val_acc {acc:.4f}")
    print("per-class val acc: " + "  ".join(f"{c} {a:.3f}" for c, a in zip(CLASSES, per_class)))
    torch.save(model.state_dict(), "sign_model.pt")


if __name__ == "__main__":
    main()
