"""The panes of a workbench expression, chosen from the shapes of f and of the variable:

- f and x scalars: f with its tangent at x, and f′ (as 5.1–5.3);
- f a scalar of x ∈ ℝ²: f over the plane with its gradient field (as 5.8a), and the
  gradient;
- f a scalar of another vector or of a matrix: the input beside the gradient (of its
  shape);
- otherwise a matrix (or vector) derivative: the Jacobian or derivative as a heat map,
  beside the value of f; a tensor: its slices in the slice viewer (as 5.5-f3);
- f = φ(g(x)) with φ a function at the top of the tree, g not a bare name, and f, g, x
  scalars or vectors: the chain-rule factors ∂f/∂z · ∂z/∂x as matrices (as 5.7b).

Everything is evaluated with the derivation's compiled NumPy programs; a curve or a field
is one stacked evaluation. The field over the plane is kept while only x moves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from explorer.core.chain import factors_view
from explorer.core.gradient_field import empty_field, extent_around, field_view
from explorer.core.params import Inputs
from explorer.core.views import Curve, CurvesView, Marker, View
from explorer.core.views_matrix import CubeView, FieldPoint, HeatmapView, realspace
from explorer.core.workbench import names as N
from explorer.core.workbench import tree as t
from explorer.core.workbench.derivation import Derivation, derive
from explorer.core.workbench.printing import to_text

if TYPE_CHECKING:
    from explorer.core.workbench.exercise import WorkbenchExercise

SAMPLES = 401  # points of a curve
FIELD_SAMPLES = 61  # points along each side of the plane
# A curve or a plane is one stacked evaluation: at most this many operations and entries
# in its largest value, so that a large expression draws fewer points instead of freezing.
STACK_OPERATIONS = 2 * 10**7
STACK_ENTRIES = 4 * 10**6
MIN_SAMPLES = 11
CHAIN_NAMES = ("z", "u", "v", "w", "y", "h")  # the inner function's name, the first free
MAX_MULTIPLES = 8


def case(d: Derivation) -> str:
    fk, xk = N.kind(d.f_shape), N.kind(d.x_shape)
    if fk == "scalar" and xk == "scalar":
        return "curves"
    if fk == "scalar" and d.x_shape == (2, 1):
        return "field"
    if fk == "scalar":
        return "gradient"
    return "tensor" if len(d.shape) >= 3 else "matrix"


def pane_specs(ex: WorkbenchExercise) -> list[tuple[str, str]]:
    d, x = ex.derivation, ex.variable
    out = {"curves": [("f", f"f({x}) with its tangent at {x}"), ("df", f"∂f/∂{x}")],
           "field": [("field", f"f over the ({x}₁, {x}₂) plane and its gradient field"),
                     ("gradient", f"the gradient ∂f/∂{x}")],
           "gradient": [("input", f"the input {x}"),
                        ("gradient", f"the gradient ∂f/∂{x}, of the shape of {x}")],
           "matrix": [("derivative", f"∂f/∂{x} as a heat map"), ("value", "the value of f")],
           "tensor": [("slices", f"∂f/∂{x}, a tensor, slice by slice"),
                      ("value", "the value of f")]}[case(d)]
    if ex.chain is not None:
        out.append(("chain", f"chain rule: ∂f/∂{ex.chain.name} · ∂{ex.chain.name}/∂{x}"))
    return out


# --- the chain rule ------------------------------------------------------------------------
@dataclass
class Chain:
    """f = φ(z) with z = g(x): the outer and inner derivations."""

    name: str  # z
    inner_text: str
    outer: Derivation  # ∂φ/∂z
    inner: Derivation  # ∂z/∂x


def chain_of(d: Derivation) -> Chain | None:
    """The chain-rule factorisation of f at the top of its tree, where there is one whose
    factors are matrices (f, its argument and x scalars or vectors)."""
    top = d.problem.tree
    if top.op != "fn" or len(top.args) != 1 or top.data in ("diag", "inv", "outer"):
        return None
    g = top.args[0]
    kinds = {N.kind(s) for s in (d.f_shape, g.shape, d.x_shape)}
    if g.op == "var" or not g.depends_on(d.wrt) or "matrix" in kinds:
        return None
    name = next((n for n in CHAIN_NAMES if n not in d.problem.shapes), None)
    if name is None:
        return None
    inner_text = to_text(g)
    outer_text = to_text(t.fn(top.data, t.var(name, g.shape)))
    try:
        outer = derive(outer_text, name, {name: g.shape})
        inner = derive(inner_text, d.wrt, d.problem.shapes)
    except Exception:  # the factors are an extra: without them the rest still shows
        return None
    return Chain(name, inner_text, outer, inner)


def _chain_view(ex: WorkbenchExercise, env: dict[str, np.ndarray],
                derivative: np.ndarray) -> View:
    c, x = ex.chain, ex.variable
    assert c is not None
    z = c.inner.value(env)
    outer = np.atleast_2d(c.outer.derivative({c.name: z}))
    inner = c.inner.derivative(env)
    inner = inner.reshape(-1, 1) if inner.ndim == 1 else np.atleast_2d(inner)
    if outer.shape[1] != inner.shape[0]:  # ∂f/∂z of a scalar z is 1×1, of f a vector m×1
        outer = outer.reshape(-1, inner.shape[0])
    result = derivative.reshape(-1, 1) if derivative.ndim == 1 else np.atleast_2d(derivative)
    return factors_view(f"∂f/∂{x} = ∂f/∂{c.name} · ∂{c.name}/∂{x}, {c.name} = {c.inner_text}",
                        [(f"∂f/∂{c.name}", outer), (f"∂{c.name}/∂{x}", inner)],
                        (f"∂f/∂{x}", result))


# --- the views -----------------------------------------------------------------------------
def views(ex: WorkbenchExercise, v: Inputs) -> dict[str, View]:
    d = ex.derivation
    env = ex.env(v)
    value, derivative = ex.headline(v)
    derivative = np.asarray(derivative, dtype=float)
    title = f"∂f/∂{ex.variable} ∈ {ex.space}"
    mark = "✓" if ex.check_ok else "✗ check FAILED"
    kind = case(d)
    defined = bool(np.all(np.isfinite(value)) and np.all(np.isfinite(derivative)))
    out: dict[str, View] = {}
    if kind == "curves":
        out.update(_curves(ex, v, env))
    elif kind == "field":
        out["field"] = _field(ex, v, env, derivative)
        out["gradient"] = _heatmap(ex, f"{title}  {mark}", derivative, "gradient", defined)
    elif kind == "gradient":
        out["input"] = _heatmap(ex, f"{ex.variable} ∈ {realspace(N.dims(d.x_shape))}",
                                np.asarray(v[ex.variable], dtype=float), "input")
        out["gradient"] = _heatmap(ex, f"{title}  {mark}", derivative, "gradient", defined)
    elif kind == "matrix":
        out["derivative"] = _heatmap(ex, f"{title}  {mark}", derivative, "derivative", defined)
    else:
        out["slices"] = _slices(ex, v, derivative, f"{title}  {mark}")
    if kind in ("matrix", "tensor"):
        f = np.asarray(value, dtype=float)
        out["value"] = _heatmap(ex, f"f ∈ {realspace(f.shape)}", f, "value")
    if ex.chain is not None:
        out["chain"] = _chain_view(ex, env, derivative)
    return out


def _heatmap(ex: WorkbenchExercise, title: str, matrix: np.ndarray, what: str,
             defined: bool = True) -> HeatmapView:
    m = matrix.reshape(-1, 1) if matrix.ndim == 1 and what != "input" else matrix
    note = ""
    if not (defined and np.all(np.isfinite(m))):
        note = "not finite at these inputs (outside the domain)"
    elif what in ("gradient", "derivative"):
        note = ex.check_text()
    return HeatmapView(title=title, matrix=np.nan_to_num(np.atleast_2d(m), nan=0.0,
                                                          posinf=0.0, neginf=0.0),
                       note=note)


def stack_size(ex: WorkbenchExercise, wanted: int) -> int:
    """How many points one stacked evaluation may take (at most `wanted`)."""
    cost = max(ex.derivation.problem.operations, 1)
    size = max(ex.value_program.size, 1)
    return int(min(wanted, STACK_OPERATIONS // cost, STACK_ENTRIES // size))


def _curves(ex: WorkbenchExercise, v: Inputs, env: dict[str, np.ndarray]) -> dict[str, View]:
    x = ex.variable
    p = ex.param(x)
    x0 = float(v[x])
    lo, hi = min(p.lo or -3.0, x0 - 0.5), max(p.hi or 3.0, x0 + 0.5)
    key = ("curves", lo, hi, _others(ex, v))
    if ex._cache.get("curves_key") != key:
        count = max(stack_size(ex, SAMPLES), 2)
        xs = np.linspace(lo, hi, count)
        stack = {**env, x: xs.reshape(-1, 1, 1)}
        fy = _column(ex.value_program(stack)[0], count)
        dy = _column(ex.formula_program(stack)[0], count)  # type: ignore[misc]
        ex._cache.update(curves_key=key, curves=(xs, fy, dy))
    xs, fy, dy = ex._cache["curves"]
    f0, s0 = (float(np.ravel(a)[0]) for a in ex.headline(v))
    defined = np.isfinite(f0) and np.isfinite(s0)
    half = 0.12 * (hi - lo)
    tx = np.array([x0 - half, x0 + half])
    ty = f0 + s0 * (tx - x0) if defined else np.full(2, np.nan)
    note = ex.check_text() if defined else f"{x} = {x0:g} is outside the domain of f"
    return {
        "f": CurvesView(f"f({x}) = {ex.spec.text}", x, f"f({x})",
                        [Curve("f", xs, fy, "f"),
                         Curve(f"tangent at {x}", tx, ty, "tangent", in_bounds=False)],
                        [Marker(x, x0, f0 if defined else 0.0,
                                f"{x} = {x0:.3g}, f = {f0:.4g}", drag=x)],
                        note=note, readouts=[Curve(f"∂f/∂{x}", xs, dy, "df")]),
        "df": CurvesView(f"∂f/∂{x}", x, f"∂f/∂{x}", [Curve(f"∂f/∂{x}", xs, dy, "df")],
                         [Marker(x, x0, s0 if defined else 0.0,
                                 f"∂f/∂{x} = {s0:.4g}", drag=x)], note=note),
    }


def _column(values: np.ndarray, count: int) -> np.ndarray:
    out = np.broadcast_to(values, (count, 1, 1)).reshape(count).astype(float)
    out[~np.isfinite(out)] = np.nan
    return out


def _others(ex: WorkbenchExercise, v: Inputs) -> tuple[bytes, ...]:
    """The inputs other than the variable, as a cache key."""
    return tuple(np.asarray(v[n], dtype=float).tobytes()
                 for n in ex.derivation.problem.shapes if n != ex.variable)


def _field(ex: WorkbenchExercise, v: Inputs, env: dict[str, np.ndarray],
           gradient: np.ndarray) -> View:
    x = ex.variable
    p0 = np.asarray(v[x], dtype=float).reshape(2)
    extent = extent_around(-3.0, 3.0, float(p0[0]), margin=0.5), \
        extent_around(-3.0, 3.0, float(p0[1]), margin=0.5)
    point = FieldPoint(x, float(p0[0]), float(p0[1]), x, drag=(f"{x}[0]", f"{x}[1]"),
                       arrow=(float(gradient.ravel()[0]), float(gradient.ravel()[1]))
                       if np.all(np.isfinite(gradient)) else None)
    key = ("field", extent, _others(ex, v))
    cached = ex._cache.get("field")
    if cached is None or cached[0] != key:
        def f(pts: np.ndarray) -> np.ndarray:
            out = ex.value_program({**env, x: pts[..., :, None]})[0]
            return np.array(np.broadcast_to(out, (*pts.shape[:-1], 1, 1))[..., 0, 0])

        def grad(pts: np.ndarray) -> np.ndarray:
            out = ex.formula_program({**env, x: pts[..., :, None]})[0]  # type: ignore[misc]
            return np.array(np.broadcast_to(out, (*pts.shape[:-1], 1, 2))[..., 0, :])

        side = int(np.sqrt(stack_size(ex, FIELD_SAMPLES**2)))
        if side < MIN_SAMPLES:
            view = empty_field(f"f = {ex.spec.text}", "f is too large to evaluate over the "
                               "plane at every drag: its gradient is shown beside", x)
        else:
            view = field_view(f, grad, p0, extent, title=f"f = {ex.spec.text}", symbol=x,
                              samples=side, arrows=min(15, side // 2),
                              note=ex.check_text())
        ex._cache["field"] = cached = (key, view)
    base = cached[1]
    from dataclasses import replace

    return replace(base, points=[point])


def _slices(ex: WorkbenchExercise, v: Inputs, tensor: np.ndarray, title: str) -> View:
    """The derivative as a 3-D tensor (a 4-D one with the entries of X in one axis),
    sliced along `axis` at `k` (counted from 1)."""
    d = ex.derivation
    cube = tensor.reshape(d.f_shape[0], d.f_shape[1], -1)
    x = ex.variable
    axis = int(v.get("axis", 2))
    count = cube.shape[axis]
    index = min(max(int(v.get("k", 1)), 1), count) - 1
    entry = "k" if N.kind(d.x_shape) == "vector" else "kl"
    names = ("row i of f", "column j of f", f"entry {entry} of {x}")
    labels = [("column j", f"∂/∂{x}_{entry}"), ("row i", f"∂/∂{x}_{entry}"),
              ("row i", "column j")][axis]
    part = np.take(cube, index, axis=axis)
    multiples = ([np.take(cube, i, axis=axis) for i in range(count)]
                 if count <= MAX_MULTIPLES and part.shape[0] == part.shape[1] == count
                 else [])
    limit = float(np.max(np.abs(cube), initial=0.0)) or 1.0
    return CubeView(title=title, n=count, axis=axis, index=index, slice=part,
                    slice_title=f"slice {index + 1} of {count} with {names[axis]} fixed "
                    f"∈ {realspace(part.shape)}", row_label=labels[0], col_label=labels[1],
                    axis_names=names, multiples=multiples, limit=limit,
                    note=ex.check_text())
