"""Process settings applied before the app starts (explorer.process_tuning)."""

import os
import platform
import sys

from explorer import process_tuning


def test_glibc_keeps_freed_blocks_unless_the_environment_says_otherwise(monkeypatch):
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    assert process_tuning.keep_freed_memory() is glibc
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=131072")
    assert process_tuning.keep_freed_memory() is False
    monkeypatch.delenv("GLIBC_TUNABLES")
    monkeypatch.setenv("MALLOC_TRIM_THRESHOLD_", "131072")
    assert process_tuning.keep_freed_memory() is False


def test_openblas_threads_default_to_one_but_an_explicit_setting_wins(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    process_tuning.tune_process()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "2")
    process_tuning.tune_process()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "2"
