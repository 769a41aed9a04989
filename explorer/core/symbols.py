"""Symbols as shown to a reader: Unicode sub- and superscripts, and the display name of a
parameter (μ for the `mu` the command line takes), derived from its LaTeX symbol."""

from __future__ import annotations

import re

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

# The LaTeX macros parameters are written with, and the letters they stand for.
GREEK = {r"\mu": "μ", r"\sigma": "σ", r"\omega": "ω", r"\epsilon": "ε",
         r"\varepsilon": "ε", r"\rho": "ρ", r"\kappa": "κ", r"\nu": "ν", r"\phi": "φ",
         r"\theta": "θ", r"\lambda": "λ", r"\alpha": "α", r"\beta": "β"}

_SYMBOL = re.compile(r"^(\\[a-zA-Z]+|[A-Za-z])(?:_(\d+|\{\d+\}))?$")


def subscript(i: int) -> str:
    """'₁₂' for 12."""
    return str(i).translate(_SUBSCRIPT)


def index_pair(i: int, j: int) -> str:
    """The subscript of entry (i, j): '₂₁', or '₁₂,₃' when an index has two digits."""
    return subscript(i) + ("," if max(i, j) > 9 else "") + subscript(j)


def display_name(latex: str) -> str:
    """The symbol `latex` (e.g. '\\mu', 'x_0', 's_1', 'N') as text: 'μ', 'x₀', 's₁', 'N'.
    What is not a single (Greek) letter with an optional numeric index stays as it is."""
    match = _SYMBOL.match(latex.strip())
    if not match:
        return latex
    head, index = match.groups()
    if head.startswith("\\"):
        if head not in GREEK:
            return latex
        head = GREEK[head]
    return head + (subscript(int(index.strip("{}"))) if index else "")
