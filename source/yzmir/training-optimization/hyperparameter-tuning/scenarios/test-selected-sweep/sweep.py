import argparse
import json

import optuna
import torch

from data import splits
from train import accuracy, fit


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--trials", type=int, default=40)
    args = p.parse_args()
    torch.set_num_threads(1)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    train_set, eval_set = splits()

    def objective(trial):
        cfg = dict(
            lr=trial.suggest_float("lr", 1e-4, 3e-2, log=True),
            weight_decay=trial.suggest_float("weight_decay", 1e-6, 1e-1, log=True),
            hidden=trial.suggest_categorical("hidden", [32, 64, 128]),
            dropout=trial.suggest_float("dropout", 0.0, 0.5),
        )
        model = fit(train_set, seed=trial.number, **cfg)
        return accuracy(model, eval_set)

    study = optuna.create_study(direction="maximize",
                                sampler=optuna.samplers.TPESampler(seed=0))
    study.optimize(objective, n_trials=args.trials)
    best = study.best_trial
    print(f"trials: {len(study.trials)}")
    print(f"best accuracy: {best.value:.4f}")
    print(f"best params: {json.dumps(best.params)}")
    with open("best.json", "w") as f:
        json.dump({"accuracy": best.value, "params": best.params, "trial": best.number}, f, indent=2)


if __name__ == "__main__":
    main()
