#!/usr/bin/env python3
"""Load test: a folder of N generated articles (default 200,000; never committed) with 1% broken
files converts with every good article present and every broken one reported; and a cached run fits
in the memory a run without the cache fits in.

    python3 scripts/load-test.py [--articles 200000] [--gen PATH/gen-corpus.py]

Broken files take turns among: YAML that does not parse, front matter never closed, a title without a
URL, tabs in indentation, a javascript: link, an empty file, and bytes that are not UTF-8. The folder
is generated afresh on every run, so each run breaks pristine files. Prints the wall time and peak memory of an all-items and a newest-50 run.

Then, under `ulimit -v`: finds the smallest address-space limit (in steps of 16 MiB) in which a
`--no-cache` newest-50 run succeeds, and runs the cached newest-50 run (first with an empty cache,
which it writes, then again, reading it) within that limit plus a sixteenth: both must succeed and
write the same feed.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BREAKERS = [
    ("invalid YAML", lambda t: t.replace("title: ", "title: [unclosed ", 1)),
    ("never closed", lambda t: t.replace("\n---\n", "\n", 1) if t.count("\n---") else t),
    ("no URL", lambda t: re.sub(r"(?m)^(webUrl|originalUrl): .*\n", "", t)),
    ("tab indentation", lambda t: t.replace("\n  - ", "\n\t- ", 1)),
    ("javascript link", lambda t: re.sub(r'(?m)^webUrl: .*$', 'webUrl: "javascript:alert(1)"', t)),
    ("empty", lambda t: ""),
    ("not UTF-8", None),
]


def encode(url):
    """A URL as frontfeed writes it: trimmed, scheme lower-cased, unsafe characters percent-encoded."""
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    url = scheme.lower() + sep + rest if sep else url
    return "".join(c if (c.isascii() and c.isprintable() and c != " " and c not in '"<>\\^`{|}')
                   else "".join(f"%{b:02X}" for b in c.encode()) for c in url)


def run(argv):
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    return out, err.decode(errors="replace"), proc.returncode, wall


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--gen", default=str(ROOT.parent / "shared" / "tools" / "gen-corpus.py"))
    args = parser.parse_args()
    folder = ROOT / "target" / "load" / f"corpus-{args.articles}"
    shutil.rmtree(folder, ignore_errors=True)
    print(f"load-test: generating {args.articles} articles in {folder} ...", flush=True)
    subprocess.run([sys.executable, args.gen, str(args.articles), str(folder), "--seed", "7"], check=True,
                   stdout=subprocess.DEVNULL)
    files = sorted(folder.iterdir())
    broken = {}
    for i, path in enumerate(files[::100]):
        kind, breaker = BREAKERS[i % len(BREAKERS)]
        text = path.read_text(encoding="utf-8", errors="replace")
        if breaker is None:
            path.write_bytes(text.encode("utf-8").replace(b"title: ", b"title: caf\xe9 ", 1))
        else:
            path.write_text(breaker(text))
        broken[path.name] = kind
    # What a reader must find: one item per distinct URL among the good, published articles.
    wanted = set()
    for path in files:
        if path.name in broken:
            continue
        text = path.read_text()
        front = text.split("\n---", 1)[0]
        if re.search(r"(?m)^published: false$", front):
            continue
        url = re.search(r'(?m)^webUrl: "?(.*?)"?$', front) or re.search(r'(?m)^originalUrl: "?(.*?)"?$', front)
        wanted.add(encode(url.group(1)))
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet", "--bin", "frontfeed"], cwd=ROOT, check=True)
    ff = str(ROOT / "target" / "release" / "frontfeed")
    settings = ["--title", "Load", "--home-url", "https://example.org/", "--feed-url", "https://example.org/feed.xml"]
    base = ["/usr/bin/time", "-f", "%e %M", ff, "-v", "convert", "--no-cache", *settings]
    out, err, code, _ = run([*base, "--limit", "0", str(folder)])
    wall, peak_kb = err.strip().splitlines()[-1].split()
    guids = set(re.findall(rb"<guid isPermaLink=\"true\">(.*?)</guid>", out))
    got = {g.decode().replace("&#x26;", "&") for g in guids}
    reported = {Path(line.split(":", 1)[0]).name for line in err.splitlines() if ": error: " in line}
    missing_reports = sorted(set(broken) - reported)
    print(f"{len(files)} articles, {len(broken)} broken; exit {code}")
    print(f"all items: {len(got)} of {len(wanted)} expected; {wall} s, peak {int(peak_kb) / 1024:.0f} MiB")
    print(f"broken files reported: {len(broken) - len(missing_reports)} of {len(broken)}")
    out50, err50, code50, _ = run([*base, str(folder)])
    wall50, peak50 = err50.strip().splitlines()[-1].split()
    print(f"newest 50: {out50.count(b'<item>')} items; {wall50} s, peak {int(peak50) / 1024:.0f} MiB")
    fits = cache_fits(ff, settings, folder, out50)
    ok = got == wanted and not missing_reports and code == 1 and fits
    if not ok:
        print(f"load-test: FAILED: {len(wanted - got)} missing, {len(got - wanted)} unexpected, "
              f"{missing_reports[:5]} not reported")
    sys.exit(0 if ok else 1)


def limited(limit_kib, argv):
    """Runs argv under `ulimit -v limit_kib`; its exit code and standard output."""
    proc = subprocess.run(["sh", "-c", f'ulimit -v {limit_kib} && exec "$@"', "sh", *argv],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return proc.returncode, proc.stdout, proc.stderr.decode(errors="replace")


def cache_fits(ff, settings, folder, expected):
    """Whether the cached newest-50 run fits where the run without a cache fits."""
    step = 16 * 1024
    lo, hi = step, 64 * step
    while hi - lo > step:
        mid = (lo + hi) // 2 // step * step
        code, _, _ = limited(mid, [ff, "-q", "convert", "--no-cache", *settings, str(folder)])
        lo, hi = (lo, mid) if code in (0, 1) else (mid, hi)
    limit = hi + hi // 16
    cache = ROOT / "target" / "load" / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    results = []
    for label in ("cold (writes the cache)", "rerun (reads it)"):
        code, out, err = limited(limit, [ff, "-q", "convert", "--cache-dir", str(cache), *settings, str(folder)])
        results.append(code in (0, 1) and out == expected)
        print(f"ulimit -v {limit // 1024} MiB, cached, {label}: exit {code}, "
              f"{'same feed' if out == expected else 'DIFFERENT feed'}{': ' + err[-300:] if code > 1 else ''}")
    print(f"the --no-cache newest-50 run needs {hi // 1024} MiB of address space")
    saved = list(cache.glob("*.cache"))
    print(f"cache files: {len(saved)} ({sum(p.stat().st_size for p in saved) / 2**20:.1f} MiB)")
    return all(results) and len(saved) == 1


if __name__ == "__main__":
    main()
