import time

import torch
from torch import nn

from data import N_CLASSES, N_MELS
from loaders import get_loaders
from utils import seed_everything


def build_model():
    return nn.Sequential(
        nn.Conv1d(N_MELS, 64, 5, padding=2), nn.BatchNorm1d(64), nn.ReLU(),
        nn.Conv1d(64, 64, 5, padding=2), nn.BatchNorm1d(64), nn.ReLU(),
        nn.AdaptiveMaxPool1d(1), nn.Flatten(), nn.Linear(64, N_CLASSES),
    )


@torch.no_grad()
def accuracy(model, loader):
    model.eval()
    correct = n = 0
    for x, y in loader:
        correct += (model(x).argmax(1) == y).sum().item()
        n += len(y)
    model.train()
    return correct / n


def main(epochs=6):
    torch.set_num_threads(1)
    seed_everything(0)
    train_loader, val_loader = get_loaders()
    model = build_model()
    opt = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-2)
    criterion = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        start, total = time.time(), 0.0
        for x, y in train_loader:
            opt.zero_grad()
            loss = criterion(model(x), y)
            loss.backward()
            opt.step()
            total += loss.item() * len(y)
        print(f"epoch {epoch + 1}  train_loss {total / len(train_loader.dataset):.4f}  "
              f"val_acc {accuracy(model, val_loader):.4f}  ({time.time() - start:.1f}s)")
    torch.save(model.state_dict(), "kws.pt")


if __name__ == "__main__":
    main()
