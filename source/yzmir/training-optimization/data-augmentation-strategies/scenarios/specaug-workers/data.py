import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

N_MELS, N_FRAMES, N_CLASSES = 32, 64, 6


def make_split(n, seed):
    """Synthetic log-mel 'keywords': each class is a formant track with its own start band and slope."""
    g = torch.Generator().manual_seed(seed)
    labels = torch.randint(0, N_CLASSES, (n,), generator=g)
    t = torch.arange(N_FRAMES).float()
    start = 4 + 4 * labels.float().view(n, 1) + torch.randn(n, 1, generator=g)
    slope = torch.where(labels % 2 == 0, 0.12, -0.12).view(n, 1)
    shift = torch.randint(-8, 9, (n, 1), generator=g)
    track = start + slope * (t.view(1, -1) - N_FRAMES / 2 - shift)
    mel = torch.arange(N_MELS).float().view(1, N_MELS, 1)
    energy = torch.exp(-0.5 * ((mel - track.unsqueeze(1)) / 1.5) ** 2)
    on = ((t.view(1, -1) - shift) > 12) & ((t.view(1, -1) - shift) < 52)
    specs = 2.0 * energy * on.unsqueeze(1) + 0.6 * torch.rand(n, N_MELS, N_FRAMES, generator=g) + 0.05
    return specs, labels


class KeywordDataset(Dataset):
    def __init__(self, specs, labels, train, seed=0, freq_mask=6, time_mask=12, n_masks=2):
        self.specs, self.labels, self.train = specs, labels, train
        self.freq_mask, self.time_mask, self.n_masks = freq_mask, time_mask, n_masks
        self.rng = np.random.default_rng(seed)

    def __len__(self):
        return len(self.labels)

    def spec_augment(self, spec):
        n_mels, n_frames = spec.shape
        for _ in range(self.n_masks):
            f = self.rng.integers(1, self.freq_mask + 1)
            f0 = self.rng.integers(0, n_mels - f)
            spec[f0:f0 + f, :] = 0.0
            w = self.rng.integers(1, self.time_mask + 1)
            t0 = self.rng.integers(0, n_frames - w)
            spec[:, t0:t0 + w] = 0.0
        return spec

    def __getitem__(self, i):
        spec = self.specs[i].clone()
        if self.train:
            spec = spec * float(10 ** np.random.uniform(-0.1, 0.1))
            spec = self.spec_augment(spec)
        return spec, self.labels[i]
