"""Runs before every python example of this pack (``validate-skills --exec``), so a fragment such as
``loss = criterion(model(xb), yb)`` is a real run. Everything here is small, synthetic and seeded: it runs
on a CPU in milliseconds and downloads nothing.

Names an example may use without defining them:

- modules: ``math``, ``random``, ``np`` (numpy), ``torch``, ``nn``, ``F`` (torch.nn.functional),
  ``DataLoader``, ``TensorDataset``
- ``device``: CUDA when present, else CPU
- ``NUM_FEATURES`` (20), ``NUM_CLASSES`` (4); ``make_data(n, seed)`` returns a learnable classification set
- ``X, y`` (256 training rows), ``X_val, y_val`` (128 validation rows)
- ``train_ds, val_ds``, ``train_loader`` (batch 32, shuffled, seeded), ``val_loader`` (batch 64)
- ``xb, yb``: one training batch
- ``make_model()``: a fresh MLP (Linear, BatchNorm1d, ReLU, Dropout, Linear), ``model``: one of them on ``device``
- ``criterion`` (CrossEntropyLoss), ``optimizer`` (AdamW, lr 1e-3, over ``model``'s parameters)
- ``train_steps(model, optimizer, loader, steps)`` returns the list of training losses
- ``evaluate(model, loader)`` returns (mean loss, accuracy) in eval mode, without gradients
"""

import math
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset

random.seed(0)
np.random.seed(0)
torch.manual_seed(0)

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
NUM_FEATURES, NUM_CLASSES = 20, 4


def make_data(n: int = 256, seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    """Gaussian inputs whose class is the argmax of a fixed random projection: learnable, not trivial."""
    gen = torch.Generator().manual_seed(seed)
    projection = torch.randn(NUM_FEATURES, NUM_CLASSES, generator=torch.Generator().manual_seed(1234))
    inputs = torch.randn(n, NUM_FEATURES, generator=gen)
    labels = (inputs @ projection + 0.5 * torch.randn(n, NUM_CLASSES, generator=gen)).argmax(dim=1)
    return inputs, labels


X, y = make_data(256, seed=0)
X_val, y_val = make_data(128, seed=1)
train_ds, val_ds = TensorDataset(X, y), TensorDataset(X_val, y_val)
train_loader = DataLoader(train_ds, batch_size=32, shuffle=True, generator=torch.Generator().manual_seed(0))
val_loader = DataLoader(val_ds, batch_size=64)
xb, yb = next(iter(DataLoader(train_ds, batch_size=32)))


def make_model() -> nn.Module:
    return nn.Sequential(
        nn.Linear(NUM_FEATURES, 64),
        nn.BatchNorm1d(64),
        nn.ReLU(),
        nn.Dropout(0.1),
        nn.Linear(64, NUM_CLASSES),
    )


model = make_model().to(device)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)


def train_steps(model: nn.Module, optimizer: torch.optim.Optimizer, loader: DataLoader, steps: int) -> list[float]:
    """Plain training steps (cycling over ``loader``); returns each step's loss."""
    model.train()
    losses: list[float] = []
    while len(losses) < steps:
        for inputs, targets in loader:
            inputs, targets = inputs.to(device), targets.to(device)
            optimizer.zero_grad(set_to_none=True)
            loss = criterion(model(inputs), targets)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if len(losses) == steps:
                break
    return losses


@torch.no_grad()
def evaluate(model: nn.Module, loader: DataLoader) -> tuple[float, float]:
    """Mean loss (weighted by batch size) and accuracy, in eval mode; restores the previous mode."""
    was_training = model.training
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    for inputs, targets in loader:
        inputs, targets = inputs.to(device), targets.to(device)
        logits = model(inputs)
        total_loss += F.cross_entropy(logits, targets, reduction="sum").item()
        correct += (logits.argmax(dim=1) == targets).sum().item()
        count += targets.numel()
    model.train(was_training)
    return total_loss / count, correct / count
