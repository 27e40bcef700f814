"""What each app holds for a person: one registry that merge, copy and destruction walk.

A `Holder` is registered by the app that owns the records (the registry for its own tables,
later the requests and tickets apps for theirs). Three services use the list:

- merge (`silah.registry.merge`): `merge(survivor, merged)` moves everything that belongs to
  `merged` onto `survivor` inside the merge's transaction;
- the data-subject copy (PDPL): `export(beneficiary)` returns readable sections of what is held;
- destruction (PDPL): `destroy(beneficiary)` removes or anonymises what no rule requires keeping.

Holders run in `order` (lowest first); a holder may leave any of the three as None when it has
nothing to do for that service.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Holder:
    key: str
    label: str | Promise
    order: int = 100
    merge: Callable[[Any, Any], None] | None = None
    export: Callable[[Any], list[dict[str, Any]]] | None = None
    destroy: Callable[[Any], None] | None = None


_holders: dict[str, Holder] = {}


def register(holder: Holder) -> None:
    """Add `holder` (registering the same key again replaces it)."""
    _holders[holder.key] = holder


def holders() -> list[Holder]:
    return sorted(_holders.values(), key=lambda holder: (holder.order, holder.key))
