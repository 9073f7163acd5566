import torch
import torch.nn.functional as F
from torch import nn

from config import CFG
from data import DIM, NUM_CLASSES, make_data
from losses import sharpened_entropy

torch.set_num_threads(1)  # tiny model: threading overhead dominates on CPU


def build_model():
    return nn.Sequential(
        nn.Linear(DIM, 128), nn.ReLU(),
        nn.Linear(128, 128), nn.ReLU(),
        nn.Linear(128, NUM_CLASSES),
    )


def main():
    torch.manual_seed(CFG["seed"])
    (xl, yl), xu, (xv, yv) = make_data(CFG["seed"])
    model = build_model()
    opt = torch.optim.Adam(model.parameters(), lr=CFG["lr"])

    for epoch in range(CFG["epochs"]):
        model.train()
        perm = torch.randperm(len(xu))
        total, steps = 0.0, 0
        for i in range(0, len(xu), CFG["unlabeled_batch"]):
            xb = xu[perm[i : i + CFG["unlabeled_batch"]]]
            idx = torch.randint(0, len(xl), (CFG["labeled_batch"],))
            sup = F.cross_entropy(model(xl[idx]), yl[idx])
            unsup = sharpened_entropy(model(xb), CFG["sharpen_temperature"])
            loss = sup + CFG["entropy_weight"] * unsup

            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), CFG["max_grad_norm"])
            opt.step()
            total += loss.item()
            steps += 1

        model.eval()
        with torch.no_grad():
            acc = (model(xv).argmax(1) == yv).float().mean().item()
        print(f"epoch {epoch + 1}  loss {total / steps:.4f}  val_acc {acc:.3f}")


if __name__ == "__main__":
    main()
