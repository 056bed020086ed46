"""What the importer writes is what the content parser reads: each file the importer writes
also gives the parse it stores without reading the file back, and the two must be equal
for any note Anki can hold. The fast HTML path must agree with the full converter."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from studyapp.content.cloze import cloze_numbers
from studyapp.content.parser import parse_text
from studyapp.interop.anki.collection import NoteKind
from studyapp.interop.anki.content_writer import DeckFile, DeckFiles, TopicFile, deck_id
from studyapp.interop.anki.html import Markdown, converted, html_to_markdown
from studyapp.interop.anki.notes import ImportedNote, note_item_id

# Pieces of field HTML, with what may trip a line-based reader: comment and fence
# markers, key-like text, id markers, cloze deletions, line separators of every kind.
PIECES = [
    "a", "中文", " ", "  ", "\n", "\t", "&nbsp;", "&amp;", "&lt;b&gt;", "&#35;", "<b>", "</b>",
    "<i>", "</i>", "<br>", "<br/>", "<div>", "</div>", "<p>", "</p>", "<ul><li>x</li></ul>",
    "<h2>T</h2>", "<span style='a'>s</span>", "<!-- c -->", "<", "#", "# h", "```", "~~~",
    "Q: x", "A:", "tags: t", "{#id}", "{#}", "{{c1::one}}", "{{c2::two::hint}}", "{{plain}}",
    "\\", "*", "`", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\x00",
    "\r", "\u3000", "\u00a0", "&", "nbsp;", "&nbsp", "[sound:a b.mp3]", '<img src="p.png">',
    '<a href="https://x.org">l</a>',
]
fields = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
tags = st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=5)
                .map(lambda text: "".join(text.split())).filter(bool), max_size=3)


@st.composite
def notes(draw: st.DrawFn) -> ImportedNote:
    kind = draw(st.sampled_from([NoteKind.BASIC, NoteKind.REVERSED, NoteKind.CLOZE, NoteKind.OTHER]))
    front = html_to_markdown(draw(fields))
    if kind is NoteKind.CLOZE:
        front = html_to_markdown(draw(fields) + "{{c1::" + draw(fields) + "}}" + draw(fields))
    if not front.lines:
        front = Markdown(["front"])
    if kind is NoteKind.CLOZE and not cloze_numbers(front.text):
        kind = NoteKind.BASIC  # the importer leaves such a note out (tested elsewhere)
    back = html_to_markdown(draw(fields))
    guid = draw(st.text(st.characters(min_codepoint=33, max_codepoint=0x2FFF), min_size=1, max_size=10))
    return ImportedNote(note_item_id(guid), kind, "Deck", front, back, tuple(draw(tags)), {})


def unique(items: list[ImportedNote]) -> list[ImportedNote]:
    return list({note.id: note for note in items}.values())


@given(st.lists(notes(), min_size=1, max_size=6).map(unique))
def test_the_cards_file_reads_back_as_the_parse_the_import_stores(imported):
    deck = DeckFiles("Deck", PurePosixPath("Deck"), imported)
    written = TopicFile(deck)
    parsed = parse_text(written.text, "Deck/cards.md", deck_id("Deck"))
    assert parsed == written.parsed("Deck/cards.md")
    assert not parsed.problems


@given(st.text(min_size=1, max_size=20), st.text(max_size=20))
def test_the_deck_file_reads_back_as_the_parse_the_import_stores(name, package):
    written = DeckFile(DeckFiles(name, PurePosixPath("d")), package, "parent-deck")
    parsed = parse_text(written.text, "d/deck.md", "parent-deck")
    assert parsed == written.parsed("d/deck.md")


@given(fields)
def test_the_quick_html_path_agrees_with_the_full_converter(html):
    quick, full = html_to_markdown(html), converted(html)
    assert (quick.lines, quick.media) == (full.lines, full.media)



# Whitespace as a browser collapses it, and what ``str.splitlines`` splits at.
SPACES = [" ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
          "\u2029", "\u00a0", "&nbsp;", "\u3000", "a", "中"]
SPACE_RUN = re.compile(r"[ \t\r\n\f\u00a0\x0b\x1c\x1d\x1e\x85\u2028\u2029]+")


@given(st.lists(st.sampled_from(SPACES), max_size=12).map("".join))
def test_each_run_of_whitespace_becomes_one_space(text):
    collapsed = SPACE_RUN.sub(" ", text.replace("&nbsp;", "\u00a0"))
    line = collapsed.strip()
    assert html_to_markdown(text).lines == converted(text).lines == ([line] if line else [])
    bold = f"<b>{text}</b>"  # through the substitution path
    assert html_to_markdown(bold).lines == converted(bold).lines == [f"**{collapsed}**"]
