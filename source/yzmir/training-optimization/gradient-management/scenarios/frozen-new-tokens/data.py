import torch

from model import BASE_VOCAB, NEW_TOKENS, load_base_embeddings


def make_split(n, seed, doc_len=12, num_classes=3):
    g = torch.Generator().manual_seed(seed)
    table = load_base_embeddings()
    task = torch.Generator().manual_seed(7)
    direction = torch.randn(table.size(1), num_classes, generator=task)
    kind_shift = 1.5 * torch.randn(len(NEW_TOKENS), num_classes, generator=task)
    tokens = torch.randint(0, BASE_VOCAB, (n, doc_len), generator=g)
    kind = torch.randint(0, len(NEW_TOKENS), (n,), generator=g)
    tokens[:, 0] = BASE_VOCAB + kind
    labels = (table[tokens[:, 1:]].mean(1) @ direction + kind_shift[kind]).argmax(1)
    return tokens, labels
