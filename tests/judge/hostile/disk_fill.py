# Fills the disk three ways and reports how far each got: many small files in the work dir (the tmpfs cap),
# one big file (the file-size rlimit), and /dev/shm (a capped tmpfs as well).
import errno
import json
import os

report = {}
chunk = b"\0" * (1 << 20)


def fill(key, paths):
    written = 0
    try:
        for path in paths:
            with open(path, "wb") as f:
                for _ in range(8):
                    f.write(chunk)
                    f.flush()
                    written += len(chunk)
    except OSError as exc:
        report[key] = {"errno": errno.errorcode.get(exc.errno or 0, exc.errno), "mb": written >> 20}
    else:
        report[key] = {"errno": None, "mb": written >> 20}


fill("workdir", (f"fill-{i}.bin" for i in range(10_000)))
for name in os.listdir("."):
    if name.startswith("fill-"):
        os.remove(name)


written = 0
try:
    with open("big.bin", "wb") as f:
        while True:
            f.write(chunk)
            f.flush()
            written += len(chunk)
except OSError as exc:
    report["one_file"] = {"errno": errno.errorcode.get(exc.errno or 0, exc.errno), "mb": written >> 20}
os.remove("big.bin")
fill("dev_shm", (f"/dev/shm/fill-{i}" for i in range(10_000)))
print(json.dumps(report))
