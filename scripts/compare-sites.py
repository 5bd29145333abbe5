#!/usr/bin/env python3
"""Compare a generator's own feed (the reference) with frontfeed's, entry by entry.

  scripts/compare-sites.py REFERENCE_FEED FRONTFEED_FEED [--name NAME] [--json out.json] [--details N]
  scripts/compare-sites.py --dump FEED    (entries as normalised for the comparison, JSON lines)
  scripts/compare-sites.py --batch sites.toml [--frontfeed BIN] [--only NAME,...] [--json out.json]
                           [--markdown out.md] [--details N]

The reference is the feed a site's own generator wrote (Jekyll with jekyll-feed, Hugo, Zola), built
from the site as it is; frontfeed runs on the same posts folder with no options beyond `--to` and
`--limit 0`, so everything it knows comes from the site's own files. The sites themselves (real
sites, with their build scripts) are kept outside this repository; the small sites under fixtures/
carry their reference feeds beside them.

Both feeds may be Atom 1.0, RSS 2.0 or JSON Feed 1.x (sniffed from the content).  Entries are matched by
link, strictly (the exact string the feed carries, no resolving against xml:base).  Entries whose links
differ only trivially are paired too (so their fields can still be compared), and counted apart, so the
table shows both "links equal" (strict) and why the rest differ.

Per matched entry: title (entities decoded, tags stripped, whitespace collapsed), published and updated
(as UTC instants), categories (set of terms), authors (set of names), summary (normalised text: equality
and difflib ratio).  A field the reference's format cannot carry (RSS has no `updated`) is "n/a" and left
out of that column; otherwise a value present on one side only is a difference.

Batch mode reads a TOML list of sites (paths relative to the file's folder):

  [[site]]
  name = "jekyll-news"              # folder under the sites dir holding the reference and outputs
  generator = "jekyll"
  posts = ["jekyll-news/src/_posts"]   # relative to the sites.toml folder
  reference = "jekyll-news/reference.xml"
  to = "atom"                       # frontfeed --to (default atom)
  args = []                         # extra frontfeed arguments, appended after --limit 0
  exclude = []                      # optional globs (relative to each posts folder): when given, the
                                    # folders are expanded into their files minus these, passed one by one
  include = ["*"]                   # with exclude: only files matching these globs are passed (a named
                                    # file is read even if it is an asset: frontfeed then tries it as a feed)

and runs `frontfeed convert --to TO --limit 0 ARGS... POSTS...` for each, writing
<name>/frontfeed.<to>.xml and <name>/frontfeed.stderr.
"""
from __future__ import annotations

import argparse
import difflib
import email.utils
import html
import json
import os
import re
import subprocess
import sys
import time
import tomllib
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, asdict
from datetime import datetime, timezone, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit, unquote

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"

FIELDS = ["title", "published", "updated", "categories", "authors", "summary"]


# ----------------------------------------------------------------------------------------- parsing

@dataclass
class Entry:
    link: str | None = None
    id: str | None = None
    title: str | None = None            # raw, as the feed carries it (after XML decoding)
    title_is_html: bool = False
    published: str | None = None        # raw date strings
    updated: str | None = None
    categories: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    summary: str | None = None          # raw; HTML unless summary_is_text
    summary_is_text: bool = False


@dataclass
class Feed:
    format: str                         # atom | rss | json | empty | unparseable
    entries: list[Entry]
    error: str | None = None
    caps: set[str] = field(default_factory=set)   # fields the format can carry


def _text(el) -> str | None:
    if el is None:
        return None
    return "".join(el.itertext())


def parse_feed(path: str) -> Feed:
    try:
        data = open(path, "rb").read()
    except OSError as e:
        return Feed("unparseable", [], f"cannot read: {e}")
    stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        return Feed("empty", [], "empty file")
    if stripped[:1] == b"{":
        return _parse_json(stripped)
    try:
        root = ET.fromstring(stripped)
    except ET.ParseError as e:
        return Feed("unparseable", [], f"XML: {e}")
    if root.tag == ATOM + "feed":
        return _parse_atom(root)
    if root.tag == "rss":
        return _parse_rss(root)
    return Feed("unparseable", [], f"unknown root element {root.tag}")


def _parse_atom(root) -> Feed:
    entries = []
    for e in root.findall(ATOM + "entry"):
        en = Entry()
        links = e.findall(ATOM + "link")
        alt = [l for l in links if l.get("rel", "alternate") == "alternate"]
        if alt:
            en.link = alt[0].get("href")
        en.id = _text(e.find(ATOM + "id"))
        t = e.find(ATOM + "title")
        if t is not None:
            en.title = _text(t)
            en.title_is_html = t.get("type", "text") in ("html", "xhtml")
        en.published = _text(e.find(ATOM + "published"))
        en.updated = _text(e.find(ATOM + "updated"))
        en.categories = [c.get("term") or "" for c in e.findall(ATOM + "category")]
        en.authors = [(_text(a.find(ATOM + "name")) or "") for a in e.findall(ATOM + "author")]
        s = e.find(ATOM + "summary")
        if s is not None:
            en.summary = _text(s)
            en.summary_is_text = s.get("type", "text") == "text"
        entries.append(en)
    return Feed("atom", entries, caps=set(FIELDS))


def _parse_rss(root) -> Feed:
    entries = []
    ch = root.find("channel")
    for it in (ch.findall("item") if ch is not None else []):
        en = Entry()
        en.link = _text(it.find("link"))
        en.id = _text(it.find("guid"))
        en.title = _text(it.find("title"))
        en.title_is_html = False          # RSS 2.0 titles are plain text (entities already decoded by XML)
        en.published = _text(it.find("pubDate")) or _text(it.find(DC + "date"))
        au = it.find(ATOM + "updated")
        en.updated = _text(au) if au is not None else None
        en.categories = [(_text(c) or "") for c in it.findall("category")]
        authors = [(_text(a) or "") for a in it.findall("author")]
        authors += [(_text(a) or "") for a in it.findall(DC + "creator")]
        en.authors = authors
        d = it.find("description")
        en.summary = _text(d) if d is not None else None
        entries.append(en)
    return Feed("rss", entries, caps={"title", "published", "categories", "authors", "summary"})


def _parse_json(data: bytes) -> Feed:
    try:
        doc = json.loads(data)
    except ValueError as e:
        return Feed("unparseable", [], f"JSON: {e}")
    entries = []
    for it in doc.get("items", []):
        en = Entry()
        en.link = it.get("url")
        en.id = it.get("id")
        en.title = it.get("title")
        en.published = it.get("date_published")
        en.updated = it.get("date_modified")
        en.categories = list(it.get("tags") or [])
        auth = it.get("authors") or ([it["author"]] if it.get("author") else [])
        en.authors = [a.get("name", "") for a in auth if isinstance(a, dict)]
        if it.get("summary") is not None:
            en.summary = it["summary"]
            en.summary_is_text = True
        entries.append(en)
    return Feed("json", entries, caps=set(FIELDS))


# ----------------------------------------------------------------------------------- normalising

class _Stripper(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []

    def handle_data(self, d):
        self.out.append(d)

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "pre", "blockquote"):
            self.out.append(" ")

    handle_endtag = lambda self, tag: self.handle_starttag(tag, [])


def html_to_text(s: str) -> str:
    p = _Stripper()
    p.feed(s)
    p.close()
    return "".join(p.out)


def norm_ws(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def norm_title(e: Entry) -> str | None:
    if e.title is None:
        return None
    t = html_to_text(e.title) if e.title_is_html else e.title
    return norm_ws(t)


def norm_summary(e: Entry) -> str | None:
    if e.summary is None:
        return None
    t = e.summary if e.summary_is_text else html_to_text(e.summary)
    t = norm_ws(t)
    return t or None


_TZNAMES = {"UTC": "+0000", "GMT": "+0000", "Z": "+0000"}


def parse_date(s: str | None) -> datetime | None:
    if s is None:
        return None
    s = s.strip()
    if not s:
        return None
    try:                                     # RFC 3339 / ISO 8601
        d = datetime.fromisoformat(s.replace("Z", "+00:00").replace("z", "+00:00"))
        if d.tzinfo is None:
            d = d.replace(tzinfo=timezone.utc)
        return d.astimezone(timezone.utc)
    except ValueError:
        pass
    try:                                     # RFC 822 / 2822
        d = email.utils.parsedate_to_datetime(s)
        if d.tzinfo is None:
            d = d.replace(tzinfo=timezone.utc)
        return d.astimezone(timezone.utc)
    except (TypeError, ValueError, IndexError):
        pass
    # Hugo's zero date "Mon, 01 Jan 0001 00:00:00 +0000" is handled above; anything else: unreadable
    return None


def date_key(s: str | None):
    d = parse_date(s)
    if d is not None:
        return d.isoformat()
    return None if s is None else f"unreadable:{s.strip()}"


def norm_link(u: str | None) -> str | None:
    """Trivial normalisation, only to explain link differences."""
    if u is None:
        return None
    u = u.strip()
    try:
        p = urlsplit(u)
    except ValueError:
        return u
    path = unquote(p.path)
    for suffix in ("/index.html", "/index.htm", ".html", ".htm"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
            break
    path = path.rstrip("/") or ""
    scheme = p.scheme.lower()
    if scheme == "http":
        scheme = "https"
    host = (p.hostname or "").lower()
    return urlunsplit((scheme, host, path, p.query, ""))


def values(e: Entry) -> dict:
    return {
        "title": norm_title(e),
        "published": date_key(e.published),
        "updated": date_key(e.updated),
        "categories": sorted(set(e.categories)),
        "authors": sorted(set(a.strip() for a in e.authors if a.strip())),
        "summary": norm_summary(e),
    }


# ----------------------------------------------------------------------------------- comparing

def summary_ratio(a: str, b: str) -> float:
    """difflib's ratio of two summaries; for long ones (whole posts) with difflib's junk heuristic,
    which keeps it from taking minutes on a site of thousands of long entries."""
    long = len(a) * len(b) > 4_000_000
    return difflib.SequenceMatcher(None, a, b, autojunk=long).ratio()


def compare(ref: Feed, ff: Feed, name: str = "") -> dict:
    ref_by_link: dict[str, list[int]] = {}
    for i, e in enumerate(ref.entries):
        ref_by_link.setdefault(e.link or "", []).append(i)
    ff_by_link: dict[str, list[int]] = {}
    for i, e in enumerate(ff.entries):
        ff_by_link.setdefault(e.link or "", []).append(i)

    pairs = []                      # (ref_index, ff_index, how)
    used_ff = set()
    used_ref = set()
    for link, idxs in ref_by_link.items():
        cands = [j for j in ff_by_link.get(link, []) if j not in used_ff]
        for i, j in zip(idxs, cands):
            pairs.append((i, j, "exact"))
            used_ff.add(j)
            used_ref.add(i)
    # trivial normalisation, for what is left
    ff_norm: dict[str, list[int]] = {}
    for j, e in enumerate(ff.entries):
        if j not in used_ff:
            ff_norm.setdefault(norm_link(e.link) or "", []).append(j)
    link_diffs = []
    for i, e in enumerate(ref.entries):
        if i in used_ref:
            continue
        c = [j for j in ff_norm.get(norm_link(e.link) or "", []) if j not in used_ff]
        if c:
            j = c[0]
            pairs.append((i, j, "normalised"))
            used_ff.add(j)
            used_ref.add(i)
            link_diffs.append({"ref": e.link, "ff": ff.entries[j].link})

    missing = [ref.entries[i].link for i in range(len(ref.entries)) if i not in used_ref]
    extra = [ff.entries[j].link for j in range(len(ff.entries)) if j not in used_ff]

    counted = {f: 0 for f in FIELDS}
    equal = {f: 0 for f in FIELDS}
    diffs = {f: [] for f in FIELDS}
    ratios = []
    per_entry = []
    for i, j, how in sorted(pairs):
        rv, fv = values(ref.entries[i]), values(ff.entries[j])
        row = {"link": ref.entries[i].link, "ff_link": ff.entries[j].link, "match": how, "fields": {}}
        for f in FIELDS:
            if f not in ref.caps:
                row["fields"][f] = "n/a"
                continue
            counted[f] += 1
            ok = rv[f] == fv[f]
            if ok:
                equal[f] += 1
            else:
                diffs[f].append({"link": ref.entries[i].link, "ref": rv[f], "ff": fv[f]})
            row["fields"][f] = "equal" if ok else {"ref": rv[f], "ff": fv[f]}
        if "summary" in ref.caps:
            a, b = rv["summary"] or "", fv["summary"] or ""
            r = 1.0 if a == b else summary_ratio(a, b)
            ratios.append(r)
            row["summary_ratio"] = round(r, 4)
        per_entry.append(row)

    n_ref, n_ff = len(ref.entries), len(ff.entries)
    exact = sum(1 for p in pairs if p[2] == "exact")
    dup_ref = sum(len(v) - 1 for v in ref_by_link.values() if len(v) > 1)
    dup_ff = sum(len(v) - 1 for v in ff_by_link.values() if len(v) > 1)
    return {
        "name": name,
        "ref_format": ref.format, "ff_format": ff.format,
        "ref_error": ref.error, "ff_error": ff.error,
        "ref_entries": n_ref, "ff_entries": n_ff,
        "matched": len(pairs), "links_exact": exact, "links_normalised_only": len(pairs) - exact,
        "missing": len(missing), "extra": len(extra),
        "duplicate_links_ref": dup_ref, "duplicate_links_ff": dup_ff,
        "counted": counted, "equal": equal,
        "summary_ratio_mean": (sum(ratios) / len(ratios)) if ratios else None,
        "missing_links": missing, "extra_links": extra, "link_differences": link_diffs,
        "differences": diffs, "entries": per_entry,
    }


# ------------------------------------------------------------------------------------- reporting

def pct(a: int, b: int) -> str:
    return "–" if b == 0 else f"{100.0 * a / b:.1f}"


HEADER = ("| site | ref | ff | matched (norm.) | missing | extra | link % | title % | published % | "
          "updated % | categories % | author % | summary % | summary ratio |")
RULE = "|" + "---|" * 14


def table_row(r: dict) -> str:
    c, e = r["counted"], r["equal"]
    cells = [r["name"] or "-", str(r["ref_entries"]), str(r["ff_entries"]),
             f'{r["matched"]} ({r["links_normalised_only"]})', str(r["missing"]), str(r["extra"]),
             pct(r["links_exact"], r["ref_entries"])]
    for f in FIELDS:
        cells.append("n/a" if c[f] == 0 and r["matched"] and f == "updated" and r["ref_format"] == "rss"
                     else pct(e[f], c[f]))
    cells.append("–" if r["summary_ratio_mean"] is None else f'{r["summary_ratio_mean"]:.3f}')
    return "| " + " | ".join(cells) + " |"


def total(results: list[dict]) -> dict:
    t = {"name": "**total**", "ref_format": "", "ref_entries": 0, "ff_entries": 0, "matched": 0,
         "links_exact": 0, "links_normalised_only": 0, "missing": 0, "extra": 0,
         "counted": {f: 0 for f in FIELDS}, "equal": {f: 0 for f in FIELDS}}
    ratios = []
    for r in results:
        for k in ("ref_entries", "ff_entries", "matched", "links_exact", "links_normalised_only",
                  "missing", "extra"):
            t[k] += r[k]
        for f in FIELDS:
            t["counted"][f] += r["counted"][f]
            t["equal"][f] += r["equal"][f]
        ratios += [x["summary_ratio"] for x in r["entries"] if "summary_ratio" in x]
    t["summary_ratio_mean"] = (sum(ratios) / len(ratios)) if ratios else None
    return t


def details(r: dict, n: int) -> str:
    out = []
    if r.get("ref_error"):
        out.append(f"- reference feed: {r['ref_error']}")
    if r.get("ff_error"):
        out.append(f"- frontfeed feed: {r['ff_error']}")
    if r.get("run"):
        run = r["run"]
        out.append(f"- frontfeed: `{run['command']}` exit {run['exit']}, {run['seconds']:.2f} s, "
                   f"{run['stderr_lines']} stderr line(s)" + (f"; first: `{run['stderr_first']}`"
                                                              if run['stderr_first'] else ""))
    if r["links_normalised_only"]:
        ex = r["link_differences"][:n]
        out.append(f"- {r['links_normalised_only']} link(s) equal only after trivial normalisation "
                   f"(trailing slash, .html, index.html, scheme/host case, http→https), e.g. "
                   + "; ".join(f"`{d['ref']}` vs `{d['ff']}`" for d in ex))
    if r["missing"]:
        out.append(f"- in reference only ({r['missing']}), e.g. " + ", ".join(f"`{l}`" for l in r["missing_links"][:n]))
    if r["extra"]:
        out.append(f"- in frontfeed only ({r['extra']}), e.g. " + ", ".join(f"`{l}`" for l in r["extra_links"][:n]))
    for f in FIELDS:
        ds = r["differences"][f]
        if ds and n:
            ex = "; ".join(f"`{d['link']}`: ref {json.dumps(_short(d['ref']), ensure_ascii=False)} "
                           f"vs ff {json.dumps(_short(d['ff']), ensure_ascii=False)}" for d in ds[:n])
            out.append(f"- {f}: {len(ds)} difference(s), e.g. {ex}")
    return "\n".join(out)


def _short(v, k=120):
    if isinstance(v, str) and len(v) > k:
        return v[:k] + "…"
    return v


def markdown(results: list[dict], n_details: int) -> str:
    lines = [HEADER, RULE] + [table_row(r) for r in results]
    if len(results) > 1:
        lines.append(table_row(total(results)))
    lines.append("")
    lines.append("ref/ff = entries in each feed; matched = paired by link (of which, in brackets, only after "
                 "trivial normalisation); link % = strictly equal links / reference entries; the field "
                 "columns = equal / matched entries; summary ratio = mean difflib ratio of normalised "
                 "summaries over matched entries (1.000 = identical).")
    for r in results:
        d = details(r, n_details)
        if d:
            lines += ["", f"**{r['name'] or 'site'}** ({r['ref_format']} reference, {r['ff_format']} frontfeed)", d]
    return "\n".join(lines)


# ------------------------------------------------------------------------------------- batch mode

def _expand(paths: list[str], exclude: list[str], include: list[str]) -> list[str]:
    import fnmatch
    out = []
    for root in paths:
        if not os.path.isdir(root):
            out.append(root)
            continue
        for d, dirs, files in os.walk(root):
            dirs.sort()
            for f in sorted(files):
                full = os.path.join(d, f)
                rel = os.path.relpath(full, root)
                if (any(fnmatch.fnmatch(rel, pat) for pat in include)
                        and not any(fnmatch.fnmatch(rel, pat) for pat in exclude)):
                    out.append(full)
    return out


def run_batch(cfg_path: str, frontfeed: str, only: set[str] | None) -> list[dict]:
    base = os.path.dirname(os.path.abspath(cfg_path))
    cfg = tomllib.load(open(cfg_path, "rb"))
    results = []
    for s in cfg.get("site", []):
        if only and s["name"] not in only:
            continue
        to = s.get("to", "atom")
        posts = [os.path.join(base, p) for p in s["posts"]]
        if s.get("exclude"):                 # expand folders into files, leaving out matching paths
            posts = _expand(posts, s["exclude"], s.get("include", ["*"]))
        out_dir = os.path.join(base, s["name"])
        os.makedirs(out_dir, exist_ok=True)
        out = os.path.join(out_dir, f"frontfeed.{to}.{'json' if to == 'json' else 'xml'}")
        errf = os.path.join(out_dir, "frontfeed.stderr")
        cmd = [frontfeed, "convert", "--to", to, "--limit", "0", *s.get("args", []), *posts]
        env = dict(os.environ)
        env.setdefault("XDG_CACHE_HOME", os.path.join(base, ".cache"))
        env["NO_COLOR"] = "1"
        t0 = time.monotonic()
        with open(out, "wb") as fo, open(errf, "wb") as fe:
            p = subprocess.run(cmd, stdout=fo, stderr=fe, env=env, cwd=base)
        secs = time.monotonic() - t0
        err_lines = open(errf, encoding="utf-8", errors="replace").read().splitlines()
        ref = parse_feed(os.path.join(base, s["reference"]))
        ffd = parse_feed(out)
        r = compare(ref, ffd, s["name"])
        r["generator"] = s.get("generator")
        shown = cmd[1:6 + len(s.get("args", []))] + (s["posts"] + [f"(minus {s['exclude']})"] if s.get("exclude") else s["posts"])
        r["run"] = {"command": " ".join([os.path.basename(frontfeed)] + shown),
                    "exit": p.returncode, "seconds": secs, "stderr_lines": len(err_lines),
                    "stderr_first": (err_lines[0][:200] if err_lines else "")}
        results.append(r)
        print(f"{s['name']}: ref {r['ref_entries']}, ff {r['ff_entries']}, exit {p.returncode}", file=sys.stderr)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reference", nargs="?")
    ap.add_argument("frontfeed_feed", nargs="?")
    ap.add_argument("--name", default="")
    ap.add_argument("--batch", metavar="SITES_TOML")
    ap.add_argument("--frontfeed", default=os.environ.get("FRONTFEED", "frontfeed"),
                    help="frontfeed binary for --batch (default: $FRONTFEED or frontfeed on PATH)")
    ap.add_argument("--only", help="comma-separated site names (batch mode)")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--markdown", metavar="OUT", help="also write the Markdown report to OUT")
    ap.add_argument("--details", type=int, default=3, help="examples per kind of difference (default 3)")
    ap.add_argument("--dump", metavar="FEED", help="print FEED's entries as the comparison sees them (JSON lines)")
    a = ap.parse_args(argv)
    if a.dump:
        f = parse_feed(a.dump)
        print(json.dumps({"format": f.format, "entries": len(f.entries), "error": f.error}))
        for e in f.entries:
            print(json.dumps({"link": e.link, "id": e.id, **values(e)}, ensure_ascii=False))
        return 0
    if a.batch:
        results = run_batch(a.batch, a.frontfeed, set(a.only.split(",")) if a.only else None)
    else:
        if not (a.reference and a.frontfeed_feed):
            ap.error("give REFERENCE_FEED FRONTFEED_FEED, or --batch sites.toml")
        results = [compare(parse_feed(a.reference), parse_feed(a.frontfeed_feed),
                           a.name or os.path.basename(os.path.dirname(os.path.abspath(a.reference))))]
    md = markdown(results, a.details)
    print(md)
    if a.markdown:
        open(a.markdown, "w").write(md + "\n")
    if a.json:
        doc = {"sites": results, "total": total(results) if len(results) > 1 else None}
        json.dump(doc, open(a.json, "w"), indent=1, ensure_ascii=False, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
