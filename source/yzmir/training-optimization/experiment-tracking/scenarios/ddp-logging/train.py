import argparse
import csv
import os
import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader
from torch.utils.data.distributed import DistributedSampler

from data import train_set, val_set


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--world-size", type=int, default=2)
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--log-dir", default="logs")
    return p.parse_args()


def validate(model, rank, world_size):
    x, y = val_set()
    n = len(y)
    lo, hi = rank * n // world_size, (rank + 1) * n // world_size
    model.eval()
    with torch.no_grad():
        acc = (model(x[lo:hi]).argmax(1) == y[lo:hi]).float().mean().item()
    model.train()
    return acc


def worker(rank, world_size, port, args):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world_size)
    torch.manual_seed(0)
    model = DDP(nn.Sequential(nn.Linear(24, 96), nn.ReLU(), nn.Linear(96, 96), nn.ReLU(), nn.Linear(96, 3)))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss()
    data = train_set()
    sampler = DistributedSampler(data, num_replicas=world_size, rank=rank, shuffle=True, seed=0)
    loader = DataLoader(data, batch_size=args.batch_size, sampler=sampler)

    os.makedirs(args.log_dir, exist_ok=True)
    log_path = os.path.join(args.log_dir, "metrics.csv")
    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)
        total = 0.0
        for x, y in loader:
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            total += loss.item()
        val_acc = validate(model, rank, world_size)
        with open(log_path, "a", newline="") as f:
            csv.writer(f).writerow([epoch + 1, f"{total / len(loader):.4f}", f"{val_acc:.4f}"])
        torch.save(model.module.state_dict(), os.path.join(args.log_dir, "model.pt"))
    dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    args = parse()
    mp.spawn(worker, args=(args.world_size, free_port(), args), nprocs=args.world_size)
