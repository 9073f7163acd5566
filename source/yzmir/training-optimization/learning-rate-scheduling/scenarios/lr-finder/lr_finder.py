import math

import torch
from torch.optim.lr_scheduler import LambdaLR


def lr_range_test(model, optimizer, loader, criterion, start_lr=1e-5, end_lr=10.0,
                  num_iters=100, beta=0.9):
    """Exponentially increase the LR each batch and record the smoothed loss."""
    for group in optimizer.param_groups:
        group["lr"] = start_lr
    ratio = (end_lr / start_lr) ** (1.0 / (num_iters - 1))
    sched = LambdaLR(optimizer, lambda i: ratio ** i)

    lrs, losses = [], []
    avg, best = 0.0, math.inf
    batches = iter(loader)
    for i in range(num_iters):
        try:
            x, y = next(batches)
        except StopIteration:
            batches = iter(loader)
            x, y = next(batches)
        optimizer.zero_grad()
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        avg = beta * avg + (1 - beta) * loss.item()
        smoothed = avg / (1 - beta ** (i + 1))
        lrs.append(optimizer.param_groups[0]["lr"])
        losses.append(smoothed)
        best = min(best, smoothed)
        if not math.isfinite(smoothed) or smoothed > 4 * best:
            break
        sched.step()
    return lrs, losses


def suggest_lr(lrs, losses):
    best = min(range(len(losses)), key=lambda i: losses[i])
    return lrs[best]
