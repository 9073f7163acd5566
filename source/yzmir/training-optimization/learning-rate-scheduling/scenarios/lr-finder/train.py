import argparse

import torch
from torch import nn
from torch.optim.lr_scheduler import OneCycleLR
from torch.utils.data import DataLoader, TensorDataset

from lr_finder import lr_range_test, suggest_lr


def make_data(n, seed):
    teacher = torch.Generator().manual_seed(7)
    w1, w2 = torch.randn(32, 48, generator=teacher), torch.randn(48, 6, generator=teacher)
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, 32, generator=g)
    y = (torch.relu(x @ w1) @ w2 + 2.0 * torch.randn(n, 6, generator=g)).argmax(1)
    return TensorDataset(x, y)


def evaluate(model, loader):
    model.eval()
    with torch.no_grad():
        hits = sum((model(x).argmax(1) == y).sum().item() for x, y in loader)
    model.train()
    return hits / len(loader.dataset)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--lr", type=float, default=None, help="skip the range test and use this max LR")
    args = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    train_loader = DataLoader(make_data(5000, 0), batch_size=64, shuffle=True,
                              generator=torch.Generator().manual_seed(0))
    val_loader = DataLoader(make_data(2000, 1), batch_size=1000)
    model = nn.Sequential(nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                          nn.Linear(128, 6))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    criterion = nn.CrossEntropyLoss()

    if args.lr is None:
        lrs, losses = lr_range_test(model, optimizer, train_loader, criterion)
        max_lr = suggest_lr(lrs, losses)
        print(f"range test: {len(lrs)} iters, suggested max_lr {max_lr:.3g}")
    else:
        max_lr = args.lr

    scheduler = OneCycleLR(optimizer, max_lr=max_lr, epochs=args.epochs,
                           steps_per_epoch=len(train_loader))
    for epoch in range(args.epochs):
        for x, y in train_loader:
            optimizer.zero_grad()
            criterion(model(x), y).backward()
            optimizer.step()
            scheduler.step()
        print(f"epoch {epoch + 1}  val_acc {evaluate(model, val_loader):.4f}")


if __name__ == "__main__":
    main()
