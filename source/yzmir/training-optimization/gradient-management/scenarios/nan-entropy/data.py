import torch

NUM_CLASSES = 10
DIM = 20


def make_data(seed=0):
    """200 labeled, 3000 unlabeled and 1000 validation points from 10 Gaussian blobs."""
    g = torch.Generator().manual_seed(seed)
    centers = 2.0 * torch.randn(NUM_CLASSES, DIM, generator=g)

    def sample(n):
        y = torch.randint(0, NUM_CLASSES, (n,), generator=g)
        return centers[y] + 1.5 * torch.randn(n, DIM, generator=g), y

    labeled = sample(200)
    unlabeled_x, _ = sample(3000)
    val = sample(1000)
    return labeled, unlabeled_x, val
