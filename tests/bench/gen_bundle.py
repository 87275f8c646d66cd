#!/usr/bin/env python3
"""Writes a large, valid bundle for the benchmark: N events (autoenrollment
runs of the usual sequence, some failing) and M certificates."""
import json, sys

def main(path, nevents=50000, ncerts=2000):
    base = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else None
    dom = "S-1-5-21-1004336348-1177238915-682003330"
    seq = [("-AutoEnrollment", 2), ("-AutoEnrollment", 4), ("", 1), ("", 3), ("-CertEnroll", 65),
           ("-CertEnroll", 64), ("-AutoEnrollment", 5), ("-AutoEnrollment", 3), ("", 2)]
    events = []
    t = 1763596800  # 2025-11-20T00:00:00Z
    i = 0
    while len(events) < nevents:
        for k, (p, eid) in enumerate(seq):
            if len(events) >= nevents:
                break
            lvl = "information"
            msg = "Automatic certificate enrollment for CONTOSO\\alice step %d." % eid
            if i % 7 == 3 and k == 6:
                lvl, eid, msg = "error", 6, "Automatic certificate enrollment for CONTOSO\\alice failed (0x800706ba) (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)."
            events.append({"time": "%sZ" % iso(t), "provider": "Microsoft-Windows-CertificateServicesClient" + p,
                           "id": eid, "level": lvl, "message": msg})
            t += 1
        i += 1
    certs = []
    for c in range(ncerts):
        certs.append({"thumbprint": "%040X" % (c * 7919 + 1), "subject": "CN=alice %d" % c,
                      "issuer": "CN=Contoso Issuing CA 1", "not_before": "2025-01-01T00:00:00Z",
                      "not_after": "2025-06-01T00:00:00Z", "template_name": "Other%d" % (c % 50),
                      "template_oid": None, "archived": c % 3 == 0, "has_private_key": True})
    bundle = {
        "format": "enrolldoc-bundle/1",
        "meta": {"host": "BENCH", "collected_at": "2026-11-20T08:15:00Z"},
        "context": "user", "template": "ContosoUser",
        "facts": {
            "aepolicy": {"user": 7, "machine": 7}, "loglevel": 4,
            "certificates": {"user": certs, "machine": certs},
            "tasks": {"user": {"exists": True, "enabled": True, "state": "ready",
                               "last_run": "2026-11-20T07:58:02Z", "last_result": "0x0"}},
            "identity": {"user": {"name": "CONTOSO\\alice", "sid": dom + "-1104",
                                  "token_groups": [dom + "-513", "S-1-5-11"],
                                  "directory_groups": [dom + "-513"], "not_delegated": False,
                                  "mail": "alice@contoso.com"}},
            "templates": [{"name": "ContosoUser", "oid": "1.3.6.1.4.1.311.21.8.1.2", "schema_version": 2,
                           "sddl": "O:EAG:EAD:PAI(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;DU)(OA;;CR;a05b8cc2-17bc-4802-a710-e7c15ab866a2;;DU)(A;;LCRPLORC;;;AU)",
                           "requires_email": False, "autoenroll_flag": True,
                           "issuance_policies": [], "valid_issuance_policies": []}],
            "cas": [{"name": "CA1", "host": "ca01", "config": "ca01\\CA1", "templates": ["ContosoUser"],
                     "sddl": "O:BAG:DUD:PAI(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)"}],
            "events": events,
        },
    }
    with open(path, "w") as f:
        json.dump(bundle, f, indent=1)

def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")

if __name__ == "__main__":
    main(sys.argv[1])
