"""The seccomp filter bubblewrap installs before it starts candidate code (``bwrap --seccomp FD``).

A hand-assembled classic BPF program, so the sandbox needs no libseccomp binding. It is a deny list on top of
the namespaces: everything a Python/numpy program uses stays allowed, and the calls that would let code inspect
or attack other processes, leave its namespaces, or reach kernel interfaces nobody grading numpy needs are
refused with EPERM:

- other processes: ``ptrace``, ``process_vm_readv/writev``, ``pidfd_getfd``, ``kcmp``;
- namespaces and mounts: ``unshare``, ``setns``, ``clone`` with any ``CLONE_NEW*`` flag, ``mount`` and the new
  mount API, ``pivot_root``, ``chroot``; ``clone3`` answers ENOSYS so glibc falls back to ``clone``, whose
  flags a classic BPF filter can inspect (``clone3`` passes them in memory);
- kernel attack surface: ``bpf``, ``perf_event_open``, ``userfaultfd``, ``io_uring_*``, keyrings, modules,
  ``kexec``, ``reboot``, swap, clocks, ``syslog``, ``quotactl``, file handles, ``personality``;
- memory and state that would outlive a test's processes, uncounted: ``shmget``, ``msgget``, ``semget``,
  ``mq_open``, ``memfd_create``;
- terminal injection: ``ioctl(TIOCSTI)`` and ``ioctl(TIOCLINUX)``.

A syscall made through a foreign ABI (i386 ``int 0x80`` on x86-64) kills the process: the syscall numbers
checked here would not mean the same thing. x32 syscalls are refused.
"""

from __future__ import annotations

import os
import platform
import struct

# BPF opcodes (linux/bpf_common.h) and seccomp return values (linux/seccomp.h).
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_JGE_K = 0x35
_JSET_K = 0x45
_RET_K = 0x06
_RET_KILL_PROCESS = 0x80000000
_RET_ERRNO = 0x00050000
_RET_ALLOW = 0x7FFF0000
_EPERM = 1
_ENOSYS = 38

# struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6] (little-endian here).
_OFF_NR = 0
_OFF_ARCH = 4
_OFF_ARG0_LO = 16
_OFF_ARG1_LO = 24

_X32_SYSCALL_BIT = 0x40000000

# CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET.
# (CLONE_NEWTIME is 0x80, which clone() reads as part of the exit signal; only unshare/clone3 take it.)
CLONE_NEW_FLAGS = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000

_TIOCSTI = 0x5412
_TIOCLINUX = 0x541C

DENIED = [
    "ptrace", "process_vm_readv", "process_vm_writev", "pidfd_getfd", "kcmp",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen",
    "fsconfig", "fsmount", "fspick", "mount_setattr",
    "bpf", "perf_event_open", "userfaultfd", "io_uring_setup", "io_uring_enter", "io_uring_register",
    "keyctl", "add_key", "request_key", "kexec_load", "kexec_file_load", "init_module", "finit_module",
    "delete_module", "reboot", "swapon", "swapoff", "syslog", "acct", "settimeofday", "clock_settime",
    "clock_adjtime", "adjtimex", "sethostname", "setdomainname", "iopl", "ioperm", "quotactl", "quotactl_fd",
    "open_by_handle_at", "name_to_handle_at", "lookup_dcookie", "nfsservctl", "vhangup", "personality",
    "fanotify_init", "migrate_pages", "move_pages", "uselib", "_sysctl", "create_module", "get_kernel_syms",
    "query_module",
    # Memory and state that would outlive a test's processes in the box, uncounted: SysV shared memory, message
    # queues and semaphores, POSIX message queues, memfds (docs/sandbox.md, "Memory").
    "shmget", "msgget", "semget", "mq_open", "memfd_create",
]  # fmt: skip


class _Arch:
    def __init__(self, audit_arch: int, x32_bit: bool, numbers: dict[str, int]) -> None:
        self.audit_arch = audit_arch
        self.x32_bit = x32_bit
        self.numbers = numbers


# From the kernel's uapi headers (asm/unistd_64.h for x86-64, asm-generic/unistd.h for arm64).
_X86_64 = _Arch(
    0xC000003E,
    True,
    {
        "ioctl": 16, "clone": 56, "clone3": 435,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_getfd": 438, "kcmp": 312,
        "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
        "move_mount": 429, "open_tree": 428, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
        "mount_setattr": 442, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "keyctl": 250, "add_key": 248, "request_key": 249, "kexec_load": 246, "kexec_file_load": 320,
        "init_module": 175, "finit_module": 313, "delete_module": 176, "reboot": 169, "swapon": 167,
        "swapoff": 168, "syslog": 103, "acct": 163, "settimeofday": 164, "clock_settime": 227,
        "clock_adjtime": 305, "adjtimex": 159, "sethostname": 170, "setdomainname": 171, "iopl": 172,
        "ioperm": 173, "quotactl": 179, "quotactl_fd": 443, "open_by_handle_at": 304,
        "name_to_handle_at": 303, "lookup_dcookie": 212, "nfsservctl": 180, "vhangup": 153,
        "personality": 135, "fanotify_init": 300, "migrate_pages": 256, "move_pages": 279, "uselib": 134,
        "_sysctl": 156, "create_module": 174, "get_kernel_syms": 177, "query_module": 178,
        "shmget": 29, "msgget": 68, "semget": 64, "mq_open": 240, "memfd_create": 319,
    },
)  # fmt: skip

_AARCH64 = _Arch(
    0xC00000B7,
    False,
    {
        "ioctl": 29, "clone": 220, "clone3": 435,
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_getfd": 438, "kcmp": 272,
        "unshare": 97, "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51,
        "move_mount": 429, "open_tree": 428, "fsopen": 430, "fsconfig": 431, "fsmount": 432, "fspick": 433,
        "mount_setattr": 442, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "keyctl": 219, "add_key": 217, "request_key": 218, "kexec_load": 104, "kexec_file_load": 294,
        "init_module": 105, "finit_module": 273, "delete_module": 106, "reboot": 142, "swapon": 224,
        "swapoff": 225, "syslog": 116, "acct": 89, "settimeofday": 170, "clock_settime": 112,
        "clock_adjtime": 266, "adjtimex": 171, "sethostname": 161, "setdomainname": 162,
        "quotactl": 60, "quotactl_fd": 443, "open_by_handle_at": 265, "name_to_handle_at": 264,
        "lookup_dcookie": 18, "nfsservctl": 42, "vhangup": 58, "personality": 92, "fanotify_init": 262,
        "migrate_pages": 238, "move_pages": 239,
        "shmget": 194, "msgget": 186, "semget": 190, "mq_open": 180, "memfd_create": 279,
    },
)  # fmt: skip

_ARCHES = {"x86_64": _X86_64, "aarch64": _AARCH64, "arm64": _AARCH64}


def supported() -> str | None:
    """None if a filter can be built for this machine, else why not."""
    if platform.machine() not in _ARCHES:
        return f"no seccomp syscall table for {platform.machine()!r} (known: x86_64, aarch64)"
    return None


def _insn(code: int, k: int, jt: int = 0, jf: int = 0) -> tuple[int, int, int, int]:
    return (code, jt, jf, k)


def build_filter(machine: str | None = None) -> bytes:
    """The filter as raw ``struct sock_filter`` records, the format ``bwrap --seccomp`` reads."""
    arch = _ARCHES[machine or platform.machine()]
    denied = [arch.numbers[name] for name in DENIED if name in arch.numbers]

    # Layout: [prologue] [one JEQ per denied syscall] [clone3, ioctl and clone checks] ALLOW EPERM ENOSYS.
    # Jumps are relative and forward only, so the program is built front to back with the tail's offsets
    # computed from the known lengths.
    body: list[tuple[int, int, int, int]] = [
        _insn(_LD_W_ABS, _OFF_ARCH),
        _insn(_JEQ_K, arch.audit_arch, jt=1, jf=0),
        _insn(_RET_K, _RET_KILL_PROCESS),
        _insn(_LD_W_ABS, _OFF_NR),
    ]
    # Checks between here and the three return instructions at the end; each entry says where it jumps.
    checks: list[tuple[str, int, str | None, str | None]] = []
    if arch.x32_bit:
        checks.append(("jge", _X32_SYSCALL_BIT, "eperm", None))
    for nr in denied:
        checks.append(("jeq", nr, "eperm", None))
    checks.append(("jeq", arch.numbers["clone3"], "enosys", None))
    # ioctl: refuse TIOCSTI/TIOCLINUX (request is args[1]); clone: refuse CLONE_NEW* in flags (args[0]).
    tail = [
        ("jeq", arch.numbers["ioctl"], None, "+4"),  # not ioctl: skip the ioctl block (4 instructions)
        ("ld", _OFF_ARG1_LO, None, None),
        ("jeq", _TIOCSTI, "eperm", None),
        ("jeq", _TIOCLINUX, "eperm", None),
        ("ret", _RET_ALLOW, None, None),
        ("jeq", arch.numbers["clone"], None, "allow"),
        ("ld", _OFF_ARG0_LO, None, None),
        ("jset", CLONE_NEW_FLAGS, "eperm", "allow"),
    ]
    program_checks = checks + tail
    start = len(body)
    n = len(program_checks)
    ret_index = {"allow": start + n, "eperm": start + n + 1, "enosys": start + n + 2}

    def target(i: int, label: str | None) -> int:
        if label is None:
            return 0
        if label.startswith("+"):
            return int(label[1:])
        offset = ret_index[label] - (i + 1)
        if not 0 <= offset <= 255:
            raise ValueError("seccomp filter too long for 8-bit jumps")
        return offset

    for j, (op, k, jt_label, jf_label) in enumerate(program_checks):
        i = start + j
        if op == "ld":
            body.append(_insn(_LD_W_ABS, k))
        elif op == "ret":
            body.append(_insn(_RET_K, k))
        else:
            code = {"jeq": _JEQ_K, "jge": _JGE_K, "jset": _JSET_K}[op]
            body.append(_insn(code, k, jt=target(i, jt_label), jf=target(i, jf_label)))
    body.append(_insn(_RET_K, _RET_ALLOW))
    body.append(_insn(_RET_K, _RET_ERRNO | _EPERM))
    body.append(_insn(_RET_K, _RET_ERRNO | _ENOSYS))
    return b"".join(struct.pack("=HBBI", code, jt, jf, k) for code, jt, jf, k in body)


def filter_fd(program: bytes) -> int:
    """A memfd holding ``program`` at offset 0, for ``bwrap --seccomp`` (which takes ownership of it)."""
    fd = os.memfd_create("mockloop-seccomp", os.MFD_CLOEXEC)
    os.write(fd, program)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
