import torch

from data import N_COUNT


def transform(raw):
    x = raw.clone()
    x[:, :N_COUNT] = torch.log1p(x[:, :N_COUNT])
    return x


def fit_stats(raw):
    x = transform(raw)
    return x.mean(0), x.std(0)


def featurize(raw, stats):
    mean, std = stats
    return (transform(raw) - mean) / std
