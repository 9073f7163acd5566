import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self, in_dim=32, width=128, out_dim=32):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_dim, width),
            nn.GELU(),
            nn.Linear(width, width),
            nn.GELU(),
            nn.Linear(width, out_dim),
            nn.LayerNorm(out_dim),
        )

    def forward(self, x):
        return self.net(x)


class Classifier(nn.Module):
    def __init__(self, encoder, feat_dim=32, num_classes=5):
        super().__init__()
        self.encoder = encoder
        self.head = nn.Linear(feat_dim, num_classes)

    def forward(self, x):
        return self.head(self.encoder(x))


def load_pretrained_encoder():
    """Deterministic stand-in for the pretrained checkpoint."""
    with torch.random.fork_rng():
        torch.manual_seed(7)
        return Encoder()
