CONFIG = {
    "seed": 0,
    "n_train": 6400,
    "n_val": 1600,
    "batch_size": 64,
    "epochs": 12,
    "lr": 3e-3,
    "weight_decay": 0.05,
    "lr_factor": 0.3,
    "patience": 2,
}
