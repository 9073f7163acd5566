import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from data import N_CLASSES, N_FEATURES, load


def build_model():
    return nn.Sequential(nn.Linear(N_FEATURES, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                         nn.Linear(128, N_CLASSES))


def run(lr, epochs=15, seed=0, verbose=True):
    torch.manual_seed(seed)
    (Xtr, ytr), (Xva, yva) = load()
    train = DataLoader(TensorDataset(torch.from_numpy(Xtr), torch.from_numpy(ytr)), batch_size=64, shuffle=True)
    Xva, yva = torch.from_numpy(Xva), torch.from_numpy(yva)
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for xb, yb in train:
            opt.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(xb)
        model.eval()
        with torch.no_grad():
            val_acc = (model(Xva).argmax(1) == yva).float().mean().item()
        if verbose:
            print(f"epoch {epoch:2d}  train_loss {total / len(Xtr):.4f}  val_acc {val_acc:.3f}")
    return val_acc


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"final val_acc {run(args.lr, args.epochs, args.seed):.3f}")
