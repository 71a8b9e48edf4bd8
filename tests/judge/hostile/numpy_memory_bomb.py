# numpy allocations, touched so they are real memory, until the memory limit says no (MLE).
import numpy as np

hoard = []
while True:
    hoard.append(np.ones(50 << 17))  # 50 MB of float64, written
