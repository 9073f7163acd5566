import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

from data import make_splits
from model import Classifier, load_pretrained_backbone

torch.set_num_threads(1)  # tiny model: threading overhead dominates on CPU

CFG = dict(epochs=8, batch_size=64, lr=1e-3, weight_decay=0.05, freeze_backbone=True, seed=0)


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        logits = model(x)
    return nn.functional.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()


def main():
    torch.manual_seed(CFG["seed"])
    (xtr, ytr), (xva, yva) = make_splits()
    loader = DataLoader(TensorDataset(xtr, ytr), batch_size=CFG["batch_size"], shuffle=True)

    model = Classifier(load_pretrained_backbone())
    optimizer = torch.optim.AdamW(model.parameters(), lr=CFG["lr"], weight_decay=CFG["weight_decay"])
    loss_fn = nn.CrossEntropyLoss()

    for epoch in range(CFG["epochs"]):
        model.train()
        total = 0.0
        for xb, yb in loader:
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            if CFG["freeze_backbone"]:
                for p in model.backbone.parameters():
                    p.grad.zero_()
            optimizer.step()
            total += loss.item() * len(xb)
        val_loss, val_acc = evaluate(model, xva, yva)
        print(f"epoch {epoch}  train_loss {total / len(xtr):.4f}  val_loss {val_loss:.4f}  val_acc {val_acc:.3f}")

    torch.save(model.state_dict(), "finetuned.pt")
    print("saved finetuned.pt")


if __name__ == "__main__":
    main()
