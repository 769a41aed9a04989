"""The matrix-calculus workbench: derivatives of typed expressions of vectors and
matrices, derived symbolically as matrix differentials on the project's own tree,
identified in the book's numerator layout, simplified, shown step by step and checked
against central differences.

names          names → shapes (a–g scalars, h–z vectors, A–Z matrices), values, draws
tree           the expression tree with shapes; translation from the answer parser
differential   d(node), one rule per node type
identify       from df to the derivative (trace form, Jacobian, tensor slices)
simplify       readable formulas: transposes pushed down, like terms collected
printing       the input syntax and LaTeX
compile        NumPy programs (stacked evaluation) and standalone NumPy source
steps          the verified derivation steps
check          central differences at the inputs and random points
derivation     prepare · derive · calc
"""

from explorer.core.workbench.derivation import Derivation, calc, derive, prepare

__all__ = ["Derivation", "calc", "derive", "prepare"]
