#!/usr/bin/env python3
"""One row of issue 16's table, as `make bench` prints them at the end:

  GOAL | <work> | sop <time> | <alternative> <time> | <ratio> | goal <goal> | met|NOT MET

Usage: goal.py WORK SOP_SECONDS ALTERNATIVE ALT_SECONDS GOAL_RATIO [ABSOLUTE_SECONDS]
  The row is met when SOP_SECONDS / ALT_SECONDS <= GOAL_RATIO, or, with ABSOLUTE_SECONDS,
  when SOP_SECONDS is at most that. ALTERNATIVE '-' (and ALT_SECONDS 0) for a figure with
  no alternative, judged by ABSOLUTE_SECONDS alone. The row is printed, and appended to the
  file $GOALS when that is set.
"""
import os
import sys


def shown(seconds):
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


work, ours, alternative, theirs, goal = sys.argv[1], float(sys.argv[2]), sys.argv[3], float(sys.argv[4]), float(sys.argv[5])
absolute = float(sys.argv[6]) if len(sys.argv) > 6 else None
if alternative == "-":
    ratio, alt, aim = "-", "-", f"< {shown(absolute)}"
    met = ours < absolute
else:
    ratio, alt = f"{ours / theirs:.2f}x", f"{alternative} {shown(theirs)}"
    aim = f"<= {goal:g}x" + (f" or <= {shown(absolute)}" if absolute is not None else "")
    met = ours / theirs <= goal or (absolute is not None and ours <= absolute)
row = f"GOAL | {work} | sop {shown(ours)} | {alt} | {ratio} | goal {aim} | {'met' if met else 'NOT MET'}"
print(row)
if os.environ.get("GOALS"):
    with open(os.environ["GOALS"], "a") as file:
        file.write(row + "\n")
