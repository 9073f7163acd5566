import torch
from torch import nn
from torch.optim.lr_scheduler import ReduceLROnPlateau

from config import CONFIG
from data import make_loaders


def accuracy(model, loader):
    model.eval()
    correct, n = 0, 0
    with torch.no_grad():
        for x, y in loader:
            correct += (model(x).argmax(1) == y).sum().item()
            n += len(y)
    model.train()
    return correct / n


def main(cfg=CONFIG):
    torch.set_num_threads(1)
    torch.manual_seed(cfg["seed"])
    train_loader, val_loader = make_loaders(cfg)
    model = nn.Sequential(nn.Linear(8, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                          nn.Linear(128, 4))
    optimizer = torch.optim.AdamW(model.parameters(), lr=cfg["lr"],
                                  weight_decay=cfg["weight_decay"])
    scheduler = ReduceLROnPlateau(optimizer, factor=cfg["lr_factor"], patience=cfg["patience"])
    criterion = nn.CrossEntropyLoss()

    for epoch in range(cfg["epochs"]):
        total = 0.0
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item()
        val_acc = accuracy(model, val_loader)
        scheduler.step(val_acc)
        print(f"epoch {epoch + 1:2d}  lr {optimizer.param_groups[0]['lr']:.1e}  "
              f"train_loss {total / len(train_loader):.4f}  val_acc {val_acc:.4f}")


if __name__ == "__main__":
    main()
