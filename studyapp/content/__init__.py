"""Markdown content → typed model (decks, topics, cards, exercises, derivations)."""
