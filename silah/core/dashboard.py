"""The home dashboard: apps register cards; each role sees the cards it may use.

A card is a function taking the request and returning a `Card` or None (nothing to show
for this user). Later apps register theirs in their AppConfig.ready().
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class Card:
    title: str
    value: str | int
    description: str = ""
    url: str = ""
    tone: str = "secondary"  # a Bootstrap colour: success, warning, danger, ...
    items: list[tuple[str, str]] = field(default_factory=list)


CardFunction = Callable[[HttpRequest], Card | None]
_cards: list[tuple[int, CardFunction]] = []


def register(order: int = 100) -> Callable[[CardFunction], CardFunction]:
    def decorator(function: CardFunction) -> CardFunction:
        _cards.append((order, function))
        _cards.sort(key=lambda pair: pair[0])
        return function

    return decorator


def cards_for(request: HttpRequest) -> list[Card]:
    cards = []
    for _order, function in _cards:
        card = function(request)
        if card is not None:
            cards.append(card)
    return cards
