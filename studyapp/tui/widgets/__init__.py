"""Widgets of the review screen: the item views, the rating bar and the queue counts."""
