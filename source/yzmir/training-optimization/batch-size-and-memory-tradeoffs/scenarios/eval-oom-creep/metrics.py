import resource

import torch


class History:
    """Per-step and per-epoch curves, written to history.json at the end of a run."""

    def __init__(self):
        self.rows = []

    def log(self, **values):
        self.rows.append(dict(values))

    def series(self, key):
        return [row[key] for row in self.rows if key in row]

    def to_json(self):
        return [{k: (v.item() if torch.is_tensor(v) else v) for k, v in row.items()}
                for row in self.rows]


def accuracy(logits, targets):
    return (logits.argmax(dim=1) == targets).float().mean()


def memory_mb():
    if torch.cuda.is_available():
        return torch.cuda.max_memory_allocated() / 2**20
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
