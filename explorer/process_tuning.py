"""Process-wide settings that make dragging smoother; applied once by `explorer.cli.main`
before NumPy is imported. Each keeps an explicit setting from the environment."""

from __future__ import annotations

import ctypes
import os
import sys

# glibc's mallopt parameters (malloc.h)
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 32 * 2**20   # blocks below this come from the heap, not a fresh mmap
TRIM_THRESHOLD = 64 * 2**20   # free heap memory kept for reuse before giving it back


def tune_process() -> None:
    # The matrices here are small: OpenBLAS's worker threads only spin against the GUI
    # thread on a 2-core machine.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    keep_freed_memory()


def keep_freed_memory() -> bool:
    """Let glibc's malloc reuse freed multi-megabyte blocks instead of returning them to
    the OS. NumPy's temporaries for 5.9 at N = 10⁵ are a few MB each; by default each one
    is a fresh mmap whose pages the kernel faults in and zeroes on every update (see
    docs/performance.md). True if applied;
    False off glibc or when the environment sets malloc's thresholds itself
    (MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or a glibc.malloc tunable)."""
    if not sys.platform.startswith("linux"):
        return False
    if any(name in os.environ for name in ("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_")):
        return False
    if "glibc.malloc." in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library already loaded in the process
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    # Both must be set: fixing one turns off glibc's own adjustment of the other.
    return (mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1
            and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1)
