# Starts sleeping threads until the tasks limit refuses one (RE), then reports how many it got.
import os
import threading
import time

started = 0
try:
    while True:
        threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
        started += 1
finally:
    os.write(3, str(started).encode())
