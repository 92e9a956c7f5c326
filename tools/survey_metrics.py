#!/usr/bin/python3
"""Counts what a person reads and taps in a questionnaire and estimates the
time to answer it (docs/questionnaires.md, "Length and reading time").

    python3 tools/survey_metrics.py [--student-speed N] data/surveys/*.json

Method, per questionnaire:
  * the path: every item a respondent can be shown; "longest" answers every
    show_if condition so that it holds (boarders, after-school service ...),
    "shortest" so that it does not;
  * characters read: the Chinese text of the notice screen (the kiosk's note
    and the questionnaire's intro), of each question and its help, of the
    item's own option labels (choice, multi, yes/no), and of a scale's option
    labels the first time that scale is shown (later it is recognised, not
    re-read); every character counts but spaces;
  * reading speed by group (characters per minute): pupils 100, set by the
    youngest asked, grade 3 (the national Chinese curriculum standard asks
    grades 5-6 for at least 300 in silent reading and grades 3-4 only to
    begin reading silently; grade 3 taken at a third of 300, grade 4 at half:
    --student-speed 150 gives the grade-4 figure), parents and the public 250
    (a slow adult reader), teachers 300;
  * plus 3 seconds per shown item to choose and touch an answer (a text item
    is counted as skipped: 3 seconds), and 10 seconds for the welcome, role
    and notice touches.
"""
import json
import sys

SPEED = {"student": 100, "parent": 250, "public": 250, "teacher": 300}
TAP_S = 3.0
START_S = 10.0
# The kiosk's notice (app/ui/ui_i18n.c UI_S_NOTICE_BODY), read before the first item.
NOTICE = "本问卷不记名，不问姓名、电话等能认出您的信息。请按真实感受回答，没有对错。每屏一道题，点一下答案即可。"


def chars(s):
    return sum(1 for c in s if not c.isspace())


def zh(t):
    return t["zh-CN"] if t else ""


def path(s, longest):
    """Items shown when every show_if holds (longest) or none does."""
    return [it for it in s["items"] if ("show_if" not in it) or longest]


def measure(s, longest):
    scales = {sc["id"]: sc for sc in s.get("scales", [])}
    seen = set()
    n = chars(NOTICE) + chars(zh(s.get("intro")))
    items = path(s, longest)
    for it in items:
        n += chars(zh(it["text"])) + chars(zh(it.get("help")))
        if it["type"] == "yesno":
            n += chars(zh(it.get("yes_label")) or "是") + chars(zh(it.get("no_label")) or "不是")
        for o in it.get("options", []):
            n += chars(zh(o["label"]))
        if it["type"] == "scale" and it["scale"] not in seen:
            seen.add(it["scale"])
            n += sum(chars(zh(o["label"])) for o in scales[it["scale"]]["options"])
    return len(items), n


def main(files):
    print("| questionnaire | items (file) | shown | characters read | reading speed | estimate |")
    print("|---|---|---|---|---|---|")
    for f in files:
        s = json.load(open(f, encoding="utf-8"))
        speed = SPEED.get(s["audience"], 250)
        cells = []
        for longest in (False, True):
            k, n = measure(s, longest)
            secs = n / speed * 60 + k * TAP_S + START_S
            cells.append((k, n, secs))
        (k0, n0, t0), (k1, n1, t1) = cells
        rated = sum(1 for it in s["items"] if "topic" in it)
        print(f"| {s['id']} {s['version']} | {len(s['items'])} ({rated} rated) | {k0}-{k1} | {n0}-{n1} | "
              f"{speed}/min | {t0 / 60:.1f}-{t1 / 60:.1f} min |")


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) >= 2 and args[0] == "--student-speed":
        SPEED["student"] = int(args[1])
        args = args[2:]
    main(args)
