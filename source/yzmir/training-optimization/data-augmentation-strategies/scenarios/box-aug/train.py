import argparse

import torch
from torch import nn
from torchvision.ops import box_iou

from data import get_loaders


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, default=2e-3)
    return p.parse_args()


def build_model():
    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(32 * 4 * 4, 64), nn.ReLU(), nn.Linear(64, 4), nn.Sigmoid(),
    )


@torch.no_grad()
def mean_iou(model, loader):
    model.eval()
    ious = []
    for x, b in loader:
        ious.append(box_iou(model(x), b).diagonal())
    model.train()
    return torch.cat(ious).mean().item()


def main():
    args = parse()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    train_loader, val_loader = get_loaders()
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    criterion = nn.SmoothL1Loss(beta=0.05)
    for epoch in range(args.epochs):
        total = 0.0
        for x, b in train_loader:
            opt.zero_grad()
            loss = criterion(model(x), b)
            loss.backward()
            opt.step()
            total += loss.item() * len(x)
        print(f"epoch {epoch + 1}  train_loss {total / len(train_loader.dataset):.4f}  "
              f"val_iou {mean_iou(model, val_loader):.3f}")
    torch.save(model.state_dict(), "part_detector.pt")


if __name__ == "__main__":
    main()
