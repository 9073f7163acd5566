import argparse
import time

import torch
from torch import nn

from data import make_loaders

torch.set_num_threads(1)  # tiny model: threading overhead dominates on CPU


def parse():
    p = argparse.ArgumentParser()
    p.add_argument("--precision", choices=["fp16", "fp32"], default="fp16")
    p.add_argument("--epochs", type=int, default=6)
    p.add_argument("--lr", type=float, default=0.05)
    p.add_argument("--max-grad-norm", type=float, default=1.0)
    return p.parse_args()


def build_model():
    return nn.Sequential(
        nn.Linear(32, 128), nn.ReLU(),
        nn.Linear(128, 128), nn.ReLU(),
        nn.Linear(128, 8),
    )


@torch.no_grad()
def evaluate(model, loader, amp_dtype):
    model.eval()
    correct = n = 0
    for x, y in loader:
        with torch.autocast("cpu", dtype=amp_dtype, enabled=amp_dtype is not None):
            logits = model(x)
        correct += (logits.argmax(1) == y).sum().item()
        n += len(y)
    model.train()
    return correct / n


def main():
    args = parse()
    torch.manual_seed(0)
    train_loader, val_loader = make_loaders()
    model = build_model()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.9)
    criterion = nn.CrossEntropyLoss()

    amp_dtype = torch.float16 if args.precision == "fp16" else None
    scaler = torch.amp.GradScaler("cpu", enabled=amp_dtype is not None)

    start = time.time()
    for epoch in range(args.epochs):
        total_loss, norms = 0.0, []
        for x, y in train_loader:
            optimizer.zero_grad()
            with torch.autocast("cpu", dtype=amp_dtype, enabled=amp_dtype is not None):
                loss = criterion(model(x), y)
            scaler.scale(loss).backward()
            grad_norm = nn.utils.clip_grad_norm_(model.parameters(), args.max_grad_norm)
            scaler.step(optimizer)
            scaler.update()
            total_loss += loss.item()
            norms.append(grad_norm.item())
        val_acc = evaluate(model, val_loader, amp_dtype)
        print(f"epoch {epoch + 1:2d}  loss {total_loss / len(train_loader):.4f}  "
              f"grad_norm {sum(norms) / len(norms):10.3f}  val_acc {val_acc:.3f}")
    print(f"done in {time.time() - start:.1f}s ({args.precision})")


if __name__ == "__main__":
    main()
