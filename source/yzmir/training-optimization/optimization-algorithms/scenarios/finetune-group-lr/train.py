import argparse

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from data import make_splits
from model import Classifier, load_pretrained_encoder

torch.set_num_threads(1)  # tiny model: threading overhead dominates on CPU

CFG = dict(epochs=30, batch_size=32, encoder_lr=3e-5, head_lr=3e-3, weight_decay=0.01, seed=0)


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--probe", action="store_true", help="train the head only (linear probe)")
    args = parser.parse_args()

    torch.manual_seed(CFG["seed"])
    (xtr, ytr), (xva, yva) = make_splits()
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=CFG["batch_size"], shuffle=True)
    model = Classifier(load_pretrained_encoder())

    if args.probe:
        model.encoder.requires_grad_(False)
        groups = [{"params": model.head.parameters(), "lr": CFG["head_lr"]}]
    else:
        groups = [
            {"params": model.encoder.parameters(), "lr": CFG["encoder_lr"]},
            {"params": model.head.parameters(), "lr": CFG["head_lr"]},
        ]
    optimizer = torch.optim.AdamW(groups, weight_decay=CFG["weight_decay"])
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=CFG["head_lr"], total_steps=CFG["epochs"] * len(loader), pct_start=0.1
    )
    loss_fn = nn.CrossEntropyLoss()

    best = 0.0
    for epoch in range(CFG["epochs"]):
        model.train()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            scheduler.step()
        acc = evaluate(model, xva, yva)
        best = max(best, acc)
        if epoch % 5 == 4 or epoch == CFG["epochs"] - 1:
            print(f"epoch {epoch:2d}  loss {loss.item():.4f}  head_lr {scheduler.get_last_lr()[-1]:.2e}  val_acc {acc:.3f}")
    print(f"final val_acc {acc:.3f}  (best {best:.3f})")


if __name__ == "__main__":
    main()
