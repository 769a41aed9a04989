"""The one error type the core raises for anything a user typed or chose, and the signal
that a caller gave up on a piece of work."""


class InputError(ValueError):
    """Bad input: an unknown id or name, an unparseable value, a wrong shape, or a value
    outside the function's domain. The message is one line and names the problem."""


class Cancelled(Exception):
    """The caller gave up on the work (the window's Cancel or Escape); raised at the next
    safe point between its steps."""
