import argparse

import torch
from torch.utils.data import DataLoader

from data import test_set
from model import build_model


def main():
    p = argparse.ArgumentParser()
    p.add_argument("checkpoint", nargs="?", default="checkpoints/final.pt")
    args = p.parse_args()
    model = build_model()
    model.load_state_dict(torch.load(args.checkpoint))
    model.eval()
    correct = total = 0
    with torch.inference_mode():
        for x, y in DataLoader(test_set(), batch_size=500):
            correct += (model(x).argmax(1) == y).sum().item()
            total += len(y)
    print(f"test accuracy {correct / total:.4f}  ({args.checkpoint})")


if __name__ == "__main__":
    main()
