import torch

from model import load_pretrained_encoder


def make_splits(n_train=256, n_val=2048, num_classes=5, label_noise=0.25, seed=0):
    """Small labelled target set; labels depend on the pretrained features, with annotation noise."""
    g = torch.Generator().manual_seed(seed)
    encoder = load_pretrained_encoder().eval()
    w = torch.randn(32, num_classes, generator=g) * 2.0
    x = torch.randn(n_train + n_val, 32, generator=g)
    with torch.no_grad():
        y = (encoder(x) @ w).argmax(dim=1)
    flip = torch.rand(n_train + n_val, generator=g) < label_noise
    y = torch.where(flip, torch.randint(0, num_classes, y.shape, generator=g), y)
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
