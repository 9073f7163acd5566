import torch
from torch import nn


class Backbone(nn.Module):
    def __init__(self, in_dim=32, width=128, out_dim=64):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(in_dim, width),
            nn.BatchNorm1d(width),
            nn.ReLU(),
            nn.Linear(width, out_dim),
            nn.BatchNorm1d(out_dim),
            nn.ReLU(),
        )

    def forward(self, x):
        return self.net(x)


class Classifier(nn.Module):
    def __init__(self, backbone, feat_dim=64, num_classes=6, p_drop=0.2):
        super().__init__()
        self.backbone = backbone
        self.head = nn.Sequential(nn.Dropout(p_drop), nn.Linear(feat_dim, num_classes))

    def forward(self, x):
        return self.head(self.backbone(x))


def load_pretrained_backbone():
    """Deterministic stand-in for the encoder we pull from the model registry."""
    with torch.random.fork_rng():
        torch.manual_seed(1234)
        backbone = Backbone()
        for m in backbone.modules():
            if isinstance(m, nn.BatchNorm1d):
                m.running_mean.normal_(0.0, 0.1)
                m.running_var.uniform_(0.5, 1.5)
    return backbone
