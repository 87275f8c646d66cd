#!/usr/bin/env python3
"""Adds or replaces catalog entries in locale/de.json and locale/en.json.

Usage: locale_add.py PART.json [PART.json ...]
PART.json: {"en": {"key": "text", ...}, "de": {"key": "text", ...}}
Both languages must carry the same keys. The catalogs are rewritten with keys
sorted, under a lock so that several editors can add at once."""
import fcntl, json, os, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
loc = os.path.join(root, "locale")

def main():
    parts = [json.load(open(p, encoding="utf-8")) for p in sys.argv[1:]]
    for p, name in zip(parts, sys.argv[1:]):
        if set(p.get("en", {})) != set(p.get("de", {})):
            sys.exit(f"{name}: keys differ between en and de: {sorted(set(p['en']) ^ set(p['de']))[:5]}")
    with open(os.path.join(loc, ".lock"), "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        for lang in ("en", "de"):
            path = os.path.join(loc, f"{lang}.json")
            cat = json.load(open(path, encoding="utf-8"))
            for p in parts:
                cat["messages"].update(p[lang])
            cat["messages"] = dict(sorted(cat["messages"].items()))
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(cat, f, ensure_ascii=False, indent=1)
                f.write("\n")
            os.replace(tmp, path)

if __name__ == "__main__":
    main()
