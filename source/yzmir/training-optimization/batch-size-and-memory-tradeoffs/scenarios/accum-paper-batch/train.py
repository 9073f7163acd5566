import argparse
import math
import time

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

import config as C


def make_split(n, seed):
    g = torch.Generator().manual_seed(seed)
    w = torch.randn(32, 10, generator=torch.Generator().manual_seed(0))
    x = torch.randn(n, 32, generator=g)
    y = (torch.tanh(x) @ w + 0.5 * torch.randn(n, 10, generator=g)).argmax(dim=1)
    return TensorDataset(x, y)


def warmup_cosine(warmup_steps, total_steps):
    def factor(step):
        if step < warmup_steps:
            return (step + 1) / warmup_steps
        progress = min(1.0, (step - warmup_steps) / max(1, total_steps - warmup_steps))
        return 0.5 * (1.0 + math.cos(math.pi * progress))
    return factor


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--micro-batch", type=int, default=C.MICRO_BATCH)
    args = p.parse_args()
    accum_steps = C.BATCH_SIZE // args.micro_batch

    torch.manual_seed(0)
    train_loader = DataLoader(make_split(4096, seed=1), batch_size=args.micro_batch, shuffle=True,
                              generator=torch.Generator().manual_seed(0))
    val_x, val_y = make_split(4096, seed=2).tensors

    model = nn.Sequential(nn.Linear(32, 128), nn.ReLU(), nn.Linear(128, 128), nn.ReLU(),
                          nn.Linear(128, 10))
    criterion = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=C.LR, momentum=C.MOMENTUM, nesterov=True,
                          weight_decay=C.WEIGHT_DECAY)
    steps_per_epoch = len(train_loader) // accum_steps
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, warmup_cosine(C.WARMUP_EPOCHS * steps_per_epoch, C.EPOCHS * steps_per_epoch))

    print(f"effective batch {args.micro_batch * accum_steps} = {args.micro_batch} x {accum_steps}")
    for epoch in range(C.EPOCHS):
        start, seen, total = time.perf_counter(), 0, 0.0
        for i, (xb, yb) in enumerate(train_loader):
            loss = criterion(model(xb), yb)
            loss.backward()
            total += loss.item()
            seen += xb.size(0)
            if (i + 1) % accum_steps == 0:
                nn.utils.clip_grad_norm_(model.parameters(), C.CLIP_NORM)
                opt.step()
                opt.zero_grad(set_to_none=True)
            sched.step()
        with torch.no_grad():
            val_acc = (model(val_x).argmax(dim=1) == val_y).float().mean().item()
        print(f"epoch {epoch} train_loss {total / len(train_loader):.4f} val_acc {val_acc:.3f} "
              f"lr {sched.get_last_lr()[0]:.4f} {seen / (time.perf_counter() - start):.0f} samples/s")


if __name__ == "__main__":
    main()
