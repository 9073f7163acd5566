"""Trains the classifier and saves one checkpoint per epoch in checkpoints/."""
from pathlib import Path

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from prepare import N_CLASSES, N_FEATURES


def build_model():
    return nn.Sequential(nn.Linear(N_FEATURES, 256), nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, N_CLASSES))


def main(epochs=20, seed=0):
    if not Path("data/train.pt").exists():
        import prepare

        prepare.main()
    torch.manual_seed(seed)
    train = torch.load("data/train.pt")
    loader = DataLoader(TensorDataset(train["X"], train["y"]), batch_size=32, shuffle=True)
    model = build_model()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    Path("checkpoints").mkdir(exist_ok=True)
    for epoch in range(epochs):
        model.train()
        for xb, yb in loader:
            opt.zero_grad()
            nn.functional.cross_entropy(model(xb), yb).backward()
            opt.step()
        torch.save(model.state_dict(), f"checkpoints/epoch_{epoch:02d}.pt")
        print(f"epoch {epoch:2d} saved")


if __name__ == "__main__":
    main()
