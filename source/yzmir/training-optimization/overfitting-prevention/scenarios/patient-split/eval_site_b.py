import torch

from data import load_site
from train import accuracy, build_model


def main():
    ckpt = torch.load("model.pt")
    model = build_model()
    model.load_state_dict(ckpt["model"])
    x, y, _ = load_site("B")
    x = (x - ckpt["mean"]) / ckpt["std"]
    print(f"site B accuracy {accuracy(model, x, y):.3f}  ({len(y)} recordings)")


if __name__ == "__main__":
    main()
