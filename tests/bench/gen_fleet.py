#!/usr/bin/env python3
"""Writes a fleet's worth of bundles for tests/bench/fleet.sh.

Usage: gen_fleet.py DIR [N] [--scenarios DIR] [--size BYTES] [--seed S]

N bundles (default 10,000), each about --size bytes (default 50,000, give or
take a tenth), in DIR/site-a ... DIR/site-d as HOST_YYYYMMDDTHHMMSSZ.json (the
names `collect --out-dir` gives). Every bundle is one of the .fire scenario
bundles of tests/scenarios, so every finding the engine knows is represented;
the first clients take the scenarios in turn, so N must be at least their
number. Varied by:
  - the host (distinct names; the scenario's own host name is replaced
    everywhere, its machine account and events included) and the user;
  - the collection day: every time of the bundle moves by the same whole
    number of days (0 to 29 back), so the facts keep their relations and
    the finding still fires;
  - some hosts collected again on earlier days (older documents of the same
    host and context, from another scenario of that context): the latest-per-
    client logic has work;
  - some hosts with a client in each context (a user scenario and a machine
    one);
  - padding: certificates of other templates (valid ones, expired and
    archived renewals, with and without a private key) in the MY stores the
    scenario collected, which no check of the scenario's template looks at.
Deterministic for a seed. Prints one JSON line: files, clients (distinct host
and context), bytes, the finding ids of the scenarios; --manifest FILE writes
each client's (host/context) expected finding, that of its latest bundle.
"""
import argparse
import datetime
import json
import os
import random
import re
import sys

HOST_PH = "@@HOST@@"
USER_PH = "@@USER@@"
PAD = {"user": "@@PAD_USER@@", "machine": "@@PAD_MACHINE@@"}
SITES = ["site-a", "site-b", "site-c", "site-d"]
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
         "mallory", "nina", "oscar", "peggy", "rupert", "sybil", "trent", "ursula", "victor", "wendy"]
DAYS = 30
TIME_RE = re.compile(r'"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(Z|[+-]\d\d:\d\d)"')
# The padding certificates' templates and subjects, by store. A None name
# is a V2 template known by its OID alone.
PAD_TEMPLATES = {
    "user": [("EFS", "CN={user}"), ("ContosoSMIME", "E={user}@contoso.com, CN={user}"),
             ("ContosoVPNUser", "CN={user}"), (None, "CN=Contoso Code Signing {user}")],
    "machine": [("Workstation", "CN={host}.contoso.com"), ("ContosoWiFi", "CN={host}$"),
                ("ContosoVPN", "CN={host}.contoso.com"), (None, "CN={host}.contoso.com")],
}
ISSUERS = ["CN=Contoso Issuing CA 1, DC=contoso, DC=com", "CN=Contoso Issuing CA 2, DC=contoso, DC=com"]


def shift_times(text, days):
    """TEXT with every quoted ISO time moved DAYS days back."""
    if days == 0:
        return text

    def sub(m):
        t = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S") - datetime.timedelta(days=days)
        return '"%s%s"' % (t.strftime("%Y-%m-%dT%H:%M:%S"), m.group(2))
    return TIME_RE.sub(sub, text)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def pad_pool(rng, store, base, names, oids, indent, count=400):
    """COUNT certificate objects for STORE, each serialised as the bundle's array
    elements are (indent 1, INDENT before each line), with HOST_PH and
    USER_PH in them."""
    pool = []
    kinds = PAD_TEMPLATES[store]
    for i in range(count):
        name, subject = kinds[i % len(kinds)]
        kind = i % len(kinds) + (10 if store == "machine" else 0)
        oid = "1.3.6.1.4.1.311.21.8.4210931.9114921.1573912.2193145.1114592.238.%d.%d" % (
            7000000 + kind, 12000000 + kind)
        assert name is None or name.lower() not in names, name
        assert oid not in oids, oid
        # renewals a year apart: the newest valid, older ones expired, some archived
        age = rng.randrange(0, 6)
        nb = base - datetime.timedelta(days=365 * age + rng.randrange(0, 300), minutes=rng.randrange(0, 1440))
        cert = {
            "thumbprint": "%040X" % rng.getrandbits(160),
            "subject": subject.format(host=HOST_PH, user=USER_PH),
            "issuer": ISSUERS[i % 2],
            "not_before": iso(nb),
            "not_after": iso(nb + datetime.timedelta(days=365)),
            "template_name": name,
            "template_oid": oid,
            "archived": age > 0 and rng.random() < 0.6,
            "has_private_key": rng.random() < 0.9,
        }
        text = json.dumps(cert, indent=1)
        pool.append("\n".join(indent + line for line in text.split("\n")))
    return pool


def load_scenarios(folder):
    scen = []
    for fn in sorted(os.listdir(folder)):
        if not fn.endswith(".fire.json"):
            continue
        b = json.load(open(os.path.join(folder, fn), encoding="utf-8"))
        host = b.get("meta", {}).get("host") or "PC0042"
        ctx = b.get("context")
        if ctx not in ("user", "machine"):
            sys.exit("%s: no context; the fleet benchmark needs one per bundle" % fn)
        b.setdefault("meta", {})["host"] = host
        certs = b.setdefault("facts", {}).get("certificates") or {}
        for c in ("user", "machine"):
            if isinstance(certs.get(c), list):
                certs[c].append(PAD[c])   # the padding goes here (after the scenario's own)
        text = json.dumps(b, indent=1, ensure_ascii=False)
        text = text.replace(host, HOST_PH).replace("alice", USER_PH)
        tmpl = b["facts"].get("templates") or []
        scen.append({
            "finding": fn[:-len(".fire.json")],
            "context": ctx,
            "collected_at": b["meta"].get("collected_at") or "2026-11-20T08:15:00Z",
            "stores": [c for c in ("user", "machine") if PAD[c] in text],
            "indent": {m.group(1) for m in re.finditer(r'\n( *)"@@PAD_', text)},
            "names": {t.get("name", "").lower() for t in tmpl},
            "oids": {t.get("oid") for t in tmpl},
            "by_day": [None] * DAYS,
            "text": text,
        })
    if not scen:
        sys.exit("no .fire.json bundles in %s" % folder)
    return scen


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dir")
    ap.add_argument("n", nargs="?", type=int, default=10000)
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--scenarios", default=os.path.join(here, "..", "scenarios"))
    ap.add_argument("--size", type=int, default=50000)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--manifest", help="writes {host/context: finding of its latest bundle} here")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    scen = load_scenarios(a.scenarios)
    if a.n < len(scen):
        sys.exit("N must be at least %d (one bundle per scenario)" % len(scen))
    by_ctx = {c: [s for s in scen if s["context"] == c] for c in ("user", "machine")}
    names = set().union(*(s["names"] for s in scen))
    oids = set().union(*(s["oids"] for s in scen))
    base = datetime.datetime.strptime(scen[0]["collected_at"][:19], "%Y-%m-%dT%H:%M:%S")
    indent = set().union(*(s["indent"] for s in scen))
    if len(indent) > 1:
        sys.exit("the scenarios' certificate stores are not all at the same depth")
    indent = indent.pop() if indent else ""
    pool = {c: pad_pool(rng, c, base, names, oids, indent) for c in ("user", "machine")}
    pool_by_day = [None] * DAYS
    one_cert = sum(len(p) for p in pool["user"] + pool["machine"]) // (2 * len(pool["user"])) + 2

    def text_of(s, day):
        if s["by_day"][day] is None:
            s["by_day"][day] = shift_times(s["text"], day)
        if pool_by_day[day] is None:
            pool_by_day[day] = {c: [shift_times(p, day) for p in v] for c, v in pool.items()}
        return s["by_day"][day], pool_by_day[day]

    # The plan: (host, user, scenario, day) per file. Client k takes scenario k
    # (in turn) for its latest document, so every scenario is some client's
    # latest one once there are as many clients as scenarios.
    plan, clients, k = [], set(), 0
    while len(plan) < a.n:
        s = scen[k % len(scen)]
        host = "%s%05d" % ("PC" if k % 3 else "NB", k)
        user = USERS[k % len(USERS)]
        day = rng.randrange(0, DAYS - 5)
        plan.append((host, user, s, day))
        clients.add((host.lower(), s["context"]))
        left = a.n - len(plan) - (len(scen) - min(k + 1, len(scen)))   # keep room for every scenario
        # collected before: 1 or 2 older documents of the same context
        if left > 0 and rng.random() < 0.12:
            for back in sorted(rng.sample(range(1, 5), min(left, rng.randrange(1, 3)))):
                plan.append((host, user, rng.choice(by_ctx[s["context"]]), day + back))
            left = a.n - len(plan) - (len(scen) - min(k + 1, len(scen)))
        # a client in the other context on the same host
        other = by_ctx["machine" if s["context"] == "user" else "user"]
        if left > 0 and other and rng.random() < 0.15:
            o = rng.choice(other)
            plan.append((host, user, o, rng.randrange(0, DAYS)))
            clients.add((host.lower(), o["context"]))
        k += 1

    for site in SITES:
        os.makedirs(os.path.join(a.dir, site), exist_ok=True)
    total, seen = 0, set()
    for i, (host, user, s, day) in enumerate(plan):
        text, certs = text_of(s, day)
        size = int(a.size * rng.uniform(0.9, 1.1))
        nc = max(0, (size - len(text)) // one_cert)
        stores = s["stores"]
        start = rng.randrange(0, len(certs["user"]))
        out = text.replace(HOST_PH, host).replace(USER_PH, user)
        for c in stores:
            # most of them in the context's own store
            m = nc if len(stores) == 1 else (nc * 7 // 10 if c == s["context"] else nc - nc * 7 // 10)
            take = [certs[c][(start + x) % len(certs[c])] for x in range(m)]
            block = ",\n".join(take).replace(HOST_PH, host).replace(USER_PH, user)
            # the placeholder was the array's only or last element
            if not block:
                out = re.sub(r',?\s*"%s"' % PAD[c], "", out, count=1)
            else:
                out = re.sub(r' *"%s"' % PAD[c], lambda _: block, out, count=1)
        stamp = (datetime.datetime.strptime(s["collected_at"][:19], "%Y-%m-%dT%H:%M:%S")
                 - datetime.timedelta(days=day)).strftime("%Y%m%dT%H%M%SZ")
        name = "%s_%s" % (host, stamp)
        while name in seen:   # the same host twice on one day: a later second
            name += "b"
        seen.add(name)
        path = os.path.join(a.dir, SITES[i % len(SITES)], name + ".json")
        data = out.encode("utf-8")
        with open(path, "wb") as f:
            f.write(data)
        total += len(data)
    if a.manifest:
        latest = {}
        for host, _, s, day in plan:
            key = "%s/%s" % (host.lower(), s["context"])
            if key not in latest or day < latest[key][0]:
                latest[key] = (day, s["finding"])
        with open(a.manifest, "w") as f:
            json.dump({k: v[1] for k, v in sorted(latest.items())}, f, indent=0)
    print(json.dumps({"files": len(plan), "clients": len(clients), "bytes": total,
                      "findings": sorted(s["finding"] for s in scen)}))


if __name__ == "__main__":
    main()
