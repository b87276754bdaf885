"""Every normalizing step, and the whole normalizer, take time linear in their input.

Long and adversarial strings (runs without a space of letters, syllables, digits, signs, brackets
and every shape a step looks for, repeated) are fed to each step and to `normalize`, each with a
time budget proportional to the input's length. The constant is generous (a loaded 2-core machine
must not flake it), yet a quadratic step blows it by far: 20,000 characters at n² is seconds.
"""

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from a11y.speech import DEFAULT_STEPS, load_lexicon, normalize, with_lexicon
from a11y.speech.normalizer import step_name

# Seconds allowed: a base for start-up work (the hanja table loads once) plus this much per character.
BASE_BUDGET_S = 0.5
PER_CHAR_BUDGET_S = 60e-6  # 10,000 characters: 1.1 s (a quadratic step takes several); bench/normalize.py measures

# Pieces that each step's patterns look for; repeated, they make the strings a step may choke on.
PIECES = [
    "a", "A", "가", "1", "0", " ", ".", ",", "(", ")", "[", "]", "“", "”", "'", '"', "-", "~", "·", "/",
    ":", "%", "%p", "▲", "▼", "±", "…", "靑", "頂上會議", "@", "www.", "http://", "$", "₩", "㎞", "km/h",
    "㎍/㎥", "1만", "3조", "K-", "i7", "S24", "Ⅲ", "vs", "®", "ⓒ", "\n", "기자", "(서울=", "씨", "모",
    "수십", "번", "대", "명", "시간", "년", "월", "일", "(월)", "112", "02-", "REUTERS/", "/2024-10-31 ",
    "NATO", "Google", "CEO", "을", "를", "이", "가", "x", "…", "!", "?", "&", "+", "=", "#", "_", "\t",
]  # fmt: skip

LEXICON = load_lexicon(None)
LEXICON_STEPS = with_lexicon(LEXICON)
ALL_STEPS = [*DEFAULT_STEPS, LEXICON]


def budget(text: str) -> float:
    return BASE_BUDGET_S + PER_CHAR_BUDGET_S * len(text)


def timed(function, text: str) -> float:
    """CPU seconds, not wall-clock: other work on a shared machine must not count against ours."""
    start = time.process_time()
    function(text)
    return time.process_time() - start


def repeated(piece: str, length: int) -> str:
    return (piece * (length // len(piece) + 1))[:length]


# --- every step on every piece repeated without a space -----------------------------------------

LONG_CHARS = 10_000


@pytest.mark.parametrize("step", ALL_STEPS, ids=[step_name(step) for step in ALL_STEPS])
def test_each_step_is_linear_on_long_runs_of_each_piece(step):
    for piece in PIECES:
        text = repeated(piece, LONG_CHARS)
        assert timed(step, text) < budget(text), (step_name(step), piece)


@pytest.mark.parametrize(
    "pieces",
    [("1", ","), ("1", "."), ("가", "("), ("A", "."), ("1", "-"), ("1", "~"), ("A", "/"), ("가", ")", "이"),
     ("1", "만", " "), ("1", "/"), ("가", "·"), ("A", " ", "b"), ("1", "일", "(", "월", ")"), ("▲", "1", "%")],
)  # fmt: skip
def test_each_step_is_linear_on_alternations(pieces):
    text = repeated("".join(pieces), LONG_CHARS)
    for step in ALL_STEPS:
        assert timed(step, text) < budget(text), step_name(step)


# --- random mixes (Hypothesis) --------------------------------------------------------------------

mixes = st.lists(st.sampled_from(PIECES), min_size=1, max_size=400).map("".join)
# Repeats a random mix many times: the shape a quadratic pattern is slowest on.
long_mixes = st.tuples(mixes, st.integers(min_value=1, max_value=200)).map(lambda pair: pair[0] * pair[1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=long_mixes)
def test_every_step_within_budget_on_random_long_mixes(text):
    for step in ALL_STEPS:
        assert timed(step, text) < budget(text), step_name(step)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=long_mixes)
def test_the_whole_normalizer_within_budget_and_leaves_nothing_to_guess(text):
    start = time.process_time()
    spoken = normalize(text, LEXICON_STEPS)
    assert time.process_time() - start < budget(text)
    assert not any(char.isdigit() for char in spoken)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_at_all_normalizes(text):
    """Any Unicode: no step raises, and no digit reaches the voice."""
    spoken = normalize(text, LEXICON_STEPS)
    assert not any("0" <= char <= "9" for char in spoken)


# --- the article limit --------------------------------------------------------------------------

ARTICLE_LIMIT_CHARS = 200_000
# Dense adversarial mixes ('▲1%' 66,000 times: 66,000 numbers, each with its sign) cost more per
# character than prose; quadratic work on 200,000 characters would take hours, so a loose budget
# still catches it. bench/normalize.py measures the real figures.
ARTICLE_PER_CHAR_BUDGET_S = 200e-6


@pytest.mark.parametrize(
    "piece",
    ["a", "A", "가", "1", "가A1.", "(가)", "1,", "1.", "▲1%", "靑", "가 나 ", "NATO는 ", "1만", "www.a", "@a."],
)
def test_the_whole_normalizer_on_an_article_sized_input(piece):
    text = repeated(piece, ARTICLE_LIMIT_CHARS)
    assert timed(lambda t: normalize(t, LEXICON_STEPS), text) < BASE_BUDGET_S + ARTICLE_PER_CHAR_BUDGET_S * len(text)


def signed_figures(count: int, seed: int = 1) -> list[str]:
    """'▲37%', '▼4.2%', …: random signed percentages, as bench/normalize.py builds its densest rows."""
    rng = random.Random(seed)
    return [
        rng.choice("▲▼") + str(rng.randint(1, 99)) + rng.choice(("", f".{rng.randint(0, 9)}")) + "%"
        for _ in range(count)
    ]


def test_the_whole_normalizer_on_article_sized_signed_figures_that_never_repeat():
    """No figure's reading is remembered from one in the same surroundings: each is read."""
    text = "".join(signed_figures(ARTICLE_LIMIT_CHARS // 4))[:ARTICLE_LIMIT_CHARS]
    assert timed(lambda t: normalize(t, LEXICON_STEPS), text) < BASE_BUDGET_S + ARTICLE_PER_CHAR_BUDGET_S * len(text)


def test_dense_signed_figures_read_as_each_figure_alone():
    """Thousands of figures without a space (past every sample of the reading tables) read as each
    would alone: a figure's sign and number are its own, whatever figures stand around it."""
    figures = signed_figures(5_000, seed=2)
    assert normalize("".join(figures)) == " ".join(normalize(figure) for figure in figures)


def test_an_over_long_number_is_read_digit_by_digit():
    spoken = normalize("1" * 5_000)
    assert len(spoken) <= 5_000  # one syllable a digit, not 20,000
    assert set(spoken) == {"일"}
