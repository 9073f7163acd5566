CFG = dict(
    epochs=10,
    batch_size=64,
    lr=2e-3,
    betas=(0.9, 0.95),
    weight_decay=0.1,
    no_decay_norms_and_biases=True,
    ckpt_path="runs/last.pt",
    seed=0,
)
