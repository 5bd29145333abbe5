#!/usr/bin/env python3
"""Measure what frontfeed loses when it converts real feeds, against Python feedparser's reading.

For every feed file under the given folders:
  1. read the original with Python feedparser (XML) or with the JSON Feed reader below (JSON);
  2. run `frontfeed convert --to FMT --limit 0 FILE` for each requested format;
  3. read frontfeed's output the same way;
  4. match entries (by id, else link, else title) and compare them field by field.

Usage (feedparser 6.0: `pip install feedparser`; the feeds are not part of this repository):
  python3 scripts/compare-feeds.py [--bin target/release/frontfeed] DIR [DIR...] [--to atom,rss,json]
                                   [--json report.json] [--list-losses N] [--top N] [--jobs N]
                                   [--by-folder [DEPTH]] [--ff-arg=--home-url=https://example.org/]
  python3 scripts/compare-feeds.py --identity DIR      # self-test: "converts" by copying the input

Public suites to run it on: feedparser's tests/wellformed and tests/illformed, gofeed's testdata, the
W3C feed validator's testcases, and the real feeds kept in the test folders of feed parsers.

Honesty rules (so that a later frontfeed can be judged by the same yardstick):
  * Every field is read with dict.get on feedparser's dict, never through FeedParserDict's
    compatibility fallbacks (feedparser 6.0 maps `updated_parsed` to `published_parsed` when the
    former is missing; that would hide a lost date).  None, "" and a missing key all mean "absent".
  * Relative URLs: feedparser resolves them against xml:base and the document's URL.  A local file
    has no URL, so entry links and enclosure URLs of both the original and frontfeed's output are
    then joined to one base: the original's absolute rel=self link (the URL it would have been
    fetched from), else its absolute home link.  (Not passed as Content-Location: feedparser would
    then rewrite relative ids such as "1559104147038" as URLs too.)
  * URLs are compared after a light normalisation only (scheme/host case, default port, empty path
    as "/", percent-encoding of characters a URL library would encode).  Anything else is a change.
  * Titles, names and terms are compared as visible text: tags stripped, entities decoded, Unicode
    NFC, whitespace collapsed.  Category terms and author names are compared case-insensitively.
  * Dates are compared as UTC instants (calendar.timegm of *_parsed).  A date whose instant survives
    in the other date field (Atom `updated` written as RSS `pubDate`) counts as "moved", not lost.
    With --to rss, an `updated` distinct from a kept `published` has no RSS 2.0 element; it is
    counted apart, as "updated dropped (no RSS field)".
  * Only original entries that carry a title, a link, a summary/content or an enclosure count.
  * Matching: id, then link, then title, then the start of the text, then the first enclosure; an
    unused candidate first.  Originals sharing one output entry count as "merged".
  * Self-test: `--identity` (the input copied as the output) must report no loss at all.
  * "files rejected": exit 2, or frontfeed's summary says "N file(s) rejected" (not printed with
    --quiet), or the output has no entries although the original had some.
  * feedparser 6.0.14 does not read JSON Feed; JSON (original and output) is read by
    read_json_feed() below, which fills the same fields feedparser fills for XML feeds.
"""

import argparse
import calendar
import concurrent.futures
import html
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.parse
import warnings
from collections import Counter, defaultdict

import feedparser
from feedparser.datetimes import _parse_date

warnings.simplefilter("ignore")


def _patch_feedparser_repair():
    """feedparser silently 'repairs' UTF-8 text that was decoded as ISO-8859-1 and re-encoded
    (mojibake such as "SÃ¤nger" becomes "Sänger") in every value it reads.  That is right for the
    original (it is feedparser's reading), but it would hide mojibake that frontfeed writes, which
    other readers show as is.  So the repair is switched off while frontfeed's output is read."""
    import inspect
    import textwrap
    import feedparser.mixin as mx
    cond = "if self.encoding in ('utf-8', 'utf-8_INVALID_PYTHON_3') and not isinstance(output, bytes):"
    try:
        src = textwrap.dedent(inspect.getsource(mx._FeedParserMixin.pop))
    except (OSError, TypeError):
        return False
    if cond not in src:
        return False
    mx.__dict__["_CMP_REPAIR"] = [True]
    src = src.replace(cond, "if _CMP_REPAIR[0] and " + cond[3:])
    ns = {}
    exec(compile(src, mx.__file__, "exec"), mx.__dict__, ns)
    mx._FeedParserMixin.pop = ns["pop"]
    return True


STRICT_OUTPUT = _patch_feedparser_repair()


def set_repair(on):
    if STRICT_OUTPUT:
        import feedparser.mixin as mx
        mx.__dict__["_CMP_REPAIR"][0] = on


def repair(s):
    try:
        return s.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return s


def mojibake(s):
    """True when s holds UTF-8 that was decoded as ISO-8859-1/Windows-1252 (what feedparser repairs)."""
    if not s or not re.search("[\u00c2-\u00f4][\u0080-\u00bf]", s):
        return False
    try:
        return s.encode("iso-8859-1").decode("utf-8") != s
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False

FEED_EXTS = (".xml", ".rss", ".atom", ".rdf", ".json", ".feed", ".txt")
FORMATS = ("atom", "rss", "json")
TIMEOUT = 20
JSON_VERSIONS = {
    "https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1",
    "http://jsonfeed.org/version/1", "http://jsonfeed.org/version/1.1",
}

# --------------------------------------------------------------------------- normalisation


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in ("br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(s):
    """Visible text of a string that may hold HTML: tags stripped, entities decoded, NFC, spaces collapsed."""
    if not s:
        return ""
    s = str(s)
    if "<" in s or "&" in s:
        p = _Text()
        try:
            p.feed(s)
            p.close()
            s = "".join(p.parts)
        except Exception:
            s = html.unescape(re.sub(r"<[^>]*>", " ", s))
    s = unicodedata.normalize("NFC", s)
    return " ".join(s.split())


_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"


def norm_url(u):
    if not u:
        return ""
    u = str(u).strip()
    try:
        p = urllib.parse.urlsplit(u)
    except ValueError:
        return u
    scheme = p.scheme.lower()
    netloc = p.netloc
    if "@" not in netloc:
        netloc = norm_host(netloc)
        if (scheme == "http" and netloc.endswith(":80")) or (scheme == "https" and netloc.endswith(":443")):
            netloc = netloc.rsplit(":", 1)[0]
    path = p.path
    if scheme in ("http", "https") and netloc and not path:
        path = "/"
    q = lambda x: urllib.parse.quote(x, safe=_URL_SAFE)
    return urllib.parse.urlunsplit((scheme, netloc, q(path), q(p.query), q(p.fragment)))


def norm_host(netloc):
    """Lower case; a percent-encoded or Unicode host as its IDNA (xn--) form, as URL parsers do."""
    host, sep, port = netloc.rpartition(":") if re.search(r":\d*$", netloc) else (netloc, "", "")
    host = urllib.parse.unquote(host)
    try:
        host = host.encode("idna").decode("ascii") if any(ord(ch) > 127 for ch in host) else host
    except UnicodeError:
        pass
    return (host.lower() + sep + port)


def is_abs_http(u):
    return bool(u) and re.match(r"(?i)^https?://[^/]", str(u).strip()) is not None


def g(d, k, default=None):
    """dict.get without FeedParserDict's fallbacks; "" counts as absent."""
    if d is None:
        return default
    v = dict.get(d, k, default)
    return default if v in (None, "") else v


def ts(st):
    try:
        return calendar.timegm(st) if st else None
    except Exception:
        return None


# --------------------------------------------------------------------------- reading


def read_json_feed(data, base=""):
    """Read a JSON Feed into a feedparser-shaped dict (feed, entries, bozo, version)."""
    res = {"bozo": 0, "bozo_exception": None, "entries": [], "feed": {}, "version": "json"}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        text = data.decode("utf-8", "replace")
        res.update(bozo=1, bozo_exception="not UTF-8: %s" % e)
    try:
        doc = json.loads(text)
    except ValueError as e:
        res.update(bozo=1, bozo_exception="invalid JSON: %s" % e)
        return res
    if not isinstance(doc, dict):
        res.update(bozo=1, bozo_exception="not a JSON object")
        return res
    ver = doc.get("version")
    res["version"] = "json:%s" % ver
    if ver not in JSON_VERSIONS:
        res.update(bozo=1, bozo_exception="unknown JSON Feed version %r" % (ver,))
    feed = res["feed"]
    feed["title"] = doc.get("title")
    feed["link"] = doc.get("home_page_url")
    feed["self"] = doc.get("feed_url")
    base = base or (doc.get("feed_url") if is_abs_http(doc.get("feed_url")) else "") or (
        doc.get("home_page_url") if is_abs_http(doc.get("home_page_url")) else "")
    feed["base"] = base
    join = lambda u: urllib.parse.urljoin(base, u.strip()) if isinstance(u, str) and u.strip() else None
    items = doc.get("items")
    if not isinstance(items, list):
        res.update(bozo=1, bozo_exception="no items list")
        return res
    for it in items:
        if not isinstance(it, dict):
            continue
        e = {}
        if it.get("id") not in (None, ""):
            e["id"] = it["id"] if isinstance(it["id"], str) else json.dumps(it["id"])
        e["link"] = join(it.get("url"))
        e["title"] = it.get("title") if isinstance(it.get("title"), str) else None
        e["summary"] = it.get("summary") if isinstance(it.get("summary"), str) else None
        e["title_detail"] = e["summary_detail"] = {"type": "text/plain"}  # JSON Feed: plain text
        content = []
        for k in ("content_html", "content_text"):
            if isinstance(it.get(k), str):
                content.append({"value": it[k], "type": "text/html" if k == "content_html" else "text/plain"})
        e["content"] = content
        for k, dst in (("date_published", "published"), ("date_modified", "updated")):
            if isinstance(it.get(k), str) and it[k].strip():
                e[dst] = it[k]
                e[dst + "_parsed"] = _parse_date(it[k])
        authors = []
        raw = it.get("authors") if isinstance(it.get("authors"), list) else []
        if isinstance(it.get("author"), dict):
            raw = raw + [it["author"]]
        for a in raw:
            if not isinstance(a, dict):
                continue
            d = {}
            if isinstance(a.get("name"), str):
                d["name"] = a["name"]
            url = a.get("url")
            if isinstance(url, str) and url.lower().startswith("mailto:"):
                d["email"] = url[7:]
            elif isinstance(url, str):
                d["href"] = url
            authors.append(d)
        e["authors"] = authors
        tags = it.get("tags") or []
        tags = [tags] if isinstance(tags, str) else tags  # a lone string: one tag, leniently
        e["tags"] = [{"term": t} for t in tags if isinstance(t, str)]
        e["images"] = [join(it[k]) for k in ("image", "banner_image") if isinstance(it.get(k), str)]
        encs = []
        for a in it.get("attachments") or []:
            if isinstance(a, dict) and isinstance(a.get("url"), str):
                encs.append({"href": join(a["url"]), "type": a.get("mime_type"),
                             "length": a.get("size_in_bytes")})
        e["enclosures"] = encs
        res["entries"].append(e)
    return res


def looks_json(data):
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head[:1] in (b"{", b"[")


def feed_base(feed):
    for l in g(feed, "links", []) or []:
        if g(l, "rel") == "self" and is_abs_http(g(l, "href")):
            return g(l, "href").strip()
    if is_abs_http(g(feed, "link")):
        return g(feed, "link").strip()
    return ""


def read_feed(data, base=None):
    """Parse bytes as feedparser parses a local file (no HTTP headers: a Content-Location would make
    feedparser rewrite relative *ids* too).  Returns (result, base); base=None: take the feed's own."""
    if looks_json(data):
        r = read_json_feed(data, base or "")
        return r, r["feed"].get("base", base or "")
    r = feedparser.parse(data)
    if base is None:
        base = feed_base(r.feed)
    return r, base


def enclosures(e):
    """feedparser keeps enclosures as links with rel=enclosure (its `enclosures` key is computed);
    the JSON reader keeps a plain list."""
    if dict.get(e, "enclosures") is not None:
        return dict.get(e, "enclosures") or []
    return [l for l in (dict.get(e, "links") or []) if dict.get(l, "rel") == "enclosure"]


def text_of(value, detail):
    """Visible text of a feedparser text construct: markup stripped only when it is HTML/XHTML."""
    typ = (g(detail, "type") or "text/html").lower()
    if "html" in typ:
        return visible(value)
    return " ".join(unicodedata.normalize("NFC", str(value or "")).split())


# --------------------------------------------------------------------------- entries


class Entry:
    """One entry reduced to what is compared.  fix: a function applied to every text first (used to
    repair mojibake on the output side when the source itself carries it)."""
    __slots__ = ("id", "link", "title", "dates", "encs", "names", "emails", "terms", "text", "has_body",
                 "raw_dates", "index", "images", "body_key", "enc_key", "moji", "raw", "base")

    def __init__(self, e, index, base="", fix=None):
        self.index, self.raw, self.base = index, e, base
        fx = fix or (lambda x: x)
        raw_texts = []

        def t(x):
            if isinstance(x, str):
                raw_texts.append(x)
                return fx(x)
            return x
        url = lambda u: norm_url(urllib.parse.urljoin(base, str(u).strip()) if base and u else u)
        self.id = (str(g(e, "id")).strip() or None) if g(e, "id") is not None else None
        self.link = url(g(e, "link")) or None
        self.title = text_of(t(g(e, "title")), g(e, "title_detail", {"type": "text/plain"})) or None
        self.dates = {}
        self.raw_dates = {}
        for k in ("published", "updated"):
            v = ts(g(e, k + "_parsed"))
            if v is not None:
                self.dates[k] = v
            if g(e, k):
                self.raw_dates[k] = str(g(e, k))
        self.encs = {}
        for x in enclosures(e):
            h = url(g(x, "href"))
            if h and h not in self.encs:
                ln = g(x, "length")
                try:
                    ln = int(str(ln).strip()) if ln is not None else None
                except ValueError:
                    ln = None
                typ = g(x, "type")
                typ = str(typ).split(";")[0].strip().lower() if typ else None
                self.encs[h] = (typ or None, ln if ln and ln > 0 else None)
        self.images = {url(u) for u in dict.get(e, "images") or [] if u}
        self.names, self.emails = set(), set()
        for a in g(e, "authors", []) or []:
            if not isinstance(a, dict):
                continue
            n = visible(t(g(a, "name"))).casefold()
            m = (g(a, "email") or "").strip().lower()
            if n:
                self.names.add(n)
            if m:
                self.emails.add(m)
        self.terms = set()
        for tag in g(e, "tags", []) or []:
            term = visible(t(g(tag, "term") or g(tag, "label"))).casefold()
            if term:
                self.terms.add(term)
        bodies = [(g(e, "summary"), g(e, "summary_detail"))] + [
            (g(c, "value"), c) for c in g(e, "content", []) or []]
        bodies = [(t(b), d) for b, d in bodies if b and str(b).strip()]
        self.has_body = bool(bodies)
        self.text = max((text_of(b, d) for b, d in bodies), key=len, default="")
        raw_body = max((" ".join(str(b).split()) for b, _ in bodies), key=len, default="")
        self.body_key = self.text[:300] or raw_body[:300] or None  # markup-only bodies by their markup
        self.enc_key = min(self.encs) if self.encs else None
        self.moji = any(mojibake(x) for x in raw_texts)

    def countable(self):
        return bool(self.title or self.link or self.has_body or self.encs)

    def label(self):
        return self.id or self.link or self.title or "#%d" % self.index

    def repaired(self):
        return Entry(self.raw, self.index, self.base, fix=repair)


MATCH_KEYS = ("id", "link", "title", "body_key", "enc_key")


def match(orig, out):
    """Map each original entry to an output entry: by id, then link, then title, then (for entries
    that have none of those) the start of their text, then their first enclosure; an unused
    candidate first, else a used one (the entry then counts as merged)."""
    by = {k: defaultdict(list) for k in MATCH_KEYS}
    for o in out:
        for k in by:
            v = getattr(o, k)
            if v:
                by[k][v].append(o)
    used = set()
    pairs = {}
    how = {}
    for k in MATCH_KEYS:
        for e in orig:
            if e.index in pairs or not getattr(e, k):
                continue
            cands = by[k].get(getattr(e, k))
            if not cands:
                continue
            free = [c for c in cands if c.index not in used]
            c = free[0] if free else cands[0]
            pairs[e.index] = c
            how[e.index] = k
            used.add(c.index)
    # last resort: one unmatched original and one unmatched output entry left: they are a pair
    left = [e for e in orig if e.index not in pairs]
    free = [o for o in out if o.index not in used and o.countable()]
    if len(left) == 1 and len(free) == 1:
        pairs[left[0].index] = free[0]
        how[left[0].index] = "leftover"
    return pairs, how


# --------------------------------------------------------------------------- comparing


COUNTERS = [
    # key, label
    ("files", "files"),
    ("files_rejected", "files rejected (no entries out, or frontfeed said so)"),
    ("files_rejected_bozo0", "  of them read cleanly by feedparser (bozo=0)"),
    ("crashes", "crashes (exit not 0/1/2, panic)"),
    ("timeouts", "timeouts (%d s)" % TIMEOUT),
    ("bad_output", "output feedparser cannot read cleanly (bozo=1)"),
    ("entries", "entries in originals"),
    ("lost", "entries lost"),
    ("merged", "entries merged into another"),
    ("added", "entries added"),
    ("matched_by_link_or_title", "id changed (matched by link or title)"),
    ("mojibake", "mojibake written (UTF-8 read as Latin-1) in title/text"),
    ("mojibake_source", "mojibake of the source kept (feedparser repairs it)"),
    ("title_lost", "title lost"),
    ("title_changed", "title changed"),
    ("title_escaping", "title differs only by a level of &-escaping"),
    ("link_lost", "link lost"),
    ("link_changed", "link changed"),
    ("published", "entries with a published date"),
    ("published_lost", "published lost"),
    ("published_changed", "published changed"),
    ("updated", "entries with an updated date"),
    ("updated_lost", "updated lost"),
    ("updated_changed", "updated changed"),
    ("updated_no_rss_field", "updated dropped (no RSS field; published kept)"),
    ("date_moved", "date kept, in the other date field"),
    ("date_unparsed_orig", "original date feedparser cannot parse"),
    ("date_gained", "date given where feedparser read none"),
    ("enclosures", "enclosures"),
    ("enclosures_lost", "enclosures lost"),
    ("enclosure_type_changed", "enclosure type lost/changed"),
    ("enclosure_length_changed", "enclosure length lost/changed"),
    ("enclosure_as_image", "enclosure written as the JSON item's image"),
    ("enclosures_added", "enclosures added"),
    ("authored", "entries with authors"),
    ("authors_lost", "authors lost"),
    ("authors_cut", "authors cut short"),
    ("categorised", "entries with categories"),
    ("categories_lost", "category sets lost"),
    ("categories_cut", "category sets cut short"),
    ("bodied", "entries with summary/content"),
    ("body_lost", "summary/content lost"),
    ("body_cut", "summary/content cut to < 50% of its text"),
    ("seconds", "wall time, s (frontfeed)"),
]


def compare_entries(orig, out, fmt, rec, c, strict_orig=lambda i: None):
    pairs, how = match(orig, out)
    seen_out = set()
    for e in orig:
        o = pairs.get(e.index)
        if o is None:
            c["lost"] += 1
            rec["lost"].append(e.label())
            continue
        if o.index in seen_out:
            c["merged"] += 1
            rec["merged"].append(e.label())
            continue
        seen_out.add(o.index)
        if how[e.index] != "id" and e.id:
            c["matched_by_link_or_title"] += 1
        d = []
        if o.moji and not e.moji:
            src = strict_orig(e.index)
            if src is not None and src.moji:
                d.append("mojibake_source")  # the source carries it; feedparser repaired it
                o = o.repaired()
            else:
                d.append("mojibake")
        if e.title and not o.title:
            d.append("title_lost")
        elif e.title and o.title != e.title:
            if html.unescape(e.title) == html.unescape(o.title):
                d.append("title_escaping")  # one level of &-escaping more or less (RSS's ambiguity)
            else:
                d.append("title_changed")
        if e.link and not o.link:
            d.append("link_lost")
        elif e.link and o.link != e.link:
            d.append("link_changed")
        for k in ("published", "updated"):
            if k in e.raw_dates and k not in e.dates:
                c["date_unparsed_orig"] += 1
                if k in o.dates:
                    c["date_gained"] += 1
            if k not in e.dates:
                continue
            c[k] += 1
            v = e.dates[k]
            if o.dates.get(k) == v:
                continue
            if v in o.dates.values():
                c["date_moved"] += 1
            elif k in o.dates:
                d.append(k + "_changed")
            elif (fmt == "rss" and k == "updated" and "published" in e.dates
                  and o.dates.get("published") == e.dates["published"]):
                c["updated_no_rss_field"] += 1
            else:
                d.append(k + "_lost")
        for h, (typ, ln) in e.encs.items():
            c["enclosures"] += 1
            if h not in o.encs:
                if h in o.images:
                    c["enclosure_as_image"] += 1
                else:
                    d.append("enclosures_lost")
                continue
            otyp, oln = o.encs[h]
            if typ and otyp != typ:
                d.append("enclosure_type_changed")
            if ln and oln != ln:
                d.append("enclosure_length_changed")
        c["enclosures_added"] += len(set(o.encs) - set(e.encs))
        want = e.names | {"<%s>" % m for m in e.emails}
        have = o.names | {"<%s>" % m for m in o.emails}
        if want:
            c["authored"] += 1
            if not have:
                d.append("authors_lost")
            elif want - have:
                d.append("authors_cut")
        if e.terms:
            c["categorised"] += 1
            if not (e.terms & o.terms):
                d.append("categories_lost")
            elif e.terms - o.terms:
                d.append("categories_cut")
        if e.has_body:
            c["bodied"] += 1
            if not o.has_body:
                d.append("body_lost")
            elif len(e.text) >= 20 and len(o.text) < 0.5 * len(e.text):
                d.append("body_cut")
        for k in d:
            c[k] += 1
            ex = rec["changes"].setdefault(k, [])
            if len(ex) < 5:
                ex.append(describe(k, e, o))
    added = sum(1 for o in out if o.index not in seen_out and o.countable())
    c["added"] += added
    rec["added"] = added


def describe(k, e, o):
    lab = e.label()
    if k.startswith(("title", "mojibake")):
        return "%s: %r -> %r" % (lab, e.title, o.title)
    if k.startswith("link"):
        return "%s: %r -> %r" % (lab, e.link, o.link)
    if k.startswith(("published", "updated")):
        kk = k.split("_")[0]
        f = lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)) if t is not None else None
        return "%s: %s (%r) -> %s" % (lab, f(e.dates.get(kk)), e.raw_dates.get(kk), f(o.dates.get(kk)))
    if k.startswith("enclosure"):
        return "%s: %r -> %r" % (lab, e.encs, o.encs)
    if k.startswith("authors"):
        return "%s: %r -> %r" % (lab, sorted(e.names) + sorted(e.emails), sorted(o.names) + sorted(o.emails))
    if k.startswith("categories"):
        return "%s: %r -> %r" % (lab, sorted(e.terms), sorted(o.terms))
    if k.startswith("body"):
        return "%s: %d chars -> %d chars" % (lab, len(e.text), len(o.text))
    return lab


_MSG = re.compile(r"(?:^|: )(error|warning): (.*)$")


def reasons(stderr):
    """frontfeed's own messages, with numbers and quoted values blanked, for grouping."""
    out = []
    for line in stderr.splitlines():
        m = _MSG.search(line)
        if not m or line.startswith(" "):
            continue
        msg = m.group(2)
        msg = re.sub(r"`[^`]*`", "`…`", msg)
        msg = re.sub(r"<[^>]*>", "<…>", msg) if "not a feed" in msg else msg
        msg = re.sub(r"#\d+", "#N", msg)
        msg = re.sub(r"(?<![A-Za-z-])\d+", "N", msg)  # keeps "UTF-8", "RFC 822" loses its number
        out.append("%s: %s" % (m.group(1), msg))
    return out


def run_frontfeed(args, path, fmt, workdir):
    if args.identity:
        return 0, open(path, "rb").read(), "", 0.0, False
    cmd = [args.bin, "convert", "--config", os.path.join(workdir, "empty.toml"), "--no-cache",
           "--to", fmt, "--limit", "0"] + (["-q"] if args.quiet else []) + args.ff_arg + [path]
    env = dict(os.environ, XDG_CACHE_HOME=os.path.join(workdir, "cache"), NO_COLOR="1")
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, timeout=args.timeout)
        return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace"), time.monotonic() - t0, False
    except subprocess.TimeoutExpired as e:
        return None, e.stdout or b"", (e.stderr or b"").decode("utf-8", "replace"), time.monotonic() - t0, True


def process(job):
    args, path, corpus = job
    path = os.path.abspath(path)
    workdir = tempfile.mkdtemp(prefix="cmpfeeds-")
    open(os.path.join(workdir, "empty.toml"), "w").close()
    rec = {"file": path, "corpus": corpus, "formats": {}}
    try:
        data = open(path, "rb").read()
        t0 = time.monotonic()
        try:
            orig, base = read_feed(data)
        except Exception as e:  # feedparser itself failing is data, not a reason to stop
            rec.update(feedparser_error=repr(e))
            return rec
        rec["feedparser_seconds"] = round(time.monotonic() - t0, 3)
        rec["bozo"] = int(bool(g(orig, "bozo", 0)))
        if rec["bozo"]:
            rec["bozo_exception"] = str(g(orig, "bozo_exception"))[:200]
        rec["version"] = g(orig, "version", "")
        rec["base"] = base
        oentries = [Entry(e, i, base) for i, e in enumerate(g(orig, "entries", []) or [])]
        countable = [e for e in oentries if e.countable()]
        rec["entries"] = len(countable)
        rec["empty_entries_skipped"] = len(oentries) - len(countable)
        strict_cache = []

        def strict_orig(i):
            """The original entry read without feedparser's mojibake repair (lazily)."""
            if not strict_cache:
                set_repair(False)
                try:
                    r, _ = read_feed(data, base)
                finally:
                    set_repair(True)
                strict_cache.append([Entry(e, j, base) for j, e in enumerate(g(r, "entries", []) or [])])
            ents = strict_cache[0]
            return ents[i] if i < len(ents) else None
        for fmt in args.to:
            c = Counter(files=1, entries=len(countable))
            f = {"lost": [], "merged": [], "changes": {}}
            rc, out, err, secs, timed_out = run_frontfeed(args, path, fmt, workdir)
            c["seconds"] = secs
            f.update(rc=rc, seconds=round(secs, 3), reasons=reasons(err))
            if timed_out:
                c["timeouts"] += 1
            crashed = (rc is not None and rc not in (0, 1, 2)) or "panicked" in err
            if crashed:
                c["crashes"] += 1
                f["stderr"] = err[-600:]
            said_rejected = rc == 2 or re.search(r"\b[1-9]\d* files? rejected", err) is not None
            oute = []
            if out.strip():
                try:
                    set_repair(False)
                    try:
                        res, _ = read_feed(out, base)
                    finally:
                        set_repair(True)
                    if g(res, "bozo", 0):
                        c["bad_output"] += 1
                        f["output_bozo"] = str(g(res, "bozo_exception"))[:200]
                    oute = [Entry(e, i, base) for i, e in enumerate(g(res, "entries", []) or [])]
                except Exception as e:
                    c["bad_output"] += 1
                    f["output_error"] = repr(e)
            f["out_entries"] = len(oute)
            if said_rejected or (countable and not oute):
                c["files_rejected"] += 1
                f["rejected"] = True
                if not rec["bozo"]:
                    c["files_rejected_bozo0"] += 1
            compare_entries(countable, oute, fmt, f, c, strict_orig)
            f["counts"] = dict(c)
            rec["formats"][fmt] = f
        return rec
    finally:
        subprocess.run(["rm", "-rf", workdir])


# --------------------------------------------------------------------------- reporting


def collect(dirs):
    files = []
    for d in dirs:
        if os.path.isfile(d):
            files.append((d, os.path.dirname(d)))
            continue
        for root, _, names in os.walk(d):
            for n in sorted(names):
                if n.lower().endswith(FEED_EXTS):
                    files.append((os.path.join(root, n), d.rstrip("/")))
    return sorted(files)


def pct(a, b):
    return "%d / %d" % (a, b) if b else str(a)


def totals_table(recs, fmts):
    tot = {f: Counter() for f in fmts}
    for r in recs:
        for f in fmts:
            if f in r.get("formats", {}):
                tot[f].update(r["formats"][f]["counts"])
    denom = {"lost": "entries", "merged": "entries", "published_lost": "published",
             "published_changed": "published", "updated_lost": "updated", "updated_changed": "updated",
             "enclosures_lost": "enclosures", "enclosure_type_changed": "enclosures",
             "enclosure_length_changed": "enclosures", "authors_lost": "authored", "authors_cut": "authored",
             "categories_lost": "categorised", "categories_cut": "categorised", "body_lost": "bodied",
             "body_cut": "bodied", "files_rejected": "files"}
    lines = ["| measure | " + " | ".join("--to " + f for f in fmts) + " |",
             "| --- |" + " ---: |" * len(fmts)]
    for k, label in COUNTERS:
        if k in ("published", "updated", "authored", "categorised", "bodied", "enclosures") :
            continue
        if k == "updated_no_rss_field" and "rss" not in fmts:
            continue
        cells = []
        for f in fmts:
            v = tot[f][k]
            if k == "seconds":
                cells.append("%.1f" % v)
            elif k in denom:
                cells.append(pct(v, tot[f][denom[k]]))
            else:
                cells.append(str(v))
        if k == "entries":
            lines.append("| %s | %s |" % (label, " | ".join(cells)))
            continue
        lines.append("| %s | %s |" % (label, " | ".join(cells)))
    return "\n".join(lines), tot


def score(fr):
    c = fr["counts"]
    return (c.get("lost", 0) + c.get("merged", 0)) * 3 + sum(
        c.get(k, 0) for k in ("title_lost", "link_lost", "link_changed", "published_lost", "updated_lost",
                              "published_changed", "updated_changed", "enclosures_lost", "authors_lost",
                              "authors_cut", "categories_lost", "categories_cut", "body_lost"))


BOILERPLATE = re.compile(r"no feed URL is set|no home page is set|no feed title is set|the feed has no items")


def summary_of(fr):
    c = fr["counts"]
    parts = []
    if fr.get("rejected"):
        parts.append("REJECTED (rc=%s)" % fr["rc"])
    if c.get("lost"):
        parts.append("%d/%d entries lost" % (c["lost"], c["entries"]))
    if c.get("merged"):
        parts.append("%d merged" % c["merged"])
    for k in ("title_lost", "title_changed", "link_lost", "link_changed", "published_lost", "published_changed",
              "updated_lost", "updated_changed", "enclosures_lost", "enclosure_type_changed",
              "enclosure_length_changed", "authors_lost", "authors_cut", "categories_lost", "categories_cut",
              "body_lost", "body_cut"):
        if c.get(k):
            parts.append("%s %d" % (k.replace("_", " "), c[k]))
    why = Counter(m for m in fr.get("reasons", []) if not BOILERPLATE.search(m)).most_common(2)
    if why:
        parts.append("frontfeed: " + "; ".join("%s (x%d)" % (m[:90], n) for m, n in why))
    return ", ".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", metavar="DIR", help="folders (searched recursively) or files")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                               "target", "release", "frontfeed"),
                    help="the frontfeed binary (default: this repository's release build)")
    ap.add_argument("--identity", action="store_true",
                    help="self-test: take each input as its own output; the harness must then report no loss")
    ap.add_argument("--to", default="atom,rss,json", help="formats, comma-separated (default atom,rss,json)")
    ap.add_argument("--json", metavar="FILE", help="write every detail as JSON here")
    ap.add_argument("--list-losses", type=int, default=0, metavar="N",
                    help="also list up to N examples of each kind of loss")
    ap.add_argument("--top", type=int, default=15, help="how many worst files to list (default 15)")
    ap.add_argument("--jobs", type=int, default=1, help="files in parallel (default 1)")
    ap.add_argument("--timeout", type=float, default=TIMEOUT)
    ap.add_argument("--quiet", action="store_true", help="run frontfeed with -q (hides its reasons)")
    ap.add_argument("--ff-arg", action="append", default=[], help="extra argument for frontfeed (repeatable)")
    ap.add_argument("--title", default=None, help="heading for the Markdown output")
    ap.add_argument("--by-folder", nargs="?", type=int, const=2, default=0, metavar="DEPTH",
                    help="also print entries / lost / merged / rejected files per sub-folder, "
                         "DEPTH levels deep (default 2)")
    args = ap.parse_args()
    args.to = [t.strip() for t in args.to.split(",") if t.strip()]
    for t in args.to:
        if t not in FORMATS:
            ap.error("unknown format %r" % t)
    args.bin = "(identity: the input as output)" if args.identity else os.path.abspath(args.bin)
    if not args.identity and not os.access(args.bin, os.X_OK):
        ap.error("no frontfeed binary at %s: run `cargo build --release`, or pass --bin" % args.bin)
    files = collect(args.dirs)
    if not files:
        ap.error("no feed files found")
    jobs = [(args, p, c) for p, c in files]
    t0 = time.monotonic()
    recs = []
    if args.jobs > 1:
        with concurrent.futures.ProcessPoolExecutor(args.jobs) as ex:
            recs = list(ex.map(process, jobs, chunksize=4))
    else:
        for i, j in enumerate(jobs):
            recs.append(process(j))
            if sys.stderr.isatty() and i % 50 == 0:
                print("\r%d/%d" % (i, len(jobs)), end="", file=sys.stderr)
    elapsed = time.monotonic() - t0

    fp_fail = [r for r in recs if "feedparser_error" in r]
    bozo = sum(1 for r in recs if r.get("bozo"))
    skipped = sum(r.get("empty_entries_skipped", 0) for r in recs)
    print("## %s" % (args.title or ", ".join(args.dirs)))
    print()
    print("%d files (%d read by feedparser with bozo=1, %d that feedparser could not read at all); "
          "%d empty original entries not counted; frontfeed %s; %.0f s in all." % (
              len(recs), bozo, len(fp_fail), skipped, args.bin, elapsed))
    print()
    table, tot = totals_table(recs, args.to)
    print(table)
    print()
    denominators = {f: "enclosures %d, entries with authors %d, with categories %d, with summary/content %d, "
                       "with published %d, with updated %d" % (
                           tot[f]["enclosures"], tot[f]["authored"], tot[f]["categorised"], tot[f]["bodied"],
                           tot[f]["published"], tot[f]["updated"]) for f in args.to}
    print("Denominators: " + "; ".join("%s: %s" % (f, d) for f, d in denominators.items()))
    print()
    if args.by_folder:
        groups = defaultdict(lambda: {f: Counter() for f in args.to})
        for r in recs:
            key = os.path.relpath(os.path.dirname(r["file"]), os.path.abspath(r["corpus"]))
            key = "/".join(key.split(os.sep)[: args.by_folder])
            for f in args.to:
                if f in r.get("formats", {}):
                    groups[key][f].update(r["formats"][f]["counts"])
        print("| folder | files | entries | " + " | ".join("lost+merged / rejected files, --to %s" % f
                                                          for f in args.to) + " |")
        print("| --- | ---: | ---: |" + " ---: |" * len(args.to))
        for key in sorted(groups):
            gg = groups[key]
            f0 = gg[args.to[0]]
            print("| %s | %d | %d | %s |" % (key, f0["files"], f0["entries"], " | ".join(
                "%d+%d / %d" % (gg[f]["lost"], gg[f]["merged"], gg[f]["files_rejected"]) for f in args.to)))
        print()
    for f in args.to:
        ranked = sorted((r for r in recs if f in r.get("formats", {}) and score(r["formats"][f]) > 0),
                        key=lambda r: -score(r["formats"][f]))
        print("### Top offenders, --to %s (%d files lose something)" % (f, len(ranked)))
        print()
        for r in ranked[: args.top]:
            print("- `%s`: %s" % (os.path.relpath(r["file"]), summary_of(r["formats"][f])))
        print()
        why, files_with = Counter(), Counter()
        for r in recs:
            if f in r.get("formats", {}):
                why.update(r["formats"][f].get("reasons", []))
                files_with.update(set(r["formats"][f].get("reasons", [])))
        if why:
            print("frontfeed's most frequent messages, --to %s (times, in files):" % f)
            print()
            for m, n in why.most_common(10):
                print("- %d x in %d files: %s" % (n, files_with[m], m[:160]))
            print()
        if args.list_losses:
            ex = defaultdict(list)
            for r in ranked:
                fr = r["formats"][f]
                for lab in fr["lost"]:
                    ex["entry lost"].append("%s: %s" % (os.path.relpath(r["file"]), lab))
                for lab in fr["merged"]:
                    ex["entry merged"].append("%s: %s" % (os.path.relpath(r["file"]), lab))
                for k, v in fr["changes"].items():
                    ex[k.replace("_", " ")] += ["%s: %s" % (os.path.relpath(r["file"]), x) for x in v]
            print("#### Examples, --to %s" % f)
            print()
            for k in sorted(ex):
                print("- **%s**" % k)
                for x in ex[k][: args.list_losses]:
                    print("  - %s" % x[:300])
            print()
    if fp_fail:
        print("feedparser failed on: " + ", ".join(os.path.relpath(r["file"]) for r in fp_fail[:10]))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"bin": args.bin, "formats": args.to, "dirs": args.dirs,
                       "totals": {f: dict(tot[f]) for f in args.to}, "files": recs}, fh, indent=1, default=str)


if __name__ == "__main__":
    main()
