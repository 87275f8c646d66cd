#!/usr/bin/env python3
"""Adds or replaces catalog entries in locale/de.json and locale/en.json.

Usage: locale_add.py [--delete KEY]... [PART.json ...]
PART.json: {"en": {"key": "text", ...}, "de": {"key": "text", ...}}
Both languages must carry the same keys. --delete KEY removes KEY from both
catalogs (an unknown key is an error), before the parts are added. The catalogs are rewritten with keys
sorted, under a lock so that several editors can add at once."""
import fcntl, json, os, sys

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
loc = os.path.join(root, "locale")

def main():
    args, delete = sys.argv[1:], []
    while args and args[0] == "--delete":
        if len(args) < 2:
            sys.exit("--delete needs a key")
        delete.append(args[1])
        args = args[2:]
    parts = [json.load(open(p, encoding="utf-8")) for p in args]
    for p, name in zip(parts, args):
        if set(p.get("en", {})) != set(p.get("de", {})):
            sys.exit(f"{name}: keys differ between en and de: {sorted(set(p['en']) ^ set(p['de']))[:5]}")
    with open(os.path.join(loc, ".lock"), "w") as lk:
        fcntl.flock(lk, fcntl.LOCK_EX)
        for lang in ("en", "de"):
            path = os.path.join(loc, f"{lang}.json")
            cat = json.load(open(path, encoding="utf-8"))
            for k in delete:
                if k not in cat["messages"]:
                    sys.exit(f"{lang}.json: no key {k} to delete")
                del cat["messages"][k]
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
