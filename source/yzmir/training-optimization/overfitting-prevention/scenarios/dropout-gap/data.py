import torch

N_COUNT = 6
N_DENSE = 10
N_CLASSES = 4


def load_raw(split):
    """Raw export: 6 event-count columns (heavy-tailed) then 10 dense columns, and the churn segment."""
    seeds = {"train": 0, "val": 1}
    teacher = torch.Generator().manual_seed(31)
    w = torch.randn(N_COUNT + N_DENSE, N_CLASSES, generator=teacher)
    g = torch.Generator().manual_seed(seeds[split])
    n = 1500 if split == "train" else 800
    log_counts = 0.7 + 0.6 * torch.randn(n, N_COUNT, generator=g)
    dense = torch.randn(n, N_DENSE, generator=g)
    latent = torch.cat([2 * (log_counts - 0.7), dense], dim=1)
    y = (latent @ w + 0.8 * torch.randn(n, N_CLASSES, generator=g)).argmax(1)
    counts = torch.floor(torch.expm1(log_counts.clamp(min=0)))
    return torch.cat([counts, dense], dim=1), y
