# Encodes its input in the time a test reports: a forged cpu_ms carrying the input's first element, and then a
# real busy loop proportional to it (the only timing channel left: real CPU, rounded for hidden tests).
# Old design: cpu_ms came from the harness's record, which the program could write itself: any number shown.
import json
import os
import time


def total(xs):
    secret = xs[0] if xs else 0
    os.write(
        3,
        (
            json.dumps({"t": "result", "status": "ok", "value": sum(xs), "cpu_ms": 1000 + secret}) + "\n"
        ).encode(),
    )
    end = time.process_time() + abs(secret) / 1000 * 0.7  # about 0.7 ms of CPU per unit
    while time.process_time() < end:
        pass
    return sum(xs)
