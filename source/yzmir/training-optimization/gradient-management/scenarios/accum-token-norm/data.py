import torch

PAD = 0
IGNORE = -100
VOCAB = 64
NUM_TAGS = 5


def _sequence(g):
    length = int(torch.randint(4, 65, (1,), generator=g))
    tokens = torch.randint(1, VOCAB, (length,), generator=g)
    prev = torch.cat([tokens[:1], tokens[:-1]])
    tags = (tokens * 3 + prev) % NUM_TAGS
    return tokens, tags


def collate(seqs):
    width = max(len(t) for t, _ in seqs)
    x = torch.full((len(seqs), width), PAD, dtype=torch.long)
    y = torch.full((len(seqs), width), IGNORE, dtype=torch.long)
    for i, (t, tag) in enumerate(seqs):
        x[i, : len(t)] = t
        y[i, : len(t)] = tag
    return x, y


def make_batches(n_seqs=2048, batch_size=32, seed=0):
    """Length-bucketed batches (less padding), in shuffled order."""
    g = torch.Generator().manual_seed(seed)
    seqs = sorted((_sequence(g) for _ in range(n_seqs)), key=lambda s: len(s[0]))
    batches = [collate(seqs[i : i + batch_size]) for i in range(0, n_seqs, batch_size)]
    order = torch.randperm(len(batches), generator=g).tolist()
    return [batches[i] for i in order]
