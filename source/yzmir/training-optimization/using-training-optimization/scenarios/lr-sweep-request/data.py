import numpy as np

N_FEATURES, N_CLASSES = 16, 4


def load(n=3000, seed=0):
    """Synthetic tabular task: the label is the argmax of a noisy linear projection of the features."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, N_FEATURES)).astype(np.float32)
    W = rng.normal(size=(N_FEATURES, N_CLASSES))
    y = (X @ W + 0.5 * rng.normal(size=(n, N_CLASSES))).argmax(axis=1)
    rng.shuffle(X)
    n_train = int(0.8 * n)
    return (X[:n_train], y[:n_train]), (X[n_train:], y[n_train:])
