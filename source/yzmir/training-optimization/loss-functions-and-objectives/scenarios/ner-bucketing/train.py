import json

import torch
import torch.nn as nn
import torch.nn.functional as F

from data import TAGS, VOCAB_SIZE, batches, make_corpus

torch.set_num_threads(1)
cfg = json.load(open("config.json"))
torch.manual_seed(cfg["seed"])


class Tagger(nn.Module):
    def __init__(self, vocab, n_tags, dim=24, hidden=48):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.conv = nn.Conv1d(dim, hidden, kernel_size=3, padding=1)
        self.head = nn.Linear(hidden, n_tags)

    def forward(self, tokens):
        h = self.embed(tokens).transpose(1, 2)
        h = torch.relu(self.conv(h)).transpose(1, 2)
        return self.head(h)


train_set, val_set = make_corpus(2000, seed=0), make_corpus(500, seed=1)
model = Tagger(VOCAB_SIZE, len(TAGS))
opt = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
accum = cfg["grad_accum_steps"]

for epoch in range(cfg["epochs"]):
    model.train()
    opt.zero_grad()
    for step, (tokens, tags) in enumerate(batches(train_set, cfg["batch_size"], cfg["bucket_by_length"], epoch)):
        logits = model(tokens)
        loss = F.cross_entropy(logits.reshape(-1, len(TAGS)), tags.reshape(-1)) / accum
        loss.backward()
        if (step + 1) % accum == 0:
            opt.step()
            opt.zero_grad()

    model.eval()
    losses, accs = [], []
    with torch.no_grad():
        for tokens, tags in batches(val_set, cfg["eval_batch_size"], cfg["bucket_by_length"], seed=123):
            logits = model(tokens)
            losses.append(F.cross_entropy(logits.reshape(-1, len(TAGS)), tags.reshape(-1)).item())
            accs.append((logits.argmax(-1) == tags).float().mean().item())
    print(f"epoch {epoch}  val_loss {sum(losses) / len(losses):.4f}  val_token_acc {sum(accs) / len(accs):.4f}")
