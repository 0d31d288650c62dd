#!/usr/bin/env python3
"""Summarises benchmarks/compare.sh output: per row, the median over rounds of each side's figure and the change.

    python3 benchmarks/compare-summary.py [benchmarks/compare-out]

Rows are matched by their text columns (scenario and mode, or backend / compression / data / size). The figures
compared are the wall time (scheduling) and the push+pull rate and ratio to a raw copy (xcom), p50 and p99 of each page (web); a change beyond
±10% is flagged.
"""
import pathlib
import re
import statistics
import sys

METRICS = {
    "scheduling": [("wall ms", "lower"), ("tasks/s", "higher")],
    "xcom": [("push+pull MB/s", "higher"), ("ratio", "higher")],
    "web": [("p50 ms", "lower"), ("p99 ms", "lower")],
}
KEYS = {
    "scheduling": ["scenario", "mode"],
    "xcom": ["backend", "compr.", "data", "size"],
    "web": ["page"],
}


def parse(path):
    rows = {}
    lines = path.read_text().splitlines()
    for i, line in enumerate(lines):
        if i + 1 < len(lines) and re.fullmatch(r"[-+]+", lines[i + 1].replace(" ", "")) and "|" in line:
            header = [c.strip() for c in line.split("|")]
            for row in lines[i + 2:]:
                if "|" not in row:
                    break
                cells = [c.strip() for c in row.split("|")]
                rows[tuple(cells)] = dict(zip(header, cells))
            break
    return list(rows.values())


def number(text):
    match = re.match(r"-?[\d,]*\.?\d+", text or "")
    return float(match.group(0).replace(",", "")) if match else None


def main():
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent / "compare-out")
    for scenario, metrics in METRICS.items():
        figures = {}
        for path in sorted(out.glob(f"{scenario}.*.round*.txt")):
            side = path.name.split(".")[1]
            for row in parse(path):
                key = " / ".join(row.get(k, "") for k in KEYS[scenario])
                for metric, _ in metrics:
                    value = number(row.get(metric))
                    if value is not None:
                        figures.setdefault((key, metric), {}).setdefault(side, []).append(value)
        if not figures:
            continue
        print(f"{scenario}: median over rounds, base → head (change; * = beyond ±10% in the worse direction)")
        width = max(len(k) for k, _ in figures)
        for (key, metric), sides in figures.items():
            if "base" not in sides or "head" not in sides:
                continue
            base, head = statistics.median(sides["base"]), statistics.median(sides["head"])
            change = (head - base) / base * 100 if base else 0.0
            better = dict(metrics)[metric]
            worse = change > 10 if better == "lower" else change < -10
            print(f"  {key:<{width}}  {metric:<15} {base:>10.2f} → {head:>10.2f}  {change:+6.1f}%{' *' if worse else ''}")
        print()


if __name__ == "__main__":
    main()
