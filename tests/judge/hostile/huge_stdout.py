# Prints without end: the per-stream output cap must stop it (OLE).
import sys

line = "x" * 65535 + "\n"
while True:
    sys.stdout.write(line)
