from torch import nn

from data import NUM_TAGS, PAD, VOCAB


class Tagger(nn.Module):
    def __init__(self, dim=32, hidden=64):
        super().__init__()
        self.embed = nn.Embedding(VOCAB, dim, padding_idx=PAD)
        self.conv = nn.Conv1d(dim, hidden, kernel_size=3, padding=1)
        self.out = nn.Linear(hidden, NUM_TAGS)

    def forward(self, x):
        h = self.embed(x).transpose(1, 2)
        h = self.conv(h).relu().transpose(1, 2)
        return self.out(h)
