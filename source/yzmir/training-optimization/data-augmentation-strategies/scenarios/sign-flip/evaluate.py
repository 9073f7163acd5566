import torch

from data import CLASSES


@torch.no_grad()
def predict(model, x, tta=True):
    """Class probabilities; with tta, averaged over the image and its mirror image."""
    probs = model(x).softmax(dim=1)
    if tta:
        probs = (probs + model(x.flip(-1)).softmax(dim=1)) / 2
    return probs


@torch.no_grad()
def evaluate(model, loader, tta=True):
    was_training = model.training
    model.eval()
    correct = torch.zeros(len(CLASSES))
    total = torch.zeros(len(CLASSES))
    for x, y in loader:
        pred = predict(model, x, tta=tta).argmax(1)
        for c in range(len(CLASSES)):
            total[c] += (y == c).sum()
            correct[c] += ((y == c) & (pred == c)).sum()
    model.train(was_training)
    return (correct.sum() / total.sum()).item(), (correct / total).tolist()
