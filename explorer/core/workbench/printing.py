"""Printing a tree: in the input syntax (which `calc` and `check` read back) and in LaTeX.

Precedence follows Python's, which the parser uses: + − below * / @ (one level, left to
right) below unary − below ^ (right to left) below .T and calls."""

from __future__ import annotations

from explorer.core.workbench.names import Shape
from explorer.core.workbench.tree import Node

_SUM, _PRODUCT, _UNARY, _POWER, _POSTFIX = 1, 2, 3, 4, 5


def number(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.12g}"


def _ones_text(shape: Shape) -> str:
    rows, cols = shape
    column = f"diag(eye({rows}))"  # a column of ones in the input syntax
    if cols == 1:
        return column
    if rows == 1:
        return f"diag(eye({cols})).T"
    return f"outer({column}, diag(eye({cols})))"


def _right_level(n: Node) -> int:
    """A number or scalar times a product needs no brackets: c*(A@B) = c*A@B."""
    if n.op == "mul" and n.args[0].is_scalar and n.args[1].op in ("mul", "matmul", "div"):
        return _PRODUCT
    return _UNARY + 1


def to_text(node: Node) -> str:
    return _text(node)[0]


def _wrap(part: tuple[str, int], at_least: int) -> str:
    text, level = part
    return text if level >= at_least else f"({text})"


def _text(n: Node) -> tuple[str, int]:
    op = n.op
    if op in ("var", "seed"):
        return n.data, 6
    if op == "dvar":
        return f"d{n.data}", 6
    if op == "const":
        text = number(n.data)
        return (text, _UNARY) if n.data < 0 else (text, 6)
    if op == "eye":
        return f"eye({n.data})", _POSTFIX
    if op == "ones":
        return _ones_text(n.shape), _POSTFIX
    if op == "zero":
        return f"0*{_ones_text(n.shape)}", _PRODUCT
    if op == "add":
        left = _wrap(_text(n.args[0]), _SUM)
        right = n.args[1]
        if right.op == "neg":
            return f"{left} - {_wrap(_text(right.args[0]), _PRODUCT)}", _SUM
        if right.op == "const" and right.data < 0:
            return f"{left} - {number(-right.data)}", _SUM
        return f"{left} + {_wrap(_text(right), _SUM)}", _SUM
    if op == "neg":  # -a@b reads (-a)@b, the same value
        return f"-{_wrap(_text(n.args[0]), _PRODUCT)}", _UNARY
    if op in ("mul", "div", "matmul"):
        sign = {"mul": "*", "div": "/", "matmul": "@"}[op]
        left = _wrap(_text(n.args[0]), _PRODUCT)
        return f"{left}{sign}{_wrap(_text(n.args[1]), _right_level(n))}", _PRODUCT
    if op == "pow":
        return f"{_wrap(_text(n.args[0]), _POSTFIX)}^{_wrap(_text(n.args[1]), _POWER)}", \
            _POWER
    if op == "T":
        return f"{_wrap(_text(n.args[0]), _POSTFIX)}.T", _POSTFIX
    if op == "fn":
        return f"{n.data}({', '.join(to_text(a) for a in n.args)})", _POSTFIX
    if op == "block":
        from explorer.core.workbench.tree import block_rows

        rows = ["[" + ", ".join(to_text(b) for b in row) + "]" for row in block_rows(n)]
        return (rows[0] if len(rows) == 1 else "[" + ", ".join(rows) + "]"), 6
    if op == "d":
        a = n.args[0]
        return (f"d{a.data}", 6) if a.op == "var" else (f"d({to_text(a)})", _POSTFIX)
    raise ValueError(op)


# --- LaTeX -------------------------------------------------------------------------------
_GREEK = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
          "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "phi", "chi",
          "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Phi",
          "Psi", "Omega"}
_LATEX_FN = {"sin": r"\sin", "cos": r"\cos", "tan": r"\tan", "exp": r"\exp",
             "log": r"\log", "tanh": r"\tanh", "cosh": r"\cosh", "sinh": r"\sinh",
             "sech": r"\operatorname{sech}", "sigmoid": r"\sigma",
             "relu": r"\operatorname{relu}", "sign": r"\operatorname{sign}",
             "tr": r"\operatorname{tr}", "det": r"\det", "logdet": r"\log\det",
             "sum": r"\operatorname{sum}", "diag": r"\operatorname{diag}"}


def name_latex(name: str) -> str:
    base, _, sub = name.partition("_")
    head = "\\varepsilon" if base == "eps" else f"\\{base}" if base in _GREEK else (
        base if len(base) == 1 else rf"\mathrm{{{base}}}")
    return f"{head}_{{{sub}}}" if sub else head


def to_latex(node: Node) -> str:
    return _latex(node)[0]


def _lwrap(part: tuple[str, int], at_least: int) -> str:
    text, level = part
    return text if level >= at_least else rf"\left({text}\right)"


def _latex(n: Node) -> tuple[str, int]:
    op = n.op
    if op in ("var", "seed"):
        return name_latex(n.data), 6
    if op == "dvar":
        return rf"\mathrm{{d}}{name_latex(n.data)}", 6
    if op == "const":
        return number(n.data), (_UNARY if n.data < 0 else 6)
    if op == "eye":
        return "I", 6
    if op == "ones":
        return r"\mathbf{1}" + ("^{\\top}" if n.shape[0] == 1 else ""), 6
    if op == "zero":
        return "0", 6
    if op == "add":
        left = _lwrap(_latex(n.args[0]), _SUM)
        right = n.args[1]
        if right.op == "neg":
            return f"{left} - {_lwrap(_latex(right.args[0]), _PRODUCT)}", _SUM
        return f"{left} + {_lwrap(_latex(right), _SUM)}", _SUM
    if op == "neg":
        return f"-{_lwrap(_latex(n.args[0]), _PRODUCT)}", _UNARY
    if op == "matmul" or (op == "mul" and (n.args[0].is_scalar or n.args[1].is_scalar)):
        left = _lwrap(_latex(n.args[0]), _PRODUCT)
        joint = r" \cdot " if n.args[1].op == "const" else " "
        return f"{left}{joint}{_lwrap(_latex(n.args[1]), _right_level(n))}", _PRODUCT
    if op == "mul":
        return (f"{_lwrap(_latex(n.args[0]), _PRODUCT)} \\odot "
                f"{_lwrap(_latex(n.args[1]), _UNARY + 1)}"), _PRODUCT
    if op == "div":
        if n.is_scalar:
            return rf"\frac{{{to_latex(n.args[0])}}}{{{to_latex(n.args[1])}}}", 6
        return (f"{_lwrap(_latex(n.args[0]), _PRODUCT)} \\oslash "
                f"{_lwrap(_latex(n.args[1]), _UNARY + 1)}"), _PRODUCT
    if op == "pow":
        circle = "" if n.is_scalar else r"\circ "
        return f"{{{_lwrap(_latex(n.args[0]), _POSTFIX)}}}^{{{circle}{to_latex(n.args[1])}}}", \
            _POWER
    if op == "T":
        a = n.args[0]
        if a.op == "fn" and a.data == "inv":
            return f"{{{_lwrap(_latex(a.args[0]), _POSTFIX)}}}^{{-\\top}}", _POSTFIX
        return f"{{{_lwrap(_latex(a), _POSTFIX)}}}^{{\\top}}", _POSTFIX
    if op == "fn":
        return _latex_fn(n)
    if op == "block":
        from explorer.core.workbench.tree import block_rows

        rows = [" & ".join(to_latex(b) for b in row) for row in block_rows(n)]
        return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}", 6
    if op == "d":
        a = n.args[0]
        inner = name_latex(a.data) if a.op == "var" else rf"\left({to_latex(a)}\right)"
        return rf"\mathrm{{d}}{inner}", 6
    raise ValueError(op)


def _latex_fn(n: Node) -> tuple[str, int]:
    name, a = n.data, n.args[0]
    if name == "inv":
        return f"{{{_lwrap(_latex(a), _POSTFIX)}}}^{{-1}}", _POSTFIX
    if name == "sqrt":
        return rf"\sqrt{{{to_latex(a)}}}", 6
    if name == "abs":
        return rf"\left|{to_latex(a)}\right|", 6
    if name in ("norm1", "norm2"):
        return rf"\left\lVert {to_latex(a)} \right\rVert_{name[-1]}", 6
    if name == "outer":
        b = n.args[1]
        return f"{_lwrap(_latex(a), _PRODUCT)} {{{_lwrap(_latex(b), _POSTFIX)}}}^{{\\top}}", \
            _PRODUCT
    return rf"{_LATEX_FN[name]}\left({to_latex(a)}\right)", _POSTFIX
