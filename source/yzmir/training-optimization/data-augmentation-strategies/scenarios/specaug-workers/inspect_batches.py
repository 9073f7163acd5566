"""Print where SpecAugment put its masks, for the first batches of two epochs (a quick visual check)."""
import argparse

from loaders import NUM_WORKERS, get_loaders
from utils import seed_everything


def masks(spec):
    rows = (spec == 0).all(dim=1).nonzero().flatten().tolist()
    cols = (spec == 0).all(dim=0).nonzero().flatten().tolist()
    return rows, cols


def spans(idx):
    out, start = [], None
    for k, v in enumerate(idx):
        if start is None:
            start = v
        if k + 1 == len(idx) or idx[k + 1] != v + 1:
            out.append(f"{start}-{v}")
            start = None
    return ",".join(out) or "-"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batches", type=int, default=4)
    p.add_argument("--workers", type=int, default=NUM_WORKERS)
    args = p.parse_args()
    seed_everything(0)
    train_loader, _ = get_loaders(num_workers=args.workers)
    for epoch in range(2):
        for b, (x, y) in enumerate(train_loader):
            if b == args.batches:
                break
            desc = []
            for spec in x[:3]:
                rows, cols = masks(spec)
                desc.append(f"f[{spans(rows)}] t[{spans(cols)}]")
            print(f"epoch {epoch} batch {b}: " + " | ".join(desc))


if __name__ == "__main__":
    main()
