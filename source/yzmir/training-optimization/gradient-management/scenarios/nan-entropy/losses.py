import torch
import torch.nn.functional as F


def sharpened_entropy(logits, temperature):
    """Mean entropy of the temperature-sharpened predictive distribution."""
    p = F.softmax(logits / temperature, dim=-1)
    plogp = torch.where(p > 0, p * torch.log(p), torch.zeros_like(p))
    return -plogp.sum(-1).mean()
