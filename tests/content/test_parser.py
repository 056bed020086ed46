from studyapp.content.model import CardKind, ExerciseKind, Tolerance
from studyapp.content.parser import parse_text

TOPIC = """
```deck
id: boosting
title: Boosting
```

```topic
id: adaboost
title: AdaBoost (自适应提升)
zh: AdaBoost; 弱分类器
summary: Sequential reweighting.
```
"""


def parse(body: str):
    return parse_text(TOPIC + body, "boosting/adaboost.md")


def only_topic(parsed):
    (deck,) = parsed.decks
    (topic,) = deck.topics
    return topic


def test_basic_card_keeps_explicit_id_and_line():
    parsed = parse("```cards\nQ: What is reweighted? {#ada-weights}\nA: The training points.\n```\n")
    (card,) = only_topic(parsed).cards
    assert (card.id, card.front, card.back, card.kind) == ("ada-weights", "What is reweighted?", "The training points.", CardKind.BASIC)
    assert card.source.line == 14
    assert card.deck_id == "boosting" and card.topic_id == "adaboost"
    assert parsed.problems == []


def test_reverse_card_makes_two_siblings():
    parsed = parse("```cards\nR: Weak learner {#weak}\nA: Slightly better than chance.\n```\n")
    front, back = only_topic(parsed).cards
    assert (front.id, back.id) == ("weak", "weak~rev")
    assert back.front == "Slightly better than chance." and back.kind is CardKind.REVERSE
    assert front.sibling_of == back.sibling_of == "weak"


def test_cloze_card_per_deletion():
    parsed = parse("```cards\nC: α = {{c1::½·ln((1−e)/e)}} with error {{c2::e}} {#alpha}\n```\n")
    first, second = only_topic(parsed).cards
    assert first.id == "alpha~c1" and first.front == "α = […] with error e"
    assert "[½·ln((1−e)/e)]" in first.back
    assert second.front == "α = ½·ln((1−e)/e) with error […]"


def test_an_answer_line_after_a_cloze_line_shows_under_each_of_its_cards():
    parsed = parse(
        "```cards\nC: {{c1::Paris}} is the capital of {{c2::France}} {#paris}\n"
        "A: It has 2 million people\n  on the Seine\ntags: geo\n```\n"
    )
    first, second = only_topic(parsed).cards
    assert first.back == "[Paris] is the capital of France\n\nIt has 2 million people\non the Seine"
    assert second.back.endswith("\n\nIt has 2 million people\non the Seine")
    assert first.tags == second.tags == ("geo",)
    assert parsed.problems == []


def test_an_answer_line_after_nothing_it_can_answer_is_a_problem():
    parsed = parse("```cards\nQ: q {#q}\nA: a\nA: second answer\n```\n")
    (problem,) = parsed.problems
    assert problem.source.line == 16 and "`A:` without a `Q:`, `R:` or `C:`" in problem.message


def test_card_without_id_gets_generated_id_and_a_fix():
    parsed = parse("```cards\nQ: No id\nA: yes\n```\n")
    (card,) = only_topic(parsed).cards
    assert card.id.startswith("adaboost-") and not card.explicit_id
    assert [(f.line, f.mode, f.item_id) for f in parsed.fixes] == [(14, "suffix", card.id)]


def test_multiline_answer_continues_with_indentation():
    parsed = parse("```cards\nQ: Two lines {#two}\nA: first\n  second\n```\n")
    assert only_topic(parsed).cards[0].back == "first\nsecond"


def test_symbolic_exercise_fields():
    parsed = parse(
        "```exercise\nid: ada-alpha\nkind: symbolic\nprompt: Give alpha.\nvar: e real (0, 1/2)\n"
        "var: beta real (0, oo) sample [0.05, 2]\nanswer: log((1 - e)/e)/2\nalt: atanh(1 - 2*e)\n"
        "alt: log(sqrt((1-e)/e)) [numeric]\nwrong: log((1 - e)/e) | dropped the half\n```\n"
    )
    (ex,) = only_topic(parsed).exercises
    assert ex.kind is ExerciseKind.SYMBOLIC and ex.answer == "log((1 - e)/e)/2"
    e, beta = ex.variables
    assert (e.name, e.low, e.high, e.low_open, e.high_open) == ("e", "0", "1/2", True, True)
    assert beta.sample == ("0.05", "2")
    assert ex.alternatives[1].numeric_only and not ex.alternatives[0].numeric_only
    assert ex.wrong_answers[0].message == "dropped the half"
    assert parsed.problems == []


def test_numeric_exercise_fields():
    parsed = parse(
        "```exercise\nid: oob\nkind: numeric\nprompt: OOB for n = {n}?\ngiven: n = 10\nlet: p = 1/n\n"
        "reference: (1 - p)**n\nanswer: (9/10)**10\ntolerance: abs 0.001\nvary: n = randint(2, 1000)\n```\n"
    )
    (ex,) = only_topic(parsed).exercises
    assert ex.givens == (("n", "10"),) and ex.lets == (("p", "1/n"),)
    assert ex.tolerance == Tolerance("abs", 0.001)
    assert ex.variations[0].distribution == "randint" and ex.variations[0].args == (2, 1000)
    assert ex.parameterised


def test_derivation_steps_and_flawed():
    parsed = parse(
        "```derivation\nid: d\nprompt: Derive.\nvar: n integer [2, 1000]\n"
        "step: given: (1 - 1/n)**n | missed by all draws\nstep: limit n oo: exp(-1) | standard limit\n"
        "flawed: given: (1 - 1/n)**n\nflawed: limit n oo: 1 | base tends to 1\nwrong-step: 2\nmistake: 1**oo\n```\n"
    )
    (d,) = only_topic(parsed).derivations
    assert [s.relation for s in d.steps] == ["given", "limit n oo"]
    assert d.steps[0].justification == "missed by all draws"
    assert d.wrong_step == 2 and d.flawed[1].content == "1"
    assert parsed.problems == []


def test_bad_lines_are_reported_with_their_line_and_the_rest_loads():
    parsed = parse(
        "```cards\nQ: ok {#ok}\nA: fine\nthis is not a key\n```\n\n"
        "```exercise\nid: bad\nprompt: p\nanswer: 1\nvar: x complex\nwrong: 2\ntolerance: lots\n```\n"
    )
    messages = {(p.source.line, p.message.split(":")[0][:30]) for p in parsed.problems}
    lines = sorted(p.source.line for p in parsed.problems)
    assert lines == [16, 23, 24, 25]
    assert all(str(p).startswith("boosting/adaboost.md:") for p in parsed.problems)
    assert only_topic(parsed).cards[0].id == "ok"
    assert len(messages) == 4


def test_item_before_topic_is_a_problem():
    parsed = parse_text("```cards\nQ: orphan {#o}\nA: x\n```\n", "x.md")
    assert "before any ```topic" in parsed.problems[0].message


def test_unknown_key_is_reported():
    parsed = parse("```exercise\nid: x\nprompt: p\nanswer: 1\nanwser: 2\n```\n")
    assert any("unknown key `anwser`" in p.message for p in parsed.problems)


def test_fence_inside_other_markdown_is_ignored_unless_content_kind():
    parsed = parse("```python\nQ: not a card\n```\n")
    assert only_topic(parsed).cards == [] and parsed.problems == []


def test_a_fence_inside_a_block_asks_whether_the_block_was_closed():
    parsed = parse("```cards\nQ: a {#a}\nA: b\n\n```exercise\nid: x\n```\n")
    first = min(parsed.problems, key=lambda p: p.source.line)
    assert first.source.line == 17
    assert first.message == (
        "found ```exercise inside the ```cards block of line 13: is its closing ``` missing?"
    )


def test_a_block_left_open_at_the_end_of_the_file_is_an_error():
    parsed = parse("```cards\nQ: a {#a}\nA: b\n")
    assert [(p.source.line, p.message) for p in parsed.problems] == [
        (13, "the ```cards block is never closed: add a ``` line after it")
    ]
    assert only_topic(parsed).cards[0].id == "a"


def test_a_longer_closing_fence_closes_the_block():
    assert parse("```cards\nQ: a {#a}\nA: b\n````\n").problems == []
