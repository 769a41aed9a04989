"""The one error type the core raises for anything a user typed or chose."""


class InputError(ValueError):
    """Bad input: an unknown id or name, an unparseable value, a wrong shape, or a value
    outside the function's domain. The message is one line and names the problem."""
