import torch


def focal_loss(logits, targets, alpha=0.25, gamma=2.0):
    p = torch.sigmoid(logits)
    pos = alpha * (1 - p) ** gamma * targets * torch.log(p)
    neg = (1 - alpha) * p**gamma * (1 - targets) * torch.log(1 - p)
    return -(pos + neg).mean()
