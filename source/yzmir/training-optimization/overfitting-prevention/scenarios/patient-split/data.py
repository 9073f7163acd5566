import numpy as np
import torch

N_FEATURES = 40
RECORDINGS_PER_PATIENT = 12


def _cohort(n_patients, seed):
    rng = np.random.default_rng(1000 + seed)
    direction = np.random.default_rng(7).normal(size=N_FEATURES)
    direction /= np.linalg.norm(direction)
    rows, labels, pids = [], [], []
    for p in range(n_patients):
        label = int(rng.random() < 0.5)
        baseline = rng.normal(scale=1.0, size=N_FEATURES)
        severity = rng.normal(loc=1.0 if label else -1.0, scale=1.0)
        for _ in range(RECORDINGS_PER_PATIENT):
            x = baseline + 1.5 * severity * direction + rng.normal(scale=0.5, size=N_FEATURES)
            rows.append(x)
            labels.append(label)
            pids.append(p)
    return np.array(rows, dtype=np.float32), np.array(labels), np.array(pids)


def load_site(site):
    """Recordings of one site: features, diagnosis label, patient id."""
    if site == "A":
        x, y, pid = _cohort(250, seed=0)
    elif site == "B":
        x, y, pid = _cohort(100, seed=1)
    else:
        raise ValueError(site)
    return torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(pid)
