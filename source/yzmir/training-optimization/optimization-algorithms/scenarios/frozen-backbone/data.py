import torch

from model import load_pretrained_backbone


def make_splits(n_train=2048, n_val=512, num_classes=6, seed=0):
    g = torch.Generator().manual_seed(seed)
    teacher = load_pretrained_backbone().eval()
    proj = torch.randn(64, num_classes, generator=g)
    x = 1.3 * torch.randn(n_train + n_val, 32, generator=g) + 0.2
    with torch.no_grad():
        logits = teacher(x) @ proj + 0.5 * torch.randn(n_train + n_val, num_classes, generator=g)
    y = logits.argmax(dim=1)
    return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
