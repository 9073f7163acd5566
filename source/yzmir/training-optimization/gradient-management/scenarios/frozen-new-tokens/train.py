import sys

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from data import make_split
from model import DocClassifier, load_base_embeddings

torch.set_num_threads(1)  # tiny model: threading overhead dominates on CPU

CFG = dict(epochs=6, batch_size=64, lr=3e-3, max_grad_norm=1.0, seed=0)


def main():
    torch.manual_seed(CFG["seed"])
    base = load_base_embeddings()
    n_base = base.size(0)
    train_x, train_y = make_split(2048, seed=1)
    val_x, val_y = make_split(512, seed=2)
    loader = DataLoader(TensorDataset(train_x, train_y), batch_size=CFG["batch_size"], shuffle=True)

    model = DocClassifier(base)
    trainable_rows = torch.zeros(model.embed.weight.size(0), 1)
    trainable_rows[n_base:] = 1.0
    model.embed.weight.register_hook(lambda grad: grad * trainable_rows)

    optimizer = torch.optim.AdamW(model.parameters(), lr=CFG["lr"])
    criterion = nn.CrossEntropyLoss()

    for epoch in range(CFG["epochs"]):
        model.train()
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = criterion(model(xb), yb)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), CFG["max_grad_norm"])
            optimizer.step()
        model.eval()
        with torch.no_grad():
            acc = (model(val_x).argmax(1) == val_y).float().mean().item()
        print(f"epoch {epoch + 1}  loss {loss.item():.4f}  val_acc {acc:.3f}")

    torch.save(model.state_dict(), "doc_classifier.pt")

    drift = (model.embed.weight.detach()[:n_base] - base).abs().max().item()
    print(f"base-vocabulary rows: max abs change {drift:.3e}")
    if drift != 0.0:
        print("FAIL: base rows must stay identical to the encoder service export")
        sys.exit(1)
    print("OK: base rows unchanged")


if __name__ == "__main__":
    main()
