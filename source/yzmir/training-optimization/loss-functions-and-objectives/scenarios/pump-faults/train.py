import torch
import torch.nn as nn

from data import FAULTS, make_telemetry
from losses import focal_loss

torch.set_num_threads(1)
torch.manual_seed(0)

CONFIG = {"epochs": 12, "batch_size": 128, "lr": 5e-3, "alpha": 0.25, "gamma": 2.0, "n_train": 6500}
device = "cuda" if torch.cuda.is_available() else "cpu"

x, y = make_telemetry()
x_train, y_train = x[: CONFIG["n_train"]].to(device), y[: CONFIG["n_train"]].to(device)
x_val, y_val = x[CONFIG["n_train"] :].to(device), y[CONFIG["n_train"] :].to(device)

model = nn.Sequential(
    nn.Linear(x.shape[1], 64), nn.ReLU(),
    nn.Linear(64, 64), nn.ReLU(),
    nn.Linear(64, len(FAULTS)),
).to(device)
opt = torch.optim.Adam(model.parameters(), lr=CONFIG["lr"])

for epoch in range(CONFIG["epochs"]):
    model.train()
    perm = torch.randperm(len(x_train), device=device)
    total, steps = 0.0, 0
    for i in range(0, len(perm), CONFIG["batch_size"]):
        idx = perm[i : i + CONFIG["batch_size"]]
        with torch.autocast(device_type=device, dtype=torch.bfloat16):
            logits = model(x_train[idx])
            loss = focal_loss(logits, y_train[idx], CONFIG["alpha"], CONFIG["gamma"])
        opt.zero_grad()
        loss.backward()
        opt.step()
        total += loss.item()
        steps += 1

    model.eval()
    with torch.no_grad(), torch.autocast(device_type=device, dtype=torch.bfloat16):
        pred = (model(x_val) > 0).float()
    hits = (pred * y_val).sum(0)
    recall = hits / y_val.sum(0).clamp(min=1)
    per_fault = " ".join(f"{name}={r:.2f}" for name, r in zip(FAULTS, recall.tolist()))
    print(f"epoch {epoch}  loss {total / steps:.5f}  recall: {per_fault}")
