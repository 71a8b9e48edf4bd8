# Grows a Python list of 10 MB buffers until the memory limit says no (MLE).
hoard = []
while True:
    hoard.append(bytearray(10 << 20))
