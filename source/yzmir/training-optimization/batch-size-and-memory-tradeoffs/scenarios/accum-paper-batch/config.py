# Recipe from the paper (Table 7): batch 256, SGD + Nesterov, 5 epochs, 1 epoch warmup, cosine.
BATCH_SIZE = 256
MICRO_BATCH = 32  # largest that fits on the 12 GB card
LR = 0.2
MOMENTUM = 0.9
WEIGHT_DECAY = 5e-4
CLIP_NORM = 1.0
EPOCHS = 5
WARMUP_EPOCHS = 1
