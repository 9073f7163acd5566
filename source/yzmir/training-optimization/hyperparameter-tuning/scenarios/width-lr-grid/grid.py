import json

import numpy as np
import torch

from train import run

HIDDEN = 64
LRS = np.linspace(1e-4, 1e-1, 6)


def main():
    torch.set_num_threads(1)
    results = []
    for lr in LRS:
        acc = run(HIDDEN, float(lr))
        results.append((float(lr), acc))
        print(f"hidden {HIDDEN}  lr {lr:.4g}  val_acc {acc:.4f}")
    best_lr, best_acc = max(results, key=lambda r: r[1])
    print(f"best lr {best_lr:.4g}  val_acc {best_acc:.4f}")
    with open("best_lr.json", "w") as f:
        json.dump({"hidden": HIDDEN, "lr": best_lr, "val_acc": best_acc}, f, indent=2)


if __name__ == "__main__":
    main()
