#!/usr/bin/env python3
"""frontfeed's benchmark: wall time and peak memory against floors built in this repository and,
when installed, Hugo, printed as ratios. Corpora are generated (never committed) under target/bench/.

    python3 scripts/bench.py [--sizes 1000,10000,50000] [--runs 5] [--gen PATH/gen-corpus.py]
                             [--baseline PATH/TO/OLDER/frontfeed]

Floors: examples/floor_read.rs (only read every file) and examples/floor_parse.rs (read and parse the
YAML front matter), both on all cores. Every figure is the median of --runs rounds; each round runs
every case once, so drift on a shared machine spreads over all cases.

--baseline names another frontfeed binary (say, built from an earlier commit): each frontfeed case
then also runs with it, next to the current one in the same round (with its own cache and output; the
two take turns at going first), and a column gives baseline ÷ this, so a change shows whether it kept
the figures.

Feeds as input: --feed-items (default 2000,20000) generates one RSS feed per count, each item with a
1 KB description, converts each into RSS (all items) and prints the wall time, peak memory and the
ratio of each size's time to the first's against the ratio of their sizes: reading a feed must take
time in proportion to its items. --feed-items "" leaves the case out.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "target" / "bench"
RELEASE = ROOT / "target" / "release"
SETTINGS = ["--title", "Bench", "--home-url", "https://example.org/", "--feed-url", "https://example.org/feed.xml"]


TIME = shutil.which("time") or "/usr/bin/time"


def run_once(argv, cwd=None):
    """Wall seconds and peak resident memory (MiB) of one run of argv.

    Memory comes from GNU time, which starts the program from a small process: the rusage of a child
    forked from this Python process counts Python's own pages (about 38 MiB) as the child's peak."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        start = time.perf_counter()
        proc = subprocess.Popen([TIME, "-f", "%M", "-o", rss.name, *argv], cwd=cwd,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, _ = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stderr = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            sys.exit(f"bench: {' '.join(map(str, argv))} exited {code}:\n{stderr}")
        peak_kib = int(rss.read().split()[-1])
    return wall, peak_kib / 1024


def corpus(size, gen):
    path = BENCH / f"corpus-{size}"
    if not (path.is_dir() and len(os.listdir(path)) == size):
        shutil.rmtree(path, ignore_errors=True)
        print(f"bench: generating {size} articles in {path} ...", flush=True)
        subprocess.run([sys.executable, str(gen), str(size), str(path), "--seed", "1"], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def hugo_site(size, corpus_dir, limit):
    site = BENCH / f"hugo-{size}-{limit}"
    site.mkdir(parents=True, exist_ok=True)
    (site / "config.toml").write_text(f"""baseURL = "https://example.org/"
title = "Bench"
disableKinds = ["taxonomy", "term", "sitemap", "robotsTXT", "404"]
[outputs]
home = ["RSS"]
section = []
page = []
[frontmatter]
date = ["publishedDateTime", ":default"]
[services.rss]
limit = {limit}
""")
    content = site / "content"
    if content.is_symlink() or content.exists():
        content.unlink()
    content.symlink_to(corpus_dir)
    return site


def touch_some(corpus_dir, count, state={"n": 0}):
    """Changes `count` articles (their excerpt), as a cron interval's worth of edits."""
    files = sorted(corpus_dir.iterdir())
    def change():
        state["n"] += 1
        for path in files[: count]:
            text = path.read_text()
            path.write_text(text.replace('excerpt: "', f'excerpt: "{state["n"]} ', 1))
    return change


def feed_file(items):
    """An RSS feed of `items` items with a 1 KB description each (deterministic), under target/bench/."""
    path = BENCH / f"feed-{items}.xml"
    if path.is_file():
        return path
    BENCH.mkdir(parents=True, exist_ok=True)
    sentence = "Lorem ipsum dolor sit amet &amp; consectetur &lt;b&gt;adipiscing&lt;/b&gt; elit. "
    description = sentence * (1000 // len(sentence) + 1)
    with open(path, "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Bench</title>'
                  "<link>https://example.org/</link><description>A generated feed</description>\n")
        for i in range(items):
            day, minute = 1 + i // 1440 % 28, i % 1440
            out.write(f"<item><title>Item {i}</title><link>https://example.org/items/{i}</link>"
                      f"<guid>https://example.org/items/{i}</guid>"
                      f"<pubDate>{day:02d} Jan 2025 {minute // 60:02d}:{minute % 60:02d}:00 +0000</pubDate>"
                      f"<description>{description}</description></item>\n")
        out.write("</channel></rss>\n")
    return path


def feed_cases(counts, runs, variants):
    """Converts the generated feeds with each binary and prints how time grows with the items."""
    feeds = [(n, feed_file(n)) for n in counts]
    samples = {(name, n): ([], []) for name, _ in variants for n, _ in feeds}
    for _ in range(runs):
        for n, path in feeds:
            for name, binary in variants:
                out = BENCH / f"feed-out-{n}{'-' + name if name else ''}.xml"
                argv = [binary, "-q", "convert", "--no-cache", "--limit", "0", "--max-file-size", "256M",
                        "--feed-url", "https://example.org/feed.xml", "-o", str(out), str(path)]
                wall, mem = run_once(argv)
                samples[(name, n)][0].append(wall)
                samples[(name, n)][1].append(mem)
    rows = {k: (statistics.median(w), statistics.median(m)) for k, (w, m) in samples.items()}
    first = feeds[0][0]
    base_head = f" {'baseline ÷ this':>16}" if len(variants) > 1 else ""
    print("== an RSS feed as input, converted into RSS (all items; 1 KB descriptions)")
    print(f"{'case':40} {'wall s':>8} {'peak MiB':>9} {'÷ first size':>14} {'items ÷ first':>14}{base_head}")
    for n, path in feeds:
        wall, mem = rows[("", n)]
        vs_base = ""
        if len(variants) > 1:
            vs_base = f" {rows[('baseline', n)][0] / wall:16.2f}"
        label = f"{n} items ({path.stat().st_size / 2**20:.1f} MiB)"
        print(f"{label:40} {wall:8.3f} {mem:9.1f} {wall / rows[('', first)][0]:14.2f} {n / first:14.1f}{vs_base}")
    print(flush=True)


def frontfeed_cases(name, binary, size, src):
    """The frontfeed cases for one binary: each with its own outputs and caches (fresh ones)."""
    tag = f"-{name}" if name else ""
    out = BENCH / f"out-{size}{tag}"
    out.mkdir(parents=True, exist_ok=True)
    cache = BENCH / f"cache-{size}{tag}"
    shutil.rmtree(cache, ignore_errors=True)
    convert = [binary, "-q", "convert", *SETTINGS]
    warm = [*convert, "--cache-dir", str(cache)]
    newest = [*warm, "-o", str(out / "warm.xml"), str(src)]
    every = [*warm, "--limit", "0", "-o", str(out / "warm-all.xml"), str(src)]
    # After each change, the other run's cache is brought up to date (untimed), so the next
    # round's reruns measure an unchanged folder; the timed run updated its own cache. Only the
    # current binary's cases change files; a baseline's run right after sees the same change.
    change = touch_some(src, 50) if not name else None
    return [
        ("cold, all items", [*convert, "--no-cache", "--limit", "0", "-o", str(out / "all.xml"), str(src)], None, None),
        ("cold, newest 50", [*convert, "--no-cache", "-o", str(out / "50.xml"), str(src)], None, None),
        ("cached rerun, newest 50", newest, None, None),
        ("cached rerun, all items", every, None, None),
        ("cached, 50 files changed, newest 50", newest, change, every),
        ("cached, 50 files changed, all items", every, change, newest),
    ]


def prime_runs(cases):
    """The runs that fill a binary's two caches before the rounds start."""
    return [cases[2][1], cases[3][1]]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--gen", default=str(ROOT.parent / "shared" / "tools" / "gen-corpus.py"))
    parser.add_argument("--baseline", help="another frontfeed binary to compare with, case by case")
    parser.add_argument("--feed-items", default="2000,20000",
                        help="item counts of the generated feeds read as input (\"\" leaves them out)")
    args = parser.parse_args()
    if args.runs < 1:
        sys.exit("bench: --runs must be at least 1")
    subprocess.run(["cargo", "build", "--release", "--locked", "--quiet", "--bin", "frontfeed",
                    "--example", "floor_read", "--example", "floor_parse"], cwd=ROOT, check=True)
    ff = str(RELEASE / "frontfeed")
    hugo = shutil.which("hugo")
    print(f"machine: {os.cpu_count()} cores; {subprocess.run(['uname', '-srm'], capture_output=True, text=True).stdout.strip()}")
    print(f"frontfeed {subprocess.run([ff, '--version'], capture_output=True, text=True).stdout.strip()}; "
          f"hugo: {subprocess.run([hugo, 'version'], capture_output=True, text=True).stdout.split()[1] if hugo else 'not installed'}")
    print(f"median of {args.runs} rounds (each round runs every case once); wall seconds, peak resident MiB\n")
    variants = [("", ff)] + ([("baseline", str(Path(args.baseline).resolve()))] if args.baseline else [])
    feed_counts = [int(n) for n in args.feed_items.split(",") if n.strip()]
    if feed_counts:
        feed_cases(feed_counts, args.runs, variants)
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        src = corpus(size, Path(args.gen))
        floors = [
            ("floor: read", [str(RELEASE / "examples" / "floor_read"), str(src)], None, None),
            ("floor: read+parse", [str(RELEASE / "examples" / "floor_parse"), str(src)], None, None),
        ]
        # Each frontfeed case, per binary: (label, argv, change before it, cache refresh after it).
        ff_cases = {name: frontfeed_cases(name, binary, size, src) for name, binary in variants}
        hugo_cases = []
        if hugo:
            for limit, label in ((-1, "hugo, all items"), (50, "hugo, newest 50")):
                site = hugo_site(size, src, limit)
                hugo_cases.append((label, [hugo, "--quiet", "-d", str(site / "public")], None, site))
        # Prime the caches, then run every case once per round, so drift on a shared machine
        # spreads over all cases instead of favouring some.
        for cases in ff_cases.values():
            for argv in prime_runs(cases):
                run_once(argv)
        labels = [label for label, *_ in floors] + [label for label, *_ in ff_cases[""]] + [label for label, *_ in hugo_cases]
        samples = {label: ([], []) for label in labels}
        base_samples = {label: [] for label, *_ in ff_cases[""]}
        for round_no in range(args.runs):
            for label, argv, _, cwd in floors + hugo_cases:
                wall, mem = run_once(argv, cwd)
                samples[label][0].append(wall)
                samples[label][1].append(mem)
            for i, (label, argv, before, refresh) in enumerate(ff_cases[""]):
                if before:
                    before()

                def current():
                    wall, mem = run_once(argv)
                    samples[label][0].append(wall)
                    samples[label][1].append(mem)
                    if refresh:
                        run_once(refresh)

                def baseline():
                    _, base_argv, _, base_refresh = ff_cases["baseline"][i]
                    base_samples[label].append(run_once(base_argv)[0])
                    if base_refresh:
                        run_once(base_refresh)

                # The two builds take turns at going first, so neither always runs in the other's
                # wake (say, while the kernel writes back the other's 117 MiB of output).
                order = [current, baseline] if round_no % 2 == 0 else [baseline, current]
                for run in order if "baseline" in ff_cases else [current]:
                    run()
        rows = {label: (statistics.median(w), statistics.median(m)) for label, (w, m) in samples.items()}
        output_mib = (BENCH / f"out-{size}" / "all.xml").stat().st_size / 2**20
        floor = rows["floor: read+parse"][0]
        print(f"== {size} articles (all-items RSS: {output_mib:.1f} MiB)")
        base_head = f" {'baseline ÷ this':>16}" if args.baseline else ""
        print(f"{'case':40} {'wall s':>8} {'peak MiB':>9} {'÷ parse floor':>14} {'hugo ÷ this':>12}{base_head}")
        for label, (wall, mem) in rows.items():
            hugo_row = rows.get("hugo, all items" if "all" in label else "hugo, newest 50")
            vs_hugo = f"{hugo_row[0] / wall:12.1f}" if hugo_row and label.startswith(("cold", "cached")) else f"{'':12}"
            vs_base = ""
            if base_samples.get(label):
                vs_base = f" {statistics.median(base_samples[label]) / wall:16.2f}"
            print(f"{label:40} {wall:8.3f} {mem:9.1f} {wall / floor:14.2f} {vs_hugo}{vs_base}")
        print(f"peak memory of the cold all-items run ÷ output size: {rows['cold, all items'][1] / output_mib:.2f}\n", flush=True)


if __name__ == "__main__":
    main()
