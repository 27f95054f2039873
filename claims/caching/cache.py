"""The cache behind whole public pages: the public version and the marks of what changed, the
shared Redis cache, and each process's copy of them and of its hottest pages. The middleware
that serves pages from it is ``claims/caching/page_cache.py`` (what is cached, for whom, under
which key, is said there); each public change reaches ``announce_version`` here through the
models' ``public_content_changed`` signal, with the keys it changed
(``claims/models/public.py``).

With a shared cache (Redis, in production) the version and the marks are kept in one Redis
hash, raised (never lowered) atomically by each change, and every process keeps its own copy
current by subscribing to the announcements writes make (``_Listener``): a hot page is then
served from the process's memory without asking anything of anyone — within a few
milliseconds of a write anywhere, never by waiting out a timeout. Until its subscription is up
(or if it drops) a process reads the page and the marks from Redis on every request, and every
two seconds it checks the database's version itself (a write that announced nothing). With a
per-process cache (the embedded default) each request reads the marks from the database, so
that no process can lag behind another.
"""

import functools
import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

from claims.models.public import EVERYTHING, Version


class _ReusedClients(RedisCacheClient):
    """Django's Redis client builds a new ``redis.Redis`` for every operation, and that
    constructor alone cost more than serving a static file (measured: ~0.4 ms of a 0.86 ms
    cache hit). A client is thread-safe over its pool: keep one per pool."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        if (client := clients.get(id(pool))) is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache``, reusing its clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients


logger = logging.getLogger(__name__)

MARKS_KEY = "newsdesk:public-marks"  # a hash: "#number", "#changed_at", and key → mark
# A key's withdrawal mark, beside its mark: the last change naming it that took something away
# from the public. A page outdated by edits only may be served while it is rendered afresh
# (``claims/caching/page_cache.py``); one outdated by a withdrawal never is.
WITHDRAWN = "!"
CHANNEL_KEY = "newsdesk:public-version-announcements"
LOCAL_PAGES = 500  # hot pages each process keeps in memory
PAGE_TTL = 24 * 60 * 60  # a bound on memory; marks, not the TTL, keep pages current
VARY = ("Accept-Encoding", "HX-Request", "HX-History-Restore-Request")

# Raise the version and the marks of a change's keys to its number, never lowering any: two
# announcements may arrive in either order.
_RAISE = """
local n = tonumber(ARGV[1])
if n > tonumber(redis.call('HGET', KEYS[1], '#number') or '0') then
  redis.call('HSET', KEYS[1], '#number', ARGV[1], '#changed_at', ARGV[2])
end
for i = 3, #ARGV do
  if n > tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '0') then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[1])
  end
end
return 1
"""


def _client(backend, write=False):
    return backend._cache.get_client(write=write)


def raise_marks(backend, version, keys):
    """Record a change in the shared hash (see ``_RAISE``)."""
    _client(backend, write=True).eval(
        _RAISE, 1, backend.make_key(MARKS_KEY), version.number, version.changed_at, *keys
    )


def shared_version(values):
    """The ``Version`` in a hash's ``#number`` and ``#changed_at`` (None if it has none)."""
    number, changed_at = values
    if number is None:
        return None
    return Version(int(number), float(changed_at))


def marked(keys, withdrawn):
    """The hash's fields a change raises: its keys' marks, and their withdrawal marks if it
    withdrew anything."""
    return [*keys, *(WITHDRAWN + key for key in keys)] if withdrawn else list(keys)


def read_marks(backend, keys):
    """``(version, highest mark of keys and of EVERYTHING, highest withdrawal mark of them)``
    from the shared hash."""
    shown = [EVERYTHING, *keys]
    fields = ["#number", "#changed_at", *shown, *(WITHDRAWN + key for key in shown)]
    values = _client(backend).hmget(backend.make_key(MARKS_KEY), fields)
    marks = [int(value) if value is not None else 0 for value in values[2:]]
    return shared_version(values[:2]), max(marks[: len(shown)]), max(marks[len(shown) :])


def forget_everything(backend):
    """A database restored from a backup counts versions again from an earlier one: forget
    every mark and every page (each process's memory too, see ``_Listener``)."""
    client = _client(backend, write=True)
    client.delete(backend.make_key(MARKS_KEY))
    for found in client.scan_iter(backend.make_key("newsdesk:page:*"), count=1000):
        client.delete(found)
    client.publish(backend.make_key(CHANNEL_KEY), json.dumps({"forget": True}))


@functools.cache
def release():
    """This release of the code: every cache key and ETag carries it, so a deploy never serves
    pages rendered by the previous templates (which may name static files that are gone).
    ``NEWSDESK_RELEASE`` when set (the image's build id), else a digest of the code, templates,
    static files and translations as they are on disk."""
    if settings.NEWSDESK_RELEASE:
        return settings.NEWSDESK_RELEASE
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for folder, pattern in (("claims", "*.py"), ("templates", "*.html"), ("static", "*.*"),
                            ("locale", "*.po"), ("newsdesk", "*.py")):  # fmt: skip
        for path in sorted(p for p in (root / folder).rglob(pattern) if p.is_file()):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def shared_cache():
    """Whether the page cache is Redis, shared by every process (else each process has its
    own, or none: the benchmarks' dummy cache)."""
    return isinstance(caches["default"], RedisCache)


class _Listener:
    """This process's copy of the public version and of the marks, current while it is
    subscribed to the announcements of writes (a Redis channel), and its most-read pages, in
    memory. One per cache configuration (servers and key prefix)."""

    def __init__(self, backend):
        self.backend = backend
        self.version = None  # a Version while subscribed; None: ask Redis per request
        self.marks = {}
        self.heard = 0  # announcements received since subscribing
        self.pages = OrderedDict()
        self.lock = threading.Lock()
        self.thread = None

    def ensure_running(self):
        if self.thread is None or not self.thread.is_alive():
            with self.lock:
                if self.thread is None or not self.thread.is_alive():
                    self.thread = threading.Thread(
                        target=self.run, name="newsdesk-public-version", daemon=True
                    )
                    self.thread.start()

    def run(self):
        failures = 0
        while True:
            try:
                self.listen()
                failures = 0
            except Exception as error:  # Redis restarting, say: serve per request until back
                if failures == 0:  # said once, not every second while Redis stays away
                    logger.warning("Lost the public version announcements (%s); retrying.", error)
                failures += 1
            self.version = None
            time.sleep(min(2**failures, 30) if failures else 1)

    def listen(self):
        backend = self.backend
        subscription = _client(backend).pubsub()
        subscription.subscribe(backend.make_key(CHANNEL_KEY))
        try:
            for message in subscription.listen():
                if message["type"] == "subscribe":
                    self.load()
                elif message["type"] == "message":
                    self.heard += 1
                    self.hear(json.loads(message["data"]))
        finally:
            subscription.close()

    def load(self):
        """Everything announced before we listened."""
        self.heard = 0
        found = _client(self.backend).hgetall(self.backend.make_key(MARKS_KEY))
        found = {name.decode(): value.decode() for name, value in found.items()}
        version = shared_version((found.pop("#number", None), found.pop("#changed_at", None)))
        with self.lock:
            self.marks = {key: int(mark) for key, mark in found.items()}
        if self.heard == 0:
            self.version = version

    def hear(self, message):
        if message.get("forget"):
            with self.lock:
                self.pages.clear()
            self.version = None
            self.load()
            return
        self.heard_locally(Version(message["number"], message["changed_at"]), message["keys"])

    def heard_locally(self, version, keys):
        """A write of this process: no need to wait for the echo."""
        with self.lock:
            for key in keys:
                if self.marks.get(key, 0) < version.number:
                    self.marks[key] = version.number
        if self.version is not None and version.number > self.version.number:
            self.version = version

    def highest(self, keys):
        marks = self.marks
        return max((marks.get(key, 0) for key in (EVERYTHING, *keys)), default=0)

    def highest_withdrawal(self, keys):
        marks = self.marks
        return max((marks.get(WITHDRAWN + key, 0) for key in (EVERYTHING, *keys)), default=0)

    def page(self, key):
        with self.lock:
            stored = self.pages.get(key)
            if stored is not None:
                self.pages.move_to_end(key)
            return stored

    def keep(self, key, stored):
        with self.lock:
            self.pages[key] = stored
            self.pages.move_to_end(key)
            while len(self.pages) > LOCAL_PAGES:
                self.pages.popitem(last=False)


_listeners = {}


def listener_of(backend):
    """The listener of this cache configuration, running (``None`` for other backends)."""
    if not isinstance(backend, SharedCache):
        return None
    configuration = (tuple(backend._servers), backend.key_prefix)
    if (listener := _listeners.get(configuration)) is None:
        listener = _listeners.setdefault(configuration, _Listener(backend))
    listener.ensure_running()
    return listener


def announce_version(sender=None, version=None, keys=(EVERYTHING,), withdrawn=True, **kwargs):
    """A write committed a new public ``version`` that changed ``keys`` (and ``withdrew``
    something, or not): raise their marks in the shared hash, and tell every process that
    follows the announcements (a receiver of ``public_content_changed``)."""
    if not shared_cache():
        return
    backend = caches["default"]
    keys = marked(keys, withdrawn)
    try:
        raise_marks(backend, version, keys)
        if (listener := listener_of(backend)) is not None:
            message = {**asdict(version), "keys": list(keys)}
            _client(backend, write=True).publish(backend.make_key(CHANNEL_KEY), json.dumps(message))
            listener.heard_locally(version, keys)
    except (RedisError, OSError):
        # The write is committed; only the cache missed the news. Pages are served uncached
        # while Redis is away (claims/caching/page_cache.py), so nobody reads an old copy.
        logger.warning("Could not announce public version %s to the cache.", version.number)
