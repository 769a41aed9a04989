"""Entry point of the PyInstaller bundle: the same command line as `python -m explorer`."""

from explorer.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
