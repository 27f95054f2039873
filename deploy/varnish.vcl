vcl 4.1;
# The edge cache (Varnish, with varnish-modules' xkey) in front of the web processes, as
# docker-compose.yml and the local stack (deploy/stack.py, which fills the {…}) run it.
#
# * Pages carry the keys of what they show (the "xkey" header, see claims/caching/page_cache.py);
#   a public change purges exactly those keys (PURGE with "xkey-purge", sent by the app on
#   commit, from the purgers below only). So pages are kept long here, and one event's edit
#   leaves every other page cached. An edit is purged softly (xkey-softpurge): its old copies
#   are served while fresh ones are fetched, so no reader waits; a withdrawal (something
#   unpublished or deleted) hard, with xkey-purge: its old copies are gone at once.
# * Staff (a session cookie) always pass; nothing is cached for them.
# * Grace: a page whose time is up is served at once while a fresh copy is fetched, and for
#   as long as the app or its database fails (a 5xx from a background fetch is thrown away).

import directors;
import std;
import xkey;

{backends}

acl purgers {
    "127.0.0.1";
    "::1";
{purgers}
}

sub vcl_init {
    new web = directors.round_robin();
{director_adds}
}

sub vcl_recv {
    set req.backend_hint = web.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        } elsif (req.http.xkey-softpurge) {
            # An edit: the old copies stay, served while the new ones are fetched.
            set req.http.n-gone = xkey.softpurge(req.http.xkey-softpurge);
        } else {
            return (synth(400, "Name the keys to purge in xkey-purge or xkey-softpurge."));
        }
        return (synth(200, "Purged " + req.http.n-gone));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        set req.http.X-Edge-Pass = "1";
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        set req.http.X-Edge-Pass = "1";
        return (pass);  # staff: drafts, never cached
    }
    # Readers' pages carry nothing per visitor: the app reads no other cookie on them.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    if (bereq.is_bgfetch && (beresp.status >= 500 || beresp.http.X-Cache ~ "^(updating|stale)$")) {
        # An error, or the app's own previous copy (being rendered afresh, or the database
        # is down): keep serving the copy we have, and ask again on the next request.
        return (abandon);
    }
    set beresp.grace = 24h;
    set beresp.keep = 1h;
    if (beresp.http.xkey && beresp.ttl > 0s) {
        # The app purges what a change shows: keep it long (browsers keep their max-age).
        set beresp.ttl = 1h;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.xkey;
    if (req.http.X-Edge-Pass) {
        set resp.http.X-Edge-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "hit";
    } else {
        set resp.http.X-Edge-Cache = "miss";
    }
}
