import torch
import torch.nn.functional as F

from data import IGNORE, make_batches
from model import Tagger

torch.set_num_threads(1)  # tiny model: threading overhead dominates on CPU

CFG = dict(epochs=6, accum_steps=4, lr=3e-3, weight_decay=0.01, max_grad_norm=1.0, seed=0)


def accumulate_gradients(model, micro_batches):
    """Forward/backward over the micro-batches of one optimizer step; returns the step's loss."""
    total = 0.0
    for x, y in micro_batches:
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1), ignore_index=IGNORE)
        (loss / len(micro_batches)).backward()
        total += loss.item()
    return total / len(micro_batches)


@torch.no_grad()
def token_accuracy(model, batches):
    correct = total = 0
    for x, y in batches:
        mask = y != IGNORE
        correct += (model(x).argmax(-1)[mask] == y[mask]).sum().item()
        total += mask.sum().item()
    return correct / total


def main():
    torch.manual_seed(CFG["seed"])
    batches = make_batches(seed=0)
    train, val = batches[:56], batches[56:]
    model = Tagger()
    opt = torch.optim.AdamW(model.parameters(), lr=CFG["lr"], weight_decay=CFG["weight_decay"])
    k = CFG["accum_steps"]

    for epoch in range(CFG["epochs"]):
        model.train()
        losses, norms = [], []
        for i in range(0, len(train), k):
            opt.zero_grad()
            losses.append(accumulate_gradients(model, train[i : i + k]))
            norms.append(torch.nn.utils.clip_grad_norm_(model.parameters(), CFG["max_grad_norm"]).item())
            opt.step()
        model.eval()
        print(f"epoch {epoch + 1}  loss {sum(losses) / len(losses):.4f}  "
              f"grad_norm {sum(norms) / len(norms):.3f}  val_token_acc {token_accuracy(model, val):.3f}")


if __name__ == "__main__":
    main()
