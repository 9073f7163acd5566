import torch
from torch.utils.data import DataLoader

from data import KeywordDataset, make_split
from utils import seed_worker

NUM_WORKERS = 2


def get_loaders(seed=0, batch_size=32, num_workers=NUM_WORKERS):
    train = KeywordDataset(*make_split(1536, seed=100), train=True, seed=seed)
    val = KeywordDataset(*make_split(512, seed=101), train=False)
    g = torch.Generator()
    g.manual_seed(seed)
    train_loader = DataLoader(train, batch_size=batch_size, shuffle=True, num_workers=num_workers,
                              worker_init_fn=seed_worker, generator=g)
    val_loader = DataLoader(val, batch_size=256)
    return train_loader, val_loader
