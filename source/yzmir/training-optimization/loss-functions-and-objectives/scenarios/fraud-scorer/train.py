import torch
import torch.nn as nn

from data import make_transactions, train_test_split

torch.set_num_threads(1)
torch.manual_seed(0)

EPOCHS, BATCH, LR = 8, 256, 1e-3

x, y = make_transactions()
(x_train, y_train), (x_test, y_test) = train_test_split(x, y)

model = nn.Sequential(
    nn.Linear(x.shape[1], 64), nn.ReLU(),
    nn.Linear(64, 64), nn.ReLU(),
    nn.Linear(64, 1), nn.Sigmoid(),
)
criterion = nn.BCELoss()
opt = torch.optim.Adam(model.parameters(), lr=LR)

for epoch in range(EPOCHS):
    model.train()
    perm = torch.randperm(len(x_train))
    for i in range(0, len(perm), BATCH):
        idx = perm[i : i + BATCH]
        prob = model(x_train[idx]).squeeze(1)
        loss = criterion(prob, y_train[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    print(f"epoch {epoch}  loss {loss.item():.4f}")


def evaluate(prob, target, threshold=0.5):
    pred = (prob >= threshold).float()
    tp = (pred * target).sum().item()
    precision = tp / max(pred.sum().item(), 1)
    recall = tp / max(target.sum().item(), 1)
    accuracy = (pred == target).float().mean().item()
    return accuracy, precision, recall


model.eval()
with torch.no_grad():
    test_prob = model(x_test).squeeze(1)
acc, prec, rec = evaluate(test_prob, y_test)
print(f"test accuracy {acc:.4f}  precision {prec:.3f}  recall {rec:.3f}")
