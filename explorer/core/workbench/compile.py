"""Compiling trees to NumPy: a `Program` evaluates one or more trees in one pass over
their distinct nodes (common sub-expressions once), on 2-D values or on stacks of them
(any leading axes broadcast: a stack of unit directions gives a whole tensor at once).
`numpy_source` writes a tree as a standalone NumPy function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from explorer.core.expr import logdet as _logdet
from explorer.core.workbench.names import Shape
from explorer.core.workbench.printing import number
from explorer.core.workbench.tree import Node, block_rows, walk


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return np.asarray(np.exp(-np.logaddexp(0.0, -a)))


def _diag(a: np.ndarray, shape: Shape) -> np.ndarray:
    if shape[1] == 1 and a.shape[-2] == a.shape[-1] and a.shape[-1] > 1:
        return np.diagonal(a, axis1=-2, axis2=-1)[..., None]  # square → its diagonal
    v = a.reshape((*a.shape[:-2], -1))
    out = np.zeros((*v.shape, v.shape[-1]))
    idx = np.arange(v.shape[-1])
    out[..., idx, idx] = v
    return out


def _inv(a: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.inv(a)
    except np.linalg.LinAlgError:  # singular: not a number, not an exception
        return np.full(a.shape, np.nan)


def _scalar(values: np.ndarray) -> np.ndarray:
    return values[..., None, None]


def _outer(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    u = a.reshape((*a.shape[:-2], -1))
    v = b.reshape((*b.shape[:-2], -1))
    return u[..., :, None] * v[..., None, :]


def _block(shape: Shape, counts: tuple[int, ...], *arrays: np.ndarray) -> np.ndarray:
    lead = np.broadcast_shapes(*(p.shape[:-2] for p in arrays))
    parts = [np.broadcast_to(p, lead + p.shape[-2:]) for p in arrays]
    rows, at = [], 0
    for count in counts:
        rows.append(np.concatenate(parts[at:at + count], axis=-1))
        at += count
    return np.concatenate(rows, axis=-2)


FUNCTIONS: dict[str, Callable[..., np.ndarray]] = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
    "sqrt": np.sqrt, "tanh": np.tanh, "sech": lambda a: 1.0 / np.cosh(a),
    "sigmoid": _sigmoid, "cosh": np.cosh, "sinh": np.sinh, "abs": np.abs,
    "relu": lambda a: np.maximum(a, 0.0), "sign": np.sign,
    "tr": lambda a: _scalar(np.trace(a, axis1=-2, axis2=-1)),
    "det": lambda a: _scalar(np.linalg.det(a)),
    "logdet": lambda a: _scalar(_logdet(a)),
    "sum": lambda a: a.sum(axis=(-2, -1), keepdims=True),
    "norm1": lambda a: np.abs(a).sum(axis=(-2, -1), keepdims=True),
    "norm2": lambda a: np.sqrt((a * a).sum(axis=(-2, -1), keepdims=True)),
    "inv": _inv, "outer": _outer,
}


_OPERATIONS: dict[str, Callable[..., np.ndarray]] = {
    "add": np.add, "neg": np.negative, "mul": np.multiply, "div": np.divide,
    "pow": np.power, "matmul": np.matmul, "T": lambda a: np.swapaxes(a, -1, -2),
}


def _operation(n: Node) -> Callable[..., np.ndarray]:
    op = n.op
    if op in _OPERATIONS:
        return _OPERATIONS[op]
    if op == "fn":
        if n.data == "diag":
            return lambda a: _diag(a, n.shape)
        return FUNCTIONS[n.data]
    if op == "block":
        return lambda *parts: _block(n.shape, n.data, *parts)
    raise ValueError(f"cannot compile {op}")


def _leaf(n: Node) -> Callable[[dict[str, np.ndarray]], np.ndarray]:
    if n.op == "const":
        value = np.full((1, 1), n.data)
        return lambda env: value
    if n.op == "eye":
        value = np.eye(n.data)
        return lambda env: value
    if n.op in ("ones", "zero"):
        value = np.full(n.shape, 1.0 if n.op == "ones" else 0.0)
        return lambda env: value
    if n.op == "var":
        return lambda env: env[n.data]
    if n.op == "dvar":
        key = "d" + n.data
        return lambda env: env[key]
    raise ValueError(f"cannot compile {n.op}")


class Program:
    """`Program(trees)(env)` → the list of their values. env: name → array (…, r, c);
    the differential of a name X is looked up as "dX"."""

    def __init__(self, trees: list[Node]):
        order: list[Node] = []
        index: dict[Node, int] = {}
        for tree in trees:
            for n in walk(tree):
                if n not in index:
                    index[n] = len(order)
                    order.append(n)
        self.steps = [(_leaf(n), None) if not n.args else
                      (_operation(n), tuple(index[a] for a in n.args)) for n in order]
        self.outputs = [index[tree] for tree in trees]
        self.size = max((n.shape[0] * n.shape[1] for n in order), default=1)

    def __call__(self, env: dict[str, np.ndarray]) -> list[np.ndarray]:
        values: list[Any] = [None] * len(self.steps)
        with np.errstate(all="ignore"):
            for i, (f, args) in enumerate(self.steps):
                values[i] = f(env) if args is None else f(*(values[j] for j in args))
        return [values[i] for i in self.outputs]


# --- standalone source --------------------------------------------------------------------
_SOURCE_HELPERS = '''import numpy as np


def sigmoid(a):
    return np.exp(-np.logaddexp(0.0, -a))


def diag(a):
    """A vector → its diagonal matrix; a square matrix → its diagonal as a column."""
    if a.shape[0] == a.shape[1] and a.shape[0] > 1:
        return np.diag(a).reshape(-1, 1)
    return np.diag(a.reshape(-1))


def logdet(a):
    sign, value = np.linalg.slogdet(a)
    return value if sign > 0 else np.nan
'''

_SOURCE_FN = {
    "sin": "np.sin({})", "cos": "np.cos({})", "tan": "np.tan({})", "exp": "np.exp({})",
    "log": "np.log({})", "sqrt": "np.sqrt({})", "tanh": "np.tanh({})",
    "sech": "1.0 / np.cosh({})", "sigmoid": "sigmoid({})", "cosh": "np.cosh({})",
    "sinh": "np.sinh({})", "abs": "np.abs({})", "relu": "np.maximum({}, 0.0)",
    "sign": "np.sign({})", "tr": "np.array([[np.trace({})]])",
    "det": "np.array([[np.linalg.det({})]])", "logdet": "np.array([[logdet({})]])",
    "sum": "np.array([[np.sum({})]])", "norm1": "np.array([[np.sum(np.abs({}))]])",
    "norm2": "np.array([[np.linalg.norm({})]])", "inv": "np.linalg.inv({})",
    "diag": "diag({})", "outer": "np.outer({}, {})",
}
_SOURCE_OP = {"add": "{} + {}", "neg": "-{}", "mul": "{} * {}", "div": "{} / {}",
              "pow": "{} ** {}", "matmul": "{} @ {}", "T": "{}.T"}


def numpy_source(tree: Node, name: str, arguments: list[str], doc: str,
                 tensor: tuple[str, tuple[int, ...], tuple[int, ...]] | None = None) -> str:
    """A standalone module defining `name(*arguments)`: each argument a 2-D array
    (vectors as columns). `tensor` = (unit name, result dims, unit shape): the tree is
    a slice in terms of that unit, and the function loops over the units to build the
    whole tensor."""
    lines, names = [], {}
    for i, n in enumerate(walk(tree)):
        names[n] = code = _source_leaf(n)
        if code is None:
            args = [names[a] for a in n.args]
            if n.op == "fn":
                code = _SOURCE_FN[n.data].format(*args)
            elif n.op == "block":
                code = "np.block([" + ", ".join(
                    "[" + ", ".join(str(names[b]) for b in row) + "]"
                    for row in block_rows(n)) + "])"
            else:
                code = _SOURCE_OP[n.op].format(*args)
            names[n] = f"t{i}"
            lines.append(f"t{i} = {code}")
    result = names[tree]
    indent = "        " if tensor else "    "
    body = "\n".join(indent + line for line in lines)
    out = [f"def {name}({', '.join(arguments)}):", f'    """{doc}"""']
    if tensor is None:
        out += [body, f"    return np.broadcast_to({result}, {tree.shape}).astype(float)"]
    else:
        unit, dims, unit_shape = tensor
        out += ["    slices = []",
                f"    for k in range({int(np.prod(unit_shape))}):",
                f"        {unit} = np.zeros({unit_shape})",
                f"        {unit}.flat[k] = 1.0",
                body,
                f"        slices.append(np.broadcast_to({result}, {tree.shape}))",
                f"    return np.moveaxis(np.array(slices), 0, -1).reshape({dims})"]
    return _SOURCE_HELPERS + "\n\n" + "\n".join(line for line in out if line) + "\n"


def _source_leaf(n: Node) -> str | None:
    if n.op == "var":
        return str(n.data)
    if n.op == "const":
        return number(n.data)
    if n.op == "eye":
        return f"np.eye({n.data})"
    if n.op in ("ones", "zero"):
        return f"np.{n.op}s({n.shape})"
    return None
