import torch

from data import collate, make_batches
from model import Tagger
from train import accumulate_gradients


def _flat_grad(model):
    return torch.cat([p.grad.flatten() for p in model.parameters()])


def _unpad(batch):
    x, y = batch
    lengths = (x != 0).sum(1)
    return [(x[i, :n], y[i, :n]) for i, n in enumerate(lengths.tolist())]


def test_accumulation_matches_one_big_batch():
    torch.manual_seed(0)
    model = Tagger()
    micro = make_batches(n_seqs=256, batch_size=16, seed=1)[:4]
    big = collate([s for b in micro for s in _unpad(b)])

    model.zero_grad()
    accumulate_gradients(model, micro)
    accumulated = _flat_grad(model)

    model.zero_grad()
    accumulate_gradients(model, [big])
    reference = _flat_grad(model)

    torch.testing.assert_close(accumulated, reference, rtol=1e-4, atol=1e-6)


if __name__ == "__main__":
    test_accumulation_matches_one_big_batch()
    print("ok")
