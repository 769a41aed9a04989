"""Vector Calculus Explorer: the derivatives of MML chapter 5, made visible."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("vector-calculus-explorer")
except _metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
