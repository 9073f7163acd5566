import random

import torch
from torch.nn.utils.rnn import pad_sequence

TAGS = ["O", "PER", "ORG", "LOC", "MISC"]
VOCAB_SIZE = 60
PAD_ID = 0
MAX_LEN = 48


def make_corpus(n, seed):
    g = torch.Generator().manual_seed(seed)
    lengths = torch.randint(4, MAX_LEN + 1, (n,), generator=g)
    tokens = torch.randint(1, VOCAB_SIZE, (n, MAX_LEN), generator=g)
    prev = torch.cat([torch.zeros(n, 1, dtype=torch.long), tokens[:, :-1]], dim=1)
    tags = torch.zeros(n, MAX_LEN, dtype=torch.long)
    tags[(tokens >= 26) & (tokens < 34) & (prev < 30)] = 4
    tags[(tokens >= 16) & (tokens < 26) & (prev >= 30)] = 3
    tags[(tokens >= 10) & (tokens < 16) & (prev < 30)] = 2
    tags[tokens < 10] = 1
    noisy = torch.rand(n, MAX_LEN, generator=g) < 0.15
    tags[noisy] = torch.randint(0, len(TAGS), (int(noisy.sum()),), generator=g)
    return [(tokens[i, : lengths[i]], tags[i, : lengths[i]]) for i in range(n)]


def batches(corpus, batch_size, bucket_by_length, seed):
    rng = random.Random(seed)
    order = list(range(len(corpus)))
    if bucket_by_length:
        order.sort(key=lambda i: len(corpus[i][0]))
        groups = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        rng.shuffle(groups)
    else:
        rng.shuffle(order)
        groups = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    for group in groups:
        tokens = pad_sequence([corpus[i][0] for i in group], batch_first=True, padding_value=PAD_ID)
        tags = pad_sequence([corpus[i][1] for i in group], batch_first=True, padding_value=PAD_ID)
        yield tokens, tags
