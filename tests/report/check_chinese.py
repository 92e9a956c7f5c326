#!/usr/bin/env python3
"""check_chinese.py REPORT.html REPORT.xlsx - the Chinese report and workbook
contain no English word: every visible text of the HTML (scripts and styles
left out) and every cell of every workbook sheet is split into tokens, and a
token made of ASCII letters only (2 or more) that is not in the short list of
names and abbreviations a Chinese statistical report uses is reported with
where it is.  Codes, numbers, units and file names (tokens with a digit, or
with - _ . / : inside) are data, not words.  Exit 1 when any word is found."""
import re
import sys
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

# Proper names and abbreviations a Chinese report writes in Latin letters.
# Proper names and abbreviations a Chinese report writes in Latin letters,
# and the symbols of the formulas (Xi, Pi, sqrt).
ALLOWED = {"Wilson", "Newcombe", "SHA", "CSV", "PDF", "Excel", "WPS", "UTF", "ID", "CV", "Xi", "Pi", "sqrt",
           "deff"}
SPLIT = re.compile(r"[\s\u3000-\u303f\uff00-\uffef（）()\[\]{}<>«»“”‘’\"',;!?·•—–…×✓→≥≤=+*%&|\\#]+")
CJK = re.compile(r"[\u2e80-\u9fff]")


def words(text):
    out = []
    for tok in SPLIT.split(text):
        # CJK characters separate words too: 名称abc → abc
        for part in CJK.split(tok):
            part = part.strip(".:/-_")
            if re.fullmatch(r"[0-9a-f]{16,}", part):  # a hash
                continue
            if len(part) >= 2 and re.fullmatch(r"[A-Za-z]+", part) and part not in ALLOWED:
                out.append(part)
    return out


class Visible(HTMLParser):
    def __init__(self):
        super().__init__()
        self.skip = 0
        self.texts = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        # Elements of class "code" hold the questionnaire's own identifiers
        # (item ids, answer codes): data, not words.
        code = "code" in (dict(attrs).get("class") or "").split()
        if tag in ("script", "style") or code:
            self.skip += 1
        self.stack.append((tag, tag in ("script", "style") or code))
        for k, v in attrs:
            if k in ("title", "alt", "aria-label") and v:
                self.texts.append((f"<{tag} {k}>", v))

    def handle_endtag(self, tag):
        # pop up to the matching start tag (HTML allows unclosed <p>, <li>)
        while self.stack:
            t, skipping = self.stack.pop()
            if skipping:
                self.skip -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(("<" + (self.stack[-1][0] if self.stack else "") + ">", data))


def check_html(path):
    p = Visible()
    p.feed(open(path, encoding="utf-8").read())
    bad = []
    for where, text in p.texts:
        for w in words(text):
            bad.append(f"{path}: {where} '{w}' in: {text.strip()[:120]}")
    return bad


def check_xlsx(path):
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    bad = []
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            root = ElementTree.fromstring(z.read("xl/sharedStrings.xml"))
            for si in root.findall("m:si", ns):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
        wb = ElementTree.fromstring(z.read("xl/workbook.xml"))
        names = [s.get("name") for s in wb.find("m:sheets", ns)]
        for i, name in enumerate(names, 1):
            root = ElementTree.fromstring(z.read(f"xl/worksheets/sheet{i}.xml"))
            for c in root.iter("{%s}c" % ns["m"]):
                t = c.get("t")
                if t == "s":
                    text = shared[int(c.find("m:v", ns).text)]
                elif t == "inlineStr":
                    text = "".join(x.text or "" for x in c.iter("{%s}t" % ns["m"]))
                elif t == "str":
                    text = c.find("m:v", ns).text or ""
                else:
                    continue
                for w in words(text):
                    bad.append(f"{path}: sheet {name} cell {c.get('r')}: '{w}' in: {text[:120]}")
            for hf in root.iter():
                if hf.tag.endswith("oddFooter") or hf.tag.endswith("oddHeader"):
                    for w in words(re.sub(r"&[A-Z]", " ", hf.text or "")):
                        bad.append(f"{path}: sheet {name} header/footer: '{w}'")
    return bad


def main():
    bad = []
    for path in sys.argv[1:]:
        bad += check_xlsx(path) if path.endswith(".xlsx") else check_html(path)
    for line in bad:
        print("English word:", line)
    if bad:
        print(f"{len(bad)} English word(s) in the Chinese report")
        return 1
    print("no English words in", " ".join(sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
