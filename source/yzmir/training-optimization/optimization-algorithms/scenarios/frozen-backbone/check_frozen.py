import sys

import torch

from model import load_pretrained_backbone

reference = load_pretrained_backbone().state_dict()
shipped = torch.load("finetuned.pt", map_location="cpu")

bad = []
for name, ref in reference.items():
    got = shipped[f"backbone.{name}"]
    if not torch.equal(got, ref):
        diff = (got.double() - ref.double()).abs().max().item()
        bad.append(f"  backbone.{name}: max abs diff {diff:.3e}")

if bad:
    print("FAIL: backbone differs from the registry encoder")
    print("\n".join(bad))
    sys.exit(1)
print("OK: backbone identical to the registry encoder")
