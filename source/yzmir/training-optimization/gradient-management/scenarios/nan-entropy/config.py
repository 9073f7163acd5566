CFG = dict(
    seed=0,
    epochs=6,
    lr=1e-3,
    labeled_batch=32,
    unlabeled_batch=100,
    entropy_weight=1.0,
    sharpen_temperature=0.15,
    max_grad_norm=5.0,
)
