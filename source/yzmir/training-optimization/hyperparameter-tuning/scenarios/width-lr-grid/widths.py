import json

import torch

from train import run

WIDTHS = [64, 512]


def main():
    torch.set_num_threads(1)
    with open("best_lr.json") as f:
        lr = json.load(f)["lr"]
    for hidden in WIDTHS:
        print(f"hidden {hidden:4d}  lr {lr:.4g}  val_acc {run(hidden, lr):.4f}")


if __name__ == "__main__":
    main()
