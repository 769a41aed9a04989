"""Parser fuzzing: text built from the answer syntax's own pieces (names,
functions, operators, brackets, `.T`, numbers with huge exponents, stray Unicode), up to
the length limit. The parser terminates quickly and returns an Expression or raises a
clean ParseError with a position inside the text; the whole `check` pipeline returns a
verdict for anything typed."""


from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.core import expr
from explorer.core.check import check_answer
from explorer.core.expr import Expression, ParseError

PIECES = ["x", "A", "b", "z", "S", "mu", "sin", "cos", "exp", "log", "diag", "inv", "tr",
          "outer", "eye", "sigmoid", "(", ")", "[", "]", ",", "+", "-", "*", "/", "@", "^",
          "**", ".T", ".", " ", "1", "0", "2.5", "1e308", "9" * 40, "1e-400", "pi", "e",
          "−", "×", "ᵀ", "\u200b", "\n", "__class__", "lambda", ":", "=", "'", "\\", "#"]
TEXT = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=120).map("".join),
    st.text(max_size=200),
    st.builds(lambda p, n: p * n, st.sampled_from(["(", "[", "-", "x^", "sin(", "[x,"]),
              st.integers(1, 1200)),
)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_parser_terminates_fast_with_an_expression_or_a_clean_error(text):
    try:
        result = expr.parse(text, ["x", "A", "b", "z", "S", "mu"])
    except ParseError as exc:
        assert exc.reason and "\n" not in str(exc)
        assert 0 <= exc.position <= max(len(text), expr.MAX_LENGTH)
    else:
        assert isinstance(result, Expression)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["5.1", "5.7b", "5.8a", "5.6-g"]),
       st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_check_gives_a_verdict_for_anything_typed(exercise_id, text):
    verdict = check_answer(exercise_id, text, trials=2)
    assert verdict["verdict"] in ("correct", "wrong", "invalid")
    if verdict["verdict"] == "invalid":
        assert verdict["reason"] and "\n" not in verdict["reason"]
