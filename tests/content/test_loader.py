from pathlib import Path

from studyapp.content.ids import fix_ids
from studyapp.content.lint import lint
from studyapp.content.loader import load_content

DECK = "```deck\nid: boosting\ntitle: Boosting\n```\n"


def topic(topic_id: str, cards: str) -> str:
    return f"```topic\nid: {topic_id}\ntitle: {topic_id.title()}\n```\n\n```cards\n{cards}```\n"


def test_folder_deck_collects_topic_files(write_content):
    root = write_content(
        {
            "boosting/deck.md": DECK,
            "boosting/adaboost.md": topic("adaboost", "Q: a {#a}\nA: 1\n"),
            "boosting/gbdt.md": topic("gbdt", "Q: b {#b}\nA: 2\n"),
        }
    )
    content = load_content([root])
    assert content.problems == []
    (deck,) = content.decks
    assert [t.id for t in deck.topics] == ["adaboost", "gbdt"]
    assert all(item.deck_id == "boosting" for item in content.items())


def test_duplicate_id_names_both_places(write_content):
    root = write_content(
        {
            "boosting/deck.md": DECK,
            "boosting/a.md": topic("t1", "Q: a {#same}\nA: 1\n"),
            "boosting/b.md": topic("t2", "Q: b {#same}\nA: 2\n"),
        }
    )
    content = load_content([root])
    (problem,) = content.problems
    assert "duplicate id `same`" in problem.message
    assert str(problem.source).endswith("b.md:7") and "a.md:7" in problem.message
    assert [i.id for i in content.items()] == ["same"]


def test_malformed_file_does_not_stop_other_decks(write_content):
    root = write_content(
        {
            "boosting/deck.md": DECK,
            "boosting/a.md": topic("t1", "Q: a {#a}\nA: 1\n"),
            "other/deck.md": "```deck\nid: other\n```\n",
            "other/broken.md": "```topic\ntitle: no id\n```\n\n```cards\nQ: x {#x}\n```\n",
            "other/binary.md": "",
        }
    )
    (root / "other" / "binary.md").write_bytes(b"\xff\xfe\x00bad")
    content = load_content([root])
    assert {d.id for d in content.decks} == {"boosting", "other"}
    assert [i.id for i in content.items()] == ["a"]
    messages = [str(p) for p in content.problems]
    assert any("binary.md:1" in m and "UTF-8" in m for m in messages)
    assert any("broken.md:1" in m and "no `id:`" in m for m in messages)


def test_topic_without_deck_is_reported(write_content):
    root = write_content({"loose.md": topic("t", "Q: a {#a}\nA: 1\n")})
    content = load_content([root])
    assert "has no deck" in content.problems[0].message


def test_fix_ids_pins_generated_ids_and_keeps_them(write_content):
    root = write_content({"boosting/deck.md": DECK, "boosting/a.md": topic("t", "Q: first\nA: 1\nQ: second {#s}\nA: 2\n")})
    before = [i.id for i in load_content([root]).items()]
    assert len(lint([root]).problems) == 1
    assert fix_ids([root]) == 1
    text = (root / "boosting" / "a.md").read_text()
    assert f"Q: first {{#{before[0]}}}" in text
    edited = text.replace("Q: first", "Q: first, reworded")
    (root / "boosting" / "a.md").write_text(edited)
    assert [i.id for i in load_content([root]).items()] == before
    assert lint([root]).problems == []


def test_moved_file_keeps_ids(write_content, tmp_path: Path):
    root = write_content({"boosting/deck.md": DECK, "boosting/a.md": topic("t", "Q: a {#a}\nA: 1\n")})
    (root / "boosting" / "sub").mkdir()
    (root / "boosting" / "a.md").rename(root / "boosting" / "sub" / "renamed.md")
    content = load_content([root])
    assert [(i.id, i.deck_id) for i in content.items()] == [("a", "boosting")]


class DictCache:
    def __init__(self):
        self.data, self.hits = {}, 0

    def get(self, key, mtime_ns, size):
        hit = self.data.get((key, mtime_ns, size))
        self.hits += hit is not None
        return hit

    def put(self, key, mtime_ns, size, parsed):
        self.data[(key, mtime_ns, size)] = parsed


def test_cache_skips_unchanged_files_and_is_not_mutated(write_content):
    root = write_content(
        {"boosting/deck.md": DECK, "boosting/a.md": topic("t", "Q: a {#a}\nA: 1\n"), "boosting/b.md": topic("t2", "Q: b {#a}\nA: 1\n")}
    )
    cache = DictCache()
    first = load_content([root], cache)
    second = load_content([root], cache)
    assert cache.hits == 3
    assert [i.id for i in first.items()] == ["a"]
    # a file from the cache brings its items as refs: ids and places only
    assert second.items() == []
    assert [r.id for d in second.decks for t in d.topics for r in t.refs] == ["a"]
    assert len(second.problems) == 1


def test_deck_declared_in_the_topic_file_keeps_its_topics_once(write_content):
    root = write_content({"solo.md": DECK + "\n" + topic("t", "Q: a {#a}\nA: 1\n")})
    content = load_content([root])
    assert content.problems == []
    assert [[t.id for t in d.topics] for d in content.decks] == [["t"]]


def test_renaming_the_folder_deck_reaches_cached_topic_files(write_content):
    root = write_content({"boosting/deck.md": DECK, "boosting/a.md": topic("t", "Q: a {#a}\nA: 1\n")})
    cache = DictCache()
    load_content([root], cache)
    (root / "boosting" / "deck.md").write_text(DECK.replace("id: boosting", "id: renamed"))
    content = load_content([root], cache)
    assert [(i.id, i.deck_id) for i in content.items()] == [("a", "renamed")]


def test_a_single_file_belongs_to_the_deck_md_above_it(write_content):
    root = write_content(
        {
            "boosting/deck.md": DECK,
            "boosting/trees/adaboost.md": topic("adaboost", "Q: a {#a}\nA: 1\n"),
            "boosting/trees/gbdt.md": topic("gbdt", "Q: b {#b}\nA: 2\n"),
        }
    )
    content = load_content([root / "boosting/trees/adaboost.md"])
    assert content.problems == []
    (deck,) = content.decks
    assert (deck.id, [t.id for t in deck.topics]) == ("boosting", ["adaboost"])


def test_a_missing_content_folder_is_named_without_a_line(tmp_path: Path):
    missing = tmp_path / "no-such-folder"
    (problem,) = load_content([missing]).problems
    assert str(problem) == f"{missing}: error: content folder does not exist"
