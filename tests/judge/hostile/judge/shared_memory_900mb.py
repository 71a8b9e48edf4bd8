# Holds 900 MB of shared memory (an anonymous MAP_SHARED mapping, then a /dev/shm file) under a 64 MB limit.
# Old design: RLIMIT_DATA does not count shared mappings and RLIMIT_AS had 1 GB of headroom: it passed.
import mmap


def total(xs):
    hog = mmap.mmap(-1, 900 << 20, flags=mmap.MAP_SHARED)
    for offset in range(0, len(hog), 4096):
        hog[offset] = 1
    return sum(xs)
