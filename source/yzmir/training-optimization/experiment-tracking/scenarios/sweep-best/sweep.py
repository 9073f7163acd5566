import torch

from train import train

GRID = [
    {"lr": 0.2, "weight_decay": 0.0},
    {"lr": 0.05, "weight_decay": 5e-4},
    {"lr": 0.05, "weight_decay": 0.0},
    {"lr": 0.003, "weight_decay": 5e-4},
]

if __name__ == "__main__":
    torch.set_num_threads(1)
    for cfg in GRID:
        train(**cfg)
