"""The hand-assembled seccomp filter, run through a small classic-BPF interpreter: what it allows and refuses.

(The filter at work in the real sandbox is tested by tests/judge/hostile/raw_syscalls.py.)
"""

from __future__ import annotations

import struct

import pytest

from scoring.judge import sandbox_seccomp as sc

ALLOW, KILL = 0x7FFF0000, 0x80000000
EPERM, ENOSYS = 0x00050000 | 1, 0x00050000 | 38


def run_bpf(program: bytes, *, arch: int, nr: int, args: tuple[int, ...] = ()) -> int:
    """Evaluate a seccomp BPF program on one syscall (only the instructions the filter uses)."""
    insns = [struct.unpack("=HBBI", program[i : i + 8]) for i in range(0, len(program), 8)]
    args = (*args, 0, 0, 0, 0, 0, 0)[:6]
    data = struct.pack("=iIQ6Q", nr, arch, 0, *[a & (2**64 - 1) for a in args])
    acc, pc = 0, 0
    while True:
        code, jt, jf, k = insns[pc]
        if code == 0x20:  # ld w abs
            acc = struct.unpack_from("=I", data, k)[0]
            pc += 1
        elif code == 0x06:  # ret k
            return int(k)
        elif code in (0x15, 0x35, 0x45):  # jeq, jge, jset
            hit = acc == k if code == 0x15 else acc >= k if code == 0x35 else bool(acc & k)
            pc += 1 + (jt if hit else jf)
        else:
            raise AssertionError(f"unexpected BPF opcode {code:#x}")


@pytest.mark.parametrize("machine", ["x86_64", "aarch64"])
def test_filter_decisions(machine):
    arch = sc._ARCHES[machine]
    program = sc.build_filter(machine)
    assert len(program) % 8 == 0 and len(program) // 8 < 4096
    nr = arch.numbers

    def verdict(name: str, *args: int) -> int:
        return run_bpf(program, arch=arch.audit_arch, nr=nr[name], args=args)

    for name in sc.DENIED:
        if name in nr:
            assert verdict(name) == EPERM, name
    assert verdict("clone3") == ENOSYS
    assert verdict("clone", 0x01200011) == ALLOW  # what fork() passes (CLONE_CHILD_SETTID|CLEARTID|SIGCHLD)
    assert verdict("clone", 0x003D0F00) == ALLOW  # what pthread_create() passes
    for flag in (0x10000000, 0x20000000, 0x40000000, 0x00020000, 0x02000000, 0x04000000, 0x08000000):
        assert verdict("clone", flag | 17) == EPERM, hex(flag)
    assert verdict("ioctl", 1, 0x5412) == EPERM  # TIOCSTI
    assert verdict("ioctl", 1, 0x5401) == ALLOW  # TCGETS
    # Ordinary calls pass: read, write, openat, mmap, futex (numbers differ per architecture).
    ordinary = {"x86_64": (0, 1, 257, 9, 202), "aarch64": (63, 64, 56, 222, 98)}[machine]
    for number in ordinary:
        assert run_bpf(program, arch=arch.audit_arch, nr=number) == ALLOW
    # A foreign ABI (i386 on x86-64, or anything unknown) kills the process.
    assert run_bpf(program, arch=0x40000003, nr=0) == KILL


def test_x32_syscalls_are_refused():
    program = sc.build_filter("x86_64")
    assert run_bpf(program, arch=sc._X86_64.audit_arch, nr=0x40000000 + 1) == EPERM


def test_this_machine_is_supported():
    assert sc.supported() is None
