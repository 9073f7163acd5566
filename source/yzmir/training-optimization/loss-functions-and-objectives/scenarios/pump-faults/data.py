import torch

FAULTS = ["overheat", "cavitation", "bearing_wear", "seal_leak", "misalignment", "impeller_damage"]


def make_telemetry(n=8000, channels=32, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, channels, generator=g)
    mixing = torch.randn(channels, len(FAULTS), generator=g)
    scores = x @ mixing * torch.tensor([3.0, 2.0, 1.0, 1.0, 0.6, 0.6])
    rates = [0.03, 0.03, 0.02, 0.01, 0.01, 0.005]
    thresholds = torch.stack([torch.quantile(scores[:, j], 1 - r) for j, r in enumerate(rates)])
    y = (scores > thresholds).float()
    y[:, 0] = (x[:, 0] > 2.0).float()
    return x, y
