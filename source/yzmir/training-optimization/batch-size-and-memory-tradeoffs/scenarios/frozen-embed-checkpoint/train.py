import argparse
import warnings

import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

import config as C
from model import TokenClassifier, load_pretrained_embeddings

warnings.filterwarnings("ignore")


def make_split(n, seed):
    g = torch.Generator().manual_seed(seed)
    tokens = torch.randint(0, C.VOCAB, (n, C.SEQ_LEN), generator=g)
    markers = torch.arange(C.VOCAB) % 8 == 0
    labels = markers[tokens].sum(dim=1).clamp(max=C.CLASSES - 1)
    return TensorDataset(tokens, labels)


@torch.no_grad()
def evaluate(model, loader):
    model.eval()
    correct = total = 0
    for xb, yb in loader:
        correct += (model(xb).argmax(dim=1) == yb).sum().item()
        total += yb.numel()
    model.train()
    return correct / total


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch-size", type=int, default=C.BATCH_SIZE)
    p.add_argument("--lr", type=float, default=C.LR)
    p.add_argument("--epochs", type=int, default=C.EPOCHS)
    p.add_argument("--grad-checkpointing", action=argparse.BooleanOptionalAction,
                   default=C.GRAD_CHECKPOINTING)
    args = p.parse_args()

    torch.manual_seed(0)
    train_loader = DataLoader(make_split(3072, seed=1), batch_size=args.batch_size, shuffle=True)
    val_loader = DataLoader(make_split(2048, seed=2), batch_size=512)

    model = TokenClassifier(C.VOCAB, C.DIM, C.HIDDEN, C.DEPTH, C.CLASSES,
                            grad_checkpointing=args.grad_checkpointing)
    load_pretrained_embeddings(model)
    if C.FREEZE_EMBEDDINGS:
        model.embed.weight.requires_grad_(False)

    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=args.lr)
    criterion = nn.CrossEntropyLoss()
    print(f"batch {args.batch_size} lr {args.lr} grad_checkpointing {args.grad_checkpointing}")
    for epoch in range(args.epochs):
        total = 0.0
        for xb, yb in train_loader:
            loss = criterion(model(xb), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            total += loss.item()
        print(f"epoch {epoch} train_loss {total / len(train_loader):.4f} "
              f"val_acc {evaluate(model, val_loader):.3f}")


if __name__ == "__main__":
    main()
