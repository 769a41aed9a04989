"""The computation core: SymPy + NumPy only. Nothing below this package imports Qt."""
