#!/usr/bin/env python3
"""Writes N generated procedures (mean ~12 KB) into WORKSPACE/Procedures for benchmarks.

Each has valid front matter, the seven template sections, eight subsections, a table and
cross-references to other generated procedures, so `sop lint` does all of its work.
Usage: generate.py WORKSPACE [N]
"""
import os
import random
import sys

WORDS = ("migrant vessel officer border screening referral protection interview record data "
         "coast guard port authority member state focal point consultation smuggling evidence "
         "prosecution disembarkation vulnerable child asylum return notice report within hours "
         "regional exchange alert contact national procedure shall should ensure verify").split()
OWNERS = ["secretariat", "TT", "BZ", "BS", "JM", "DO", "BB", "GY", "HT"]
SUBSECTIONS = ["detection", "reporting", "boarding", "screening", "referral", "interview", "evidence", "handover"]


def paragraph(rng, words):
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def procedure(rng, number, total):
    other = rng.randint(1, total)
    lines = [
        "---", f"id: SOP-{number:04d}", f"title: Generated Procedure {number}", 'version: "1.0"',
        "status: effective", f"owner: {rng.choice(OWNERS)}", "effective: 2026-01-01",
        "review-by: 2028-01-01", "supersedes: []", "language: en", "---", "",
        paragraph(rng, 60), "",
    ]
    top = ["Purpose", "Scope", "Definitions", "Responsibilities", "Procedure", "Records", "References"]
    for index, title in enumerate(top, start=1):
        lines += [f"## {index} {title} {{#{title.lower()}}}", "", paragraph(rng, rng.randint(45, 85)), ""]
        if title == "Definitions":
            lines += ["| Term | Meaning |", "|---|---|"]
            lines += [f"| {rng.choice(WORDS)} | {paragraph(rng, 12)} |" for _ in range(6)] + [""]
        if title == "Procedure":
            for sub, ident in enumerate(SUBSECTIONS, start=1):
                lines += [f"### 5.{sub} Step on {ident} {{#{ident}}}", ""]
                for _ in range(2):
                    lines += [paragraph(rng, rng.randint(32, 60)), ""]
                lines += [f"See [SOP-{other:04d} §5.4](SOP-{other:04d}-generated.md#screening) "
                          f"and [§5.1](#detection).", ""]
    return "\n".join(lines)


def main():
    workspace = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng = random.Random(20261129)
    folder = os.path.join(workspace, "Procedures")
    os.makedirs(folder, exist_ok=True)
    sizes = []
    for number in range(1, total + 1):
        text = procedure(rng, number, total)
        with open(os.path.join(folder, f"SOP-{number:04d}-generated.md"), "w", encoding="utf-8") as handle:
            handle.write(text)
        sizes.append(len(text.encode()))
    print(f"generated {total} procedures, mean {sum(sizes) / len(sizes) / 1024:.1f} KB")


if __name__ == "__main__":
    main()
