import torch
from torch.utils.data import DataLoader, Dataset
from torchvision.transforms import v2

CLASSES = ["turn_left", "turn_right", "ahead", "stop"]
SIZE = 32


def make_split(n, seed):
    """Synthetic road-sign crops: a glyph on a noisy disc, with jittered position, size and colour."""
    g = torch.Generator().manual_seed(seed)
    labels = torch.arange(n) % len(CLASSES)
    labels = labels[torch.randperm(n, generator=g)]
    grid = torch.arange(SIZE, dtype=torch.float32)
    cy = 16 + torch.randint(-3, 4, (n, 1, 1), generator=g)
    cx = 16 + torch.randint(-3, 4, (n, 1, 1), generator=g)
    s = 0.8 + 0.4 * torch.rand(n, 1, 1, generator=g)
    dy = (grid.view(1, SIZE, 1) - cy) / s
    dx = (grid.view(1, 1, SIZE) - cx) / s
    disc = (dy ** 2 + dx ** 2) < 12 ** 2
    lab = labels.view(n, 1, 1)
    u = torch.where(lab == 0, -dx, torch.where(lab == 1, dx, -dy))
    v = torch.where(lab == 2, dx, dy)
    arrow = ((u > -7) & (u < 1) & (v.abs() < 1.8)) | ((u >= 1) & (u < 7) & (v.abs() < (7 - u) * 0.9))
    bar = (dy.abs() < 2.5) & (dx.abs() < 7)
    glyph = torch.where(lab == 3, bar, arrow).unsqueeze(1)
    bg = torch.rand(n, 3, 1, 1, generator=g) * 0.4
    sign = torch.tensor([0.1, 0.2, 0.8]).view(1, 3, 1, 1) + 0.2 * torch.rand(n, 3, 1, 1, generator=g)
    img = torch.where(disc.unsqueeze(1), sign, bg.expand(n, 3, SIZE, SIZE))
    img = torch.where(glyph, torch.ones(1, 3, 1, 1), img)
    img = img + 0.15 * torch.randn(n, 3, SIZE, SIZE, generator=g)
    return img.clamp(0, 1), labels


MEAN = [0.5, 0.5, 0.5]
STD = [0.25, 0.25, 0.25]


def build_transform(train: bool):
    if train:
        return v2.Compose([
            v2.RandomResizedCrop(SIZE, scale=(0.7, 1.0), antialias=True),
            v2.RandomHorizontalFlip(),
            v2.ColorJitter(brightness=0.3, contrast=0.3),
            v2.Normalize(MEAN, STD),
        ])
    return v2.Normalize(MEAN, STD)


class SignDataset(Dataset):
    def __init__(self, images, labels, transform):
        self.images, self.labels, self.transform = images, labels, transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(self.images[i]), self.labels[i]


SPLITS = {"train": (1200, 0), "val": (600, 1), "test": (600, 2)}


def get_loader(split, batch_size=64):
    n, seed = SPLITS[split]
    images, labels = make_split(n, seed)
    ds = SignDataset(images, labels, build_transform(train=split == "train"))
    return DataLoader(ds, batch_size=batch_size, shuffle=split == "train",
                      generator=torch.Generator().manual_seed(0))
