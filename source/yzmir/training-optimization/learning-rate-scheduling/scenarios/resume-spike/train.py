import argparse
import os

import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, LinearLR, SequentialLR

from data import get_loaders

CKPT = "checkpoint.pt"


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--epochs", type=int, default=8)
    p.add_argument("--lr", type=float, default=3e-2)
    p.add_argument("--warmup-epochs", type=int, default=1)
    p.add_argument("--resume", action="store_true")
    p.add_argument("--stop-after", type=int, default=None,
                   help="exit after this many epochs (simulates preemption)")
    return p.parse_args()


def main():
    args = parse()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(16, 64), nn.GELU(), nn.Linear(64, 64), nn.GELU(),
                          nn.Linear(64, 1))
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)

    train_loader, val_loader = get_loaders(batch_size=64)
    steps_per_epoch = len(train_loader)
    warmup_steps = args.warmup_epochs * steps_per_epoch
    total_steps = args.epochs * steps_per_epoch
    scheduler = SequentialLR(
        optimizer,
        schedulers=[
            LinearLR(optimizer, start_factor=0.01, total_iters=warmup_steps),
            CosineAnnealingLR(optimizer, T_max=total_steps - warmup_steps),
        ],
        milestones=[warmup_steps],
    )

    start_epoch = 0
    if args.resume and os.path.exists(CKPT):
        state = torch.load(CKPT)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        start_epoch = state["epoch"] + 1
        print(f"resumed from epoch {state['epoch'] + 1}")

    criterion = nn.MSELoss()
    for epoch in range(start_epoch, args.epochs):
        train_loader, _ = get_loaders(batch_size=64, epoch_seed=epoch)
        running = 0.0
        for x, y in train_loader:
            loss = criterion(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            scheduler.step()
            optimizer.step()
            running += loss.item()
        with torch.no_grad():
            xv, yv = next(iter(val_loader))
            val = criterion(model(xv), yv).item()
        print(f"epoch {epoch + 1}  lr {scheduler.get_last_lr()[0]:.2e}  "
              f"train_loss {running / steps_per_epoch:.4f}  val_loss {val:.4f}")
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                    "epoch": epoch}, CKPT)
        if args.stop_after is not None and epoch + 1 >= args.stop_after:
            print("stopping early (preempted)")
            return


if __name__ == "__main__":
    main()
