#!/usr/bin/env python3
"""False-positive sanity check of lexicons/generated/en/*.tsv against ordinary language.

Lists generated terms without `ctx`/`cs` that are ordinary words: a one-word term among
wordfreq's 30,000 most frequent words of en/it/de/es/fr, or a multi-word term every word of
which is among them. Clinical words ("cancer", "asthma") are expected in the list; anything
else belongs in tools/lexicons/overrides.tsv. Needs wordfreq (tools/lexicons/requirements.txt).

    /tmp/lexvenv/bin/python tools/lexicons/sanity.py [--all]
"""
import os
import sys

import wordfreq

sys.dont_write_bytecode = True

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "lexicons"))
import generate  # noqa: E402

LANGS = ("en", "it", "de", "es", "fr")
TOP = 30000


def main():
    top = {}
    for lang in LANGS:
        for rank, w in enumerate(wordfreq.top_n_list(lang, TOP)):
            k = generate.key_of(w)
            if k and (k not in top or rank < top[k][1]):
                top[k] = (lang, rank)
    show_all = "--all" in sys.argv
    total = 0
    for kind in generate.KINDS:
        path = os.path.join(generate.GENERATED, "en", kind + ".tsv")
        hits = []
        for cols in generate.read_tsv(path):
            term, flags = cols[0], cols[1]
            if "ctx" in flags or "cs" in flags:
                continue
            toks = generate.key_of(term).split(" ")
            if len(toks) == 1 and toks[0] in top:
                hits.append((top[toks[0]][1], term, top[toks[0]][0]))
            elif len(toks) > 1 and all(t in top for t in toks) and show_all:
                hits.append((max(top[t][1] for t in toks), term, "phrase"))
        hits.sort()
        total += len(hits)
        print(f"== {kind}: {len(hits)} non-ctx terms among the top {TOP} words")
        for rank, term, lang in hits:
            print(f"{rank:6d} {lang:6s} {term}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
