import torch
from torch import nn
from torch.utils.data import DataLoader

from data import N_CLASSES, N_FEATURES


def build_model(hidden, dropout):
    return nn.Sequential(
        nn.Linear(N_FEATURES, hidden), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(hidden, hidden), nn.ReLU(), nn.Dropout(dropout),
        nn.Linear(hidden, N_CLASSES),
    )


@torch.no_grad()
def accuracy(model, dataset):
    model.eval()
    x, y = dataset.tensors
    acc = (model(x).argmax(1) == y).float().mean().item()
    model.train()
    return acc


def fit(train_set, lr, weight_decay, hidden, dropout, epochs=8, batch_size=128, seed=0):
    torch.manual_seed(seed)
    model = build_model(hidden, dropout)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(train_set, batch_size=batch_size, shuffle=True,
                        generator=torch.Generator().manual_seed(seed))
    for _ in range(epochs):
        for x, y in loader:
            opt.zero_grad()
            loss_fn(model(x), y).backward()
            opt.step()
    return model
