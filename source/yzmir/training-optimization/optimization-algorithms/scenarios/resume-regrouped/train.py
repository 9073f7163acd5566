import argparse
import os

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from config import CFG
from model import TokenClassifier

torch.set_num_threads(1)  # tiny model: threading overhead dominates on CPU


def make_data(n=2048, seq=8, vocab=96, num_classes=8, seed=0):
    g = torch.Generator().manual_seed(seed)
    tokens = torch.randint(0, vocab, (n, seq), generator=g)
    table = torch.randn(vocab, num_classes, generator=g)
    y = table[tokens].sum(dim=1).argmax(dim=1)
    return tokens, y


def build_optimizer(model):
    if CFG["no_decay_norms_and_biases"]:
        decay, no_decay = [], []
        for name, p in model.named_parameters():
            if p.ndim < 2 or name.startswith("embed."):
                no_decay.append(p)
            else:
                decay.append(p)
        groups = [
            {"params": decay, "weight_decay": CFG["weight_decay"]},
            {"params": no_decay, "weight_decay": 0.0},
        ]
    else:
        groups = [{"params": model.parameters(), "weight_decay": CFG["weight_decay"]}]
    return torch.optim.AdamW(groups, lr=CFG["lr"], betas=CFG["betas"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=CFG["epochs"])
    parser.add_argument("--resume", default=None)
    args = parser.parse_args()

    torch.manual_seed(CFG["seed"])
    tokens, y = make_data()
    loader = DataLoader(TensorDataset(tokens, y), batch_size=CFG["batch_size"], shuffle=True)
    model = TokenClassifier()
    optimizer = build_optimizer(model)
    loss_fn = nn.CrossEntropyLoss()

    start_epoch = 0
    if args.resume:
        ckpt = torch.load(args.resume)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        start_epoch = ckpt["epoch"] + 1
        print(f"resumed from {args.resume} at epoch {start_epoch}")

    for epoch in range(start_epoch, args.epochs):
        model.train()
        losses = []
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
        print(f"epoch {epoch:2d}  first10 {sum(losses[:10]) / 10:.4f}  mean {sum(losses) / len(losses):.4f}")
        os.makedirs(os.path.dirname(CFG["ckpt_path"]), exist_ok=True)
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "epoch": epoch}, CFG["ckpt_path"])


if __name__ == "__main__":
    main()
