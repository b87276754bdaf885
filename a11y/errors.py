"""What can go wrong, in the service's own words. The web translates these to answers in one place
(a11y/web/errors.py), the CLI to one readable line; nothing below the web knows about HTTP."""


class NotFound(Exception):
    """What was asked for is not here; the message names it."""


class Unavailable(Exception):
    """Something the service needs (the database, the audio store, every voice) does not answer at
    the moment; asking again later may succeed. Never a cacheable answer."""


class NotReady(Exception):
    """What was asked for is being made (audio queued for a worker); ask again shortly."""
