"""accuracy(checkpoint, split): accuracy of a saved checkpoint on one of the stored splits."""
import sys

import torch

from train import build_model


def accuracy(checkpoint, split):
    data = torch.load(f"data/{split}.pt")
    model = build_model()
    model.load_state_dict(torch.load(checkpoint))
    model.eval()
    with torch.no_grad():
        return (model(data["X"]).argmax(dim=1) == data["y"]).float().mean().item()


if __name__ == "__main__":
    print(f"{accuracy(sys.argv[1], sys.argv[2]):.4f}")
