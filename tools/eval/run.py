#!/usr/bin/env python3
"""Accuracy evaluation of phi-guard on the committed corpora in tools/eval/data/.

Runs `phi-guard scan` over

  data/recall.jsonl    clinical terms (independent of the lexicon sources) in realistic message
                       frames: every message should be flagged;
  data/ordinary.jsonl  ordinary, non-medical chat messages: none should be flagged;
  data/real_texts.jsonl
                       patient-facing texts from public repositories, labelled by hand (see
                       REAL_TEXTS.md): `non_compliant` ones should be flagged, `compliant` ones
                       should not;

and over the frame controls (each recall frame with a neutral word in place of the term: these
must stay compliant, otherwise the frame, not the term, is what gets flagged). A message is
flagged when its verdict is not `compliant` (`review` counts as flagged).

Prints recall per language and category, the false-positive rate per language and source, the
most frequent false-positive matches (with their rule) and the missed terms, and for the real
texts the recall (non_compliant flagged) and the false-positive rate (compliant flagged) per
language; `--json` prints one JSON object instead. The thresholds of issue 3 (recall >= 0.95,
false positives <= 0.005) are checked by tests/lib/accuracy.rs; this script only reports.

    cargo build --release
    python3 tools/eval/run.py [--bin target/release/phi-guard] [--top 50] [--json]
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(HERE, "data")
LANGS = ("en", "it", "de", "es", "fr")
REAL_TEXTS = os.path.join(DATA, "real_texts.jsonl")
HOLDOUT = os.path.join(DATA, "real_texts_holdout.jsonl")
HOLDOUT2 = os.path.join(DATA, "real_texts_holdout2.jsonl")
HOLDOUT3 = os.path.join(DATA, "real_texts_holdout3.jsonl")
CATEGORIES = ("condition", "medication", "procedure", "behavioral", "specialty")

sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import build_recall  # noqa: E402  (the frames, for the frame controls)


def default_bin():
    for candidate in (
        os.environ.get("PHI_GUARD"),
        os.path.join(os.environ.get("CARGO_TARGET_DIR", ""), "release", "phi-guard")
        if os.environ.get("CARGO_TARGET_DIR") else None,
        os.path.join(ROOT, "target", "release", "phi-guard"),
    ):
        if candidate and os.path.exists(candidate):
            return candidate
    return os.path.join(ROOT, "target", "release", "phi-guard")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def scan(binary, records, policy):
    """Scan records ({"id", "text", ...}); returns {id: result}."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        for r in records:
            f.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
        path = f.name
    try:
        proc = subprocess.run([binary, "scan", "--policy", policy, path], capture_output=True,
                              text=True, encoding="utf-8")
    finally:
        os.unlink(path)
    if proc.returncode not in (0, 1):
        sys.exit(f"phi-guard scan failed ({proc.returncode}): {proc.stderr.strip()}")
    results = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            r = json.loads(line)
            results[r["id"]] = r
    missing = [r["id"] for r in records if r["id"] not in results]
    if missing:
        sys.exit(f"phi-guard scan returned no result for {len(missing)} message(s), e.g. {missing[:3]}")
    return results


def flagged(result):
    return result["verdict"] != "compliant"


def rate(n, d):
    return n / d if d else 0.0


def evaluate_real(binary, top, policy, path=REAL_TEXTS):
    """Recall and false-positive rate on the hand-labelled real texts (None when the file is absent)."""
    if not os.path.exists(path):
        return None
    recs = read_jsonl(path)
    res = scan(binary, recs, policy)
    return summarize_real(recs, res, top)


def summarize_real(recs, res, top):
    """Aggregate scan results of the real texts: `res` maps id -> phi-guard result."""
    by_lang = collections.defaultdict(lambda: {"nc_flagged": 0, "nc": 0, "c_flagged": 0, "c": 0})
    by_cat = collections.defaultdict(lambda: [0, 0])  # category -> [flagged, messages] (non_compliant only)
    by_tier = collections.defaultdict(lambda: [0, 0])  # "low" / "standard" -> [flagged, messages]
    missed, false_pos = [], []
    for r in recs:
        hit = flagged(res[r["id"]])
        row = by_lang[r["lang"]]
        if r["label"] == "non_compliant":
            row["nc"] += 1
            row["nc_flagged"] += hit
            for cat in r.get("categories") or ["(none)"]:
                by_cat[cat][0] += hit
                by_cat[cat][1] += 1
            tier = by_tier[r.get("tier", "standard")]
            tier[0] += hit
            tier[1] += 1
            if not hit:
                missed.append({"id": r["id"], "lang": r["lang"], "text": r["text"],
                               "categories": r.get("categories", []), "why": r.get("why", "")})
        else:
            row["c"] += 1
            row["c_flagged"] += hit
            if hit:
                findings = [(f["rule"], f.get("match", "")) for f in res[r["id"]]["findings"]]
                false_pos.append({"id": r["id"], "lang": r["lang"], "text": r["text"],
                                  "verdict": res[r["id"]]["verdict"], "findings": findings})

    def lang_row(v):
        return {"nc_flagged": v["nc_flagged"], "non_compliant": v["nc"],
                "recall": rate(v["nc_flagged"], v["nc"]),
                "c_flagged": v["c_flagged"], "compliant": v["c"],
                "fp_rate": rate(v["c_flagged"], v["c"])}

    total = {"nc_flagged": 0, "nc": 0, "c_flagged": 0, "c": 0}
    for v in by_lang.values():
        for k in total:
            total[k] += v[k]
    order = {lang: i for i, lang in enumerate(LANGS)}
    return {
        "messages": len(recs),
        "overall": lang_row(total),
        "by_lang": {k: lang_row(v) for k, v in sorted(by_lang.items(), key=lambda kv: order.get(kv[0], 99))},
        "by_category": {k: {"flagged": v[0], "messages": v[1], "recall": rate(*v)}
                        for k, v in sorted(by_cat.items())},
        "by_tier": {k: {"flagged": v[0], "messages": v[1], "recall": rate(*v)}
                    for k, v in sorted(by_tier.items())},
        "missed": missed[:top],
        "missed_total": len(missed),
        "false_positives": false_pos[:top],
        "false_positives_total": len(false_pos),
    }


def evaluate(binary, top, policy):
    recall_recs = read_jsonl(os.path.join(DATA, "recall.jsonl"))
    ordinary_recs = read_jsonl(os.path.join(DATA, "ordinary.jsonl"))
    controls = [
        {"id": f"ctl-{lang}-{kind}-{i}", "lang": lang, "kind": kind, "frame": i, "text": text}
        for lang, kind, i, text in build_recall.frame_controls()
    ]
    res_recall = scan(binary, recall_recs, policy)
    res_ordinary = scan(binary, ordinary_recs, policy)
    res_controls = scan(binary, controls, policy)

    # Recall.
    by_lang = collections.defaultdict(lambda: [0, 0])
    by_cat = collections.defaultdict(lambda: [0, 0])
    by_lang_cat = collections.defaultdict(lambda: [0, 0])
    term_frames = collections.defaultdict(lambda: [0, 0])  # (lang, category, term) -> [hit, n]
    rules_on_hits = collections.Counter()
    on_term = 0  # flagged with a finding that overlaps the term itself (not only the frame)
    for r in recall_recs:
        hit = flagged(res_recall[r["id"]])
        start = r["text"].encode("utf-8").find(r["term"].encode("utf-8"))
        end = start + len(r["term"].encode("utf-8"))
        on_term += hit and any(f["start"] < end and f["end"] > start
                               for f in res_recall[r["id"]]["findings"])
        for table, key in ((by_lang, r["lang"]), (by_cat, r["category"]),
                           (by_lang_cat, (r["lang"], r["category"]))):
            table[key][0] += hit
            table[key][1] += 1
        t = term_frames[(r["lang"], r["category"], r["term"])]
        t[0] += hit
        t[1] += 1
        for f in res_recall[r["id"]]["findings"]:
            rules_on_hits[f["rule"]] += 1
    total_hit = sum(v[0] for v in by_lang.values())
    misses = []
    for (lang, cat, term), (hit, n) in term_frames.items():
        if hit < n:
            example = next(r["text"] for r in recall_recs
                           if r["lang"] == lang and r["term"] == term and r["category"] == cat
                           and not flagged(res_recall[r["id"]]))
            misses.append({"lang": lang, "category": cat, "term": term, "missed_frames": n - hit,
                           "frames": n, "example": example})
    misses.sort(key=lambda m: (-m["missed_frames"], m["lang"], m["category"], m["term"].lower()))

    # False positives.
    fp_lang = collections.defaultdict(lambda: [0, 0])
    fp_source = collections.defaultdict(lambda: [0, 0])
    fp_matches = collections.Counter()
    fp_examples = {}
    fp_messages = []
    for r in ordinary_recs:
        res = res_ordinary[r["id"]]
        hit = flagged(res)
        fp_lang[r["lang"]][0] += hit
        fp_lang[r["lang"]][1] += 1
        fp_source[(r["lang"], r["source"])][0] += hit
        fp_source[(r["lang"], r["source"])][1] += 1
        if hit:
            fp_messages.append({"id": r["id"], "lang": r["lang"], "text": r["text"],
                                "findings": [(f["rule"], f.get("match", "")) for f in res["findings"]]})
            for f in res["findings"]:
                key = (f["rule"], f.get("match", "").lower())
                fp_matches[key] += 1
                fp_examples.setdefault(key, (r["lang"], r["text"]))
    fp_total = sum(v[0] for v in fp_lang.values())

    controls_flagged = [
        {"lang": c["lang"], "kind": c["kind"], "frame": c["frame"], "text": c["text"],
         "findings": [(f["rule"], f.get("match", "")) for f in res_controls[c["id"]]["findings"]]}
        for c in controls if flagged(res_controls[c["id"]])
    ]

    return {
        "binary": binary,
        "policy": policy,
        "recall": {
            "overall": {"flagged": total_hit, "messages": len(recall_recs),
                        "recall": rate(total_hit, len(recall_recs)),
                        "recall_on_term": rate(on_term, len(recall_recs)),
                        "terms": len(term_frames),
                        "terms_fully_missed": sum(1 for m in misses if m["missed_frames"] == m["frames"])},
            "by_lang": {k: {"flagged": v[0], "messages": v[1], "recall": rate(*v)}
                        for k, v in sorted(by_lang.items(), key=lambda kv: LANGS.index(kv[0]))},
            "by_category": {k: {"flagged": v[0], "messages": v[1], "recall": rate(*v)}
                            for k, v in sorted(by_cat.items(), key=lambda kv: CATEGORIES.index(kv[0]))},
            "by_lang_category": {f"{k[0]}/{k[1]}": {"flagged": v[0], "messages": v[1], "recall": rate(*v)}
                                 for k, v in sorted(by_lang_cat.items(),
                                                    key=lambda kv: (LANGS.index(kv[0][0]),
                                                                    CATEGORIES.index(kv[0][1])))},
            "rules_on_flagged": dict(rules_on_hits.most_common()),
            "misses": misses[:top],
            "misses_total": len(misses),
        },
        "false_positives": {
            "overall": {"flagged": fp_total, "messages": len(ordinary_recs),
                        "rate": rate(fp_total, len(ordinary_recs))},
            "by_lang": {k: {"flagged": v[0], "messages": v[1], "rate": rate(*v)}
                        for k, v in sorted(fp_lang.items(), key=lambda kv: LANGS.index(kv[0]))},
            "by_source": {f"{k[0]}/{k[1]}": {"flagged": v[0], "messages": v[1], "rate": rate(*v)}
                          for k, v in sorted(fp_source.items())},
            "top_matches": [
                {"rule": rule, "match": match, "count": n, "lang": fp_examples[(rule, match)][0],
                 "example": fp_examples[(rule, match)][1]}
                for (rule, match), n in fp_matches.most_common(top)
            ],
            "messages": fp_messages[:top],
        },
        "frame_controls": {"frames": len(controls), "flagged": controls_flagged},
        "real_texts": evaluate_real(binary, top, policy),
        "real_texts_holdout": evaluate_real(binary, top, policy, HOLDOUT),
        "real_texts_holdout2": evaluate_real(binary, top, policy, HOLDOUT2),
        "real_texts_holdout3": evaluate_real(binary, top, policy, HOLDOUT3),
    }


def pct(x):
    return f"{100 * x:6.2f}%"


def print_report(r):
    rec, fp = r["recall"], r["false_positives"]
    print(f"phi-guard: {r['binary']}  (policy {r['policy']})\n")
    o = rec["overall"]
    print(f"RECALL (target >= 95%): {pct(o['recall'])}  {o['flagged']}/{o['messages']} messages, "
          f"{o['terms']} terms, {o['terms_fully_missed']} missed in every frame; "
          f"with a finding on the term itself: {pct(o['recall_on_term']).strip()}")
    print("  by language:  " + "  ".join(f"{k} {pct(v['recall'])} ({v['messages']})"
                                         for k, v in rec["by_lang"].items()))
    print("  by category:  " + "  ".join(f"{k} {pct(v['recall'])} ({v['messages']})"
                                         for k, v in rec["by_category"].items()))
    print("  by language and category:")
    for k, v in rec["by_lang_category"].items():
        print(f"    {k:<16} {pct(v['recall'])}  {v['flagged']:>4}/{v['messages']}")
    print(f"  rules on flagged messages: {rec['rules_on_flagged']}")
    o = fp["overall"]
    print(f"\nFALSE POSITIVES (target <= 0.5%): {pct(o['rate'])}  {o['flagged']}/{o['messages']} messages")
    print("  by language:  " + "  ".join(f"{k} {pct(v['rate'])} ({v['flagged']}/{v['messages']})"
                                         for k, v in fp["by_lang"].items()))
    for k, v in fp["by_source"].items():
        print(f"    {k:<36} {pct(v['rate'])}  {v['flagged']:>4}/{v['messages']}")
    ctl = r["frame_controls"]
    print(f"\nFRAME CONTROLS: {len(ctl['flagged'])} of {ctl['frames']} frames flagged without a term")
    for c in ctl["flagged"]:
        print(f"  {c['lang']}/{c['kind']}#{c['frame']}: {c['text']}  <- {c['findings']}")
    print(f"\nTOP FALSE-POSITIVE MATCHES ({len(fp['top_matches'])} shown)")
    for m in fp["top_matches"]:
        print(f"  {m['count']:>4}  {m['rule']:<24} {m['match']!r:<24} [{m['lang']}] {m['example']}")
    print(f"\nMISSED TERMS ({len(rec['misses'])} of {rec['misses_total']} shown; missed/frames)")
    for m in rec["misses"]:
        print(f"  {m['missed_frames']}/{m['frames']}  {m['lang']}/{m['category']:<11} {m['term']!r:<36} {m['example']}")
    print_real(r.get("real_texts"), REAL_TEXTS, "REAL PATIENT-FACING TEXTS")
    print_real(r.get("real_texts_holdout"), HOLDOUT, "HELD-OUT REAL TEXTS (HOLDOUT.md)")
    print_real(r.get("real_texts_holdout2"), HOLDOUT2, "SECOND HELD-OUT SET (HOLDOUT2.md)")
    print_real(r.get("real_texts_holdout3"), HOLDOUT3, "THIRD HELD-OUT SET (HOLDOUT3.md)")


def print_real(rt, path, title):
    if rt is None:
        print(f"\n{title}: {path} not found")
        return
    o = rt["overall"]
    print(f"\n{title} ({rt['messages']} messages, labelled by hand)")
    print(f"  recall (non_compliant flagged): {pct(o['recall'])}  {o['nc_flagged']}/{o['non_compliant']};  "
          f"false positives (compliant flagged): {pct(o['fp_rate'])}  {o['c_flagged']}/{o['compliant']}")
    for k, v in rt["by_lang"].items():
        print(f"    {k}  recall {pct(v['recall'])}  {v['nc_flagged']:>3}/{v['non_compliant']:<3}  "
              f"false positives {pct(v['fp_rate'])}  {v['c_flagged']:>3}/{v['compliant']}")
    print("  recall by category:  " + "  ".join(f"{k} {pct(v['recall'])} ({v['messages']})"
                                               for k, v in rt["by_category"].items()))
    print("  recall by tier:  " + "  ".join(f"{k} {pct(v['recall'])} ({v['messages']})"
                                           for k, v in rt["by_tier"].items()))
    print(f"  missed non_compliant ({len(rt['missed'])} of {rt['missed_total']} shown)")
    for m in rt["missed"]:
        print(f"    {m['id']}  {','.join(m['categories'])}: {m['text'][:100]!r}  ({m['why']})")
    print(f"  flagged compliant ({len(rt['false_positives'])} of {rt['false_positives_total']} shown)")
    for m in rt["false_positives"]:
        print(f"    {m['id']}  {m['verdict']}: {m['text'][:100]!r}  <- {m['findings']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=default_bin(), help="phi-guard binary (default: %(default)s)")
    ap.add_argument("--policy", default="outbound")
    ap.add_argument("--top", type=int, default=50, help="misses / false positives to list")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin}: not found; build with `cargo build --release` or pass --bin")
    report = evaluate(args.bin, args.top, args.policy)
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_report(report)


if __name__ == "__main__":
    main()
