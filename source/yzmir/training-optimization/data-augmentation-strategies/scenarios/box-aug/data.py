import torch
from torch.utils.data import DataLoader, Dataset
from torchvision.transforms import v2

SIZE = 32


def make_split(n, seed, x_range):
    """One part per image: a filled rectangle on a cluttered background. Boxes are XYXY in pixels."""
    g = torch.Generator().manual_seed(seed)
    w = torch.randint(6, 13, (n,), generator=g)
    h = torch.randint(6, 13, (n,), generator=g)
    lo, hi = x_range
    x1 = (lo + torch.rand(n, generator=g) * (hi - lo)).long().clamp(max=SIZE - 12)
    x1 = torch.minimum(x1, SIZE - w)
    y1 = (torch.rand(n, generator=g) * (SIZE - h + 1)).long()
    boxes = torch.stack([x1, y1, x1 + w, y1 + h], dim=1).float()
    grid = torch.arange(SIZE)
    inside = ((grid.view(1, SIZE, 1) >= y1.view(n, 1, 1)) & (grid.view(1, SIZE, 1) < (y1 + h).view(n, 1, 1))
              & (grid.view(1, 1, SIZE) >= x1.view(n, 1, 1)) & (grid.view(1, 1, SIZE) < (x1 + w).view(n, 1, 1)))
    bg = 0.3 * torch.rand(n, 3, 1, 1, generator=g) + 0.2 * torch.rand(n, 3, SIZE, SIZE, generator=g)
    part = 0.6 + 0.4 * torch.rand(n, 3, 1, 1, generator=g)
    images = torch.where(inside.unsqueeze(1), part, bg)
    return images, boxes


def build_transform(train):
    if not train:
        return None
    return v2.Compose([
        v2.RandomHorizontalFlip(p=0.5),
        v2.RandomAffine(degrees=0, translate=(0.1, 0.1)),
    ])


class PartDataset(Dataset):
    def __init__(self, images, boxes, transform=None):
        self.images, self.boxes, self.transform = images, boxes, transform

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        image, box = self.images[i], self.boxes[i]
        if self.transform is not None:
            image, box = self.transform(image, box)
        return image, box / SIZE


def get_loaders(batch_size=64):
    # labelled line: parts enter from the left of the belt; production: anywhere on the belt
    train = PartDataset(*make_split(1000, 0, x_range=(0, 12)), transform=build_transform(train=True))
    val = PartDataset(*make_split(500, 1, x_range=(0, SIZE - 6)))
    return (DataLoader(train, batch_size=batch_size, shuffle=True, generator=torch.Generator().manual_seed(0)),
            DataLoader(val, batch_size=250))
