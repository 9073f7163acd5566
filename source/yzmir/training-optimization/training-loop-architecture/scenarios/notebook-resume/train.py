import argparse
import os

import torch
import torch.nn.functional as F
from torch import nn

from data import get_loaders

CKPT = "ckpt/last.pt"


def build_model():
    return nn.Sequential(nn.Linear(24, 128), nn.ReLU(), nn.Dropout(0.3),
                         nn.Linear(128, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 6))


@torch.no_grad()
def validate(model, loader):
    model.eval()
    correct = total = 0
    loss = 0.0
    for x, y in loader:
        out = model(x)
        loss += F.cross_entropy(out, y, reduction="sum").item()
        correct += (out.argmax(1) == y).sum().item()
        total += len(y)
    model.train()
    return loss / total, correct / total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=50)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--ckpt-every", type=int, default=40, help="steps between checkpoints")
    p.add_argument("--resume", action="store_true")
    p.add_argument("--stop-at-step", type=int, default=None,
                   help="exit right after this global step (what a notebook timeout looks like)")
    args = p.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(0)
    train_loader, val_loader = get_loaders(args.batch_size)
    model = build_model()
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.05)
    total_steps = args.epochs * len(train_loader)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps)

    epoch, step = 0, 0
    if args.resume and os.path.exists(CKPT):
        ckpt = torch.load(CKPT)
        model.load_state_dict(ckpt["model"])
        optimizer.load_state_dict(ckpt["optimizer"])
        scheduler.load_state_dict(ckpt["scheduler"])
        epoch, step = ckpt["epoch"], ckpt["step"]
        print(f"resumed at epoch {epoch + 1}, step {step}")

    os.makedirs("ckpt", exist_ok=True)
    model.train()
    for epoch in range(epoch, args.epochs):
        for x, y in train_loader:
            loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            step += 1
            if step % args.ckpt_every == 0:
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                            "scheduler": scheduler.state_dict(), "epoch": epoch, "step": step}, CKPT)
            if args.stop_at_step is not None and step >= args.stop_at_step:
                print(f"session ended at step {step}")
                return
        val_loss, val_acc = validate(model, val_loader)
        print(f"epoch {epoch + 1}  step {step}  lr {scheduler.get_last_lr()[0]:.2e}  "
              f"val_loss {val_loss:.4f}  val_acc {val_acc:.4f}")
    torch.save(model.state_dict(), "final.pt")


if __name__ == "__main__":
    main()
