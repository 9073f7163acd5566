import json

import torch
import torch.nn as nn
import torch.nn.functional as F

from data import N_FEATURES, SEGMENTS, make_listings, split

torch.set_num_threads(1)
cfg = json.load(open("config.json"))
torch.manual_seed(cfg["seed"])


class ListingNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.trunk = nn.Sequential(nn.Linear(N_FEATURES, 64), nn.ReLU(), nn.Linear(64, 32), nn.ReLU())
        self.price_head = nn.Linear(32, 1)
        self.segment_head = nn.Linear(32, len(SEGMENTS))

    def forward(self, x):
        h = self.trunk(x)
        return self.price_head(h).squeeze(1), self.segment_head(h)


x, price, segment = make_listings()
tr, va = split(len(x))
model = ListingNet()
opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
w = cfg["loss_weights"]

for epoch in range(cfg["epochs"]):
    model.train()
    perm = torch.randperm(tr.stop)
    for i in range(0, len(perm), cfg["batch_size"]):
        idx = perm[i : i + cfg["batch_size"]]
        price_pred, segment_logits = model(x[idx])
        loss = w["price"] * F.mse_loss(price_pred, price[idx]) + w["segment"] * F.cross_entropy(
            segment_logits, segment[idx]
        )
        opt.zero_grad()
        loss.backward()
        opt.step()

    model.eval()
    with torch.no_grad():
        price_pred, segment_logits = model(x[va])
    mae = (price_pred - price[va]).abs().mean().item()
    acc = (segment_logits.argmax(1) == segment[va]).float().mean().item()
    print(f"epoch {epoch}  val price MAE ${mae:,.0f}  val segment acc {acc:.3f}")
