"""Worked derivations: every file loads and validates, every stated formula is verified
numerically at random points, and the verifier does catch a wrong formula."""

import dataclasses
import json

import pytest

from explorer.core import derivations as Dv
from explorer.core import registry
from explorer.core.errors import InputError


def test_one_derivation_per_exercise_id():
    for exercise_id in registry.ids():
        d = Dv.load(exercise_id)
        assert d.id == exercise_id and d.statement and d.result
        assert d.steps and any(s.check for s in d.steps)
        assert d.mistakes


@pytest.mark.parametrize("exercise_id", registry.ids())
def test_every_partial_and_step_holds(exercise_id):
    d = Dv.load(exercise_id)
    results = Dv.verify(d, registry.get(exercise_id), points=3, seed=7)
    checked = sum(1 for s in d.steps if s.check) + len(d.partials)
    assert len(results) == checked
    assert all(r.ok for r in results), [r for r in results if not r.ok]


def test_chain_rule_exercises_list_every_partial_with_its_shape():
    for exercise_id in ("5.7a", "5.7b", "5.8a", "5.8c", "5.9", "5.6-f"):
        d = Dv.load(exercise_id)
        assert d.chain and len(d.partials) >= 2
        for p in d.partials:
            assert p.shape and p.latex and p.value
    assert Dv.load("5.8c").partials[0].shape == ("M", "M")
    assert Dv.load("5.8c").partials[1].shape == ("M", "N")


def test_verifier_rejects_a_wrong_step_and_a_wrong_partial():
    d = Dv.load("5.7a")
    bad_step = dataclasses.replace(d.steps[-1], check="x.T/(1+x.T@x)")
    bad_partial = dataclasses.replace(d.partials[1], check="x.T")
    broken = dataclasses.replace(d, steps=(*d.steps[:-1], bad_step),
                                 partials=(d.partials[0], bad_partial))
    results = {r.what: r for r in Dv.verify(broken, registry.get("5.7a"))}
    assert not results["partial dz_dx"].ok
    assert not results[f"step {len(d.steps)}"].ok
    assert results["partial df_dz"].ok


def test_verifier_catches_the_seed_shape_swap_of_5_8c():
    d = Dv.load("5.8c")
    swapped = dataclasses.replace(d.steps[3], check="dz_dx@df_dz")  # not conformable M≠N
    broken = dataclasses.replace(d, steps=(*d.steps[:3], swapped, *d.steps[4:]))
    with pytest.raises(InputError):
        Dv.verify(broken, registry.get("5.8c"))


def test_malformed_files_are_refused():
    raw = json.loads(Dv.path_of(registry.get("5.1")).read_text(encoding="utf-8"))
    with pytest.raises(InputError, match="'id'"):
        Dv.from_dict(raw, "5.2")
    with pytest.raises(InputError, match="unknown keys"):
        Dv.from_dict({**raw, "extra": 1}, "5.1")
    with pytest.raises(InputError, match="check"):
        Dv.from_dict({**raw, "steps": [{"latex": "x", "check": "x"}]}, "5.1")
    with pytest.raises(InputError):
        Dv.from_dict({**raw, "terms": ["__import__('os')"]}, "5.1")
    with pytest.raises(InputError, match="unknown keys"):  # the title is the exercise's
        Dv.from_dict({**raw, "title": "Product and chain rule"}, "5.1")
    with pytest.raises(InputError, match="unknown exercise id"):
        Dv.load("5.99")
    from explorer.core.custom import CustomFunction

    with pytest.raises(InputError, match="no worked derivation"):
        Dv.load(CustomFunction("x^2"))


def test_each_derivation_sits_beside_its_exercise_module():
    import sys
    from pathlib import Path

    for ex in registry.exercises():
        module = Path(sys.modules[type(ex).__module__].__file__)
        assert Dv.path_of(ex) == module.with_suffix(".json") and Dv.exists(ex)


def test_the_seed_errors_are_described_as_mistakes():
    reasons = " ".join(m.reason for i in registry.ids() for m in Dv.load(i).mistakes)
    for phrase in ("T₀ = 1", "swapped", "direct term", "column instead of a row",
                   "factor 2"):
        assert phrase in reasons, phrase


def test_the_seeds_slips_are_notes_on_the_source_not_mistakes():
    notes = {i: " ".join(Dv.load(i).notes) for i in registry.ids()}
    assert "⇒" in notes["5.5-f1"] and "tr(A×B)" in notes["5.6-g"] and "a)" in notes["5.8a"]
    assert "T₀" in notes["5.4"] and "swaps" in notes["5.8c"]
    for exercise_id in registry.ids():
        for m in Dv.load(exercise_id).mistakes:  # a mistake is one a learner makes
            assert "worked solution" not in m.reason and "slip" not in m.reason, m
            assert r"\Rightarrow" not in m.latex and r"\text{(a)}" not in m.latex, m


def test_resources_are_declared_as_package_data():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    assert "core/exercises/*.json" in config["tool"]["setuptools"]["package-data"][
        "explorer"]


def test_a_partial_is_named_not_stated():
    """The panel shows a partial as 'NAME = VALUE ∈ ℝ…': a name that is itself an equation
    ('u′(x), u = 1 + e⁻ˣ') would read as u = 1 + e⁻ˣ = −e⁻ˣ."""
    for exercise_id in registry.ids():
        for p in Dv.load(exercise_id).partials:
            assert "=" not in p.latex, (exercise_id, p.latex)
