# Tries the worker's PostgreSQL and Redis on loopback, looks for interfaces and routes, and resolves a name.
# The route check uses a UDP connect(), which sends nothing: it only asks the kernel for a route.
import json
import socket
from typing import Any

report: dict[str, Any] = {"interfaces": [name for _, name in socket.if_nameindex()]}
with open("/proc/net/route") as f:
    report["routes"] = f.read().splitlines()[1:]
for name, port in (("postgres", 5432), ("redis", 6379)):
    s = socket.socket()
    s.settimeout(2)
    try:
        s.connect(("127.0.0.1", port))
        report[name] = "connected"
    except OSError as exc:
        report[name] = type(exc).__name__
    finally:
        s.close()
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    u.connect(("192.0.2.1", 53))  # TEST-NET-1: never routed anywhere
    report["route_out"] = "route found"
except OSError as exc:
    report["route_out"] = f"{type(exc).__name__}: {exc.strerror}"
finally:
    u.close()
try:
    socket.getaddrinfo("pypi.org", 443)
    report["dns"] = "resolved"
except OSError as exc:
    report["dns"] = type(exc).__name__
print(json.dumps(report))
