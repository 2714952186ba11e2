"""Caches with a bound: what the server keeps of its renders cannot grow past a known size."""

from collections import OrderedDict
from collections.abc import Hashable

# Every key of every cache of renders is reduced to known values (a room, a view, one of the six
# languages, a participant holding a code), so an outsider cannot add entries; the bounds are a
# second wall, sized well above what a meeting day needs (5 rooms x 6 views x 6 x 7 languages).
SHARED_RENDERS = 512
PERSONAL_RENDERS = 4096  # a delegate's own box per view and language
ASK_VARIANTS = 256
PER_ROOM = 64  # rooms are few; a walk-in list, a queue's places or the chair's choices per room


class Bounded(OrderedDict):
    """A dict that forgets the entry used longest ago once it holds `limit` of them."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def get(self, key: Hashable, default=None):
        if key in self:
            self.move_to_end(key)
            return self[key]
        return default

    def __setitem__(self, key: Hashable, value) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        if len(self) > self.limit:
            self.popitem(last=False)
