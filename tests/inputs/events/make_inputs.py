#!/usr/bin/env python3
"""Writes the CSV test inputs of `enrolldoc events` into this folder, in the
forms Export-Csv produces (see src/events_import.h). Run it again after a
change; the files are kept in the repository so that tests need no Python.

Message texts follow the shapes of the three client sources (document 000,
"usual sequence"); the German ones are the shapes events_import.c assumes."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
AE = "Microsoft-Windows-CertificateServicesClient-AutoEnrollment"
CE = "Microsoft-Windows-CertificateServicesClient-CertEnroll"
CSC = "Microsoft-Windows-CertificateServicesClient"
POL = "{3A0B6C0E-1F5D-4C7A-9E2B-5D8F0A1C2B3D}"

EN = {
    (AE, 2): "Automatic certificate enrollment for {a} started.",
    (AE, 4): "Automatic certificate enrollment for {a} invoked the enrollment API.",
    (CSC, 1): "Certificate Services Client has been started successfully.",
    (CSC, 3): "Certificate Services Client has detected network connectivity.",
    (CE, 65): "Certificate enrollment for {a} is successfully authenticated by policy server " + POL +
              " using authentication mechanism Kerberos (Credential: ). Policy Id: " + POL,
    (CE, 64): "Certificate enrollment for {a} successfully load policy from policy server " + POL,
    (AE, 5): "Automatic certificate enrollment for {a} returned from the enrollment API.",
    (AE, 3): "Automatic certificate enrollment for {a} completed.",
    (CSC, 2): "Certificate Services Client has been stopped.",
}
DE = {
    (AE, 2): "Die automatische Zertifikatregistrierung für {a} wurde gestartet.",
    (AE, 4): "Die automatische Zertifikatregistrierung für {a} hat die Registrierungs-API aufgerufen.",
    (CSC, 1): "Der Zertifikatdiensteclient wurde erfolgreich gestartet.",
    (CSC, 3): "Der Zertifikatdiensteclient hat eine Netzwerkverbindung erkannt.",
    (CE, 65): "Die Zertifikatregistrierung für {a} wurde vom Richtlinienserver " + POL +
              " mit dem Authentifizierungsmechanismus Kerberos authentifiziert (Anmeldeinformationen: ). "
              "Richtlinien-ID: " + POL,
    (CE, 64): "Die Zertifikatregistrierung für {a} hat die Richtlinie vom Richtlinienserver " + POL +
              " geladen.",
    (AE, 5): "Die automatische Zertifikatregistrierung für {a} ist aus der Registrierungs-API zurückgekehrt.",
    (AE, 3): "Die automatische Zertifikatregistrierung für {a} wurde abgeschlossen.",
    (CSC, 2): "Der Zertifikatdiensteclient wurde beendet.",
}
SEQ = [(AE, 2), (AE, 4), (CSC, 1), (CSC, 3), (CE, 65), (CE, 64), (AE, 5), (AE, 3), (CSC, 2)]


def q(s):
    return '"' + s.replace('"', '""') + '"'


def write(name, header, rows, enc="utf-16-le", bom=True, nl="\r\n", pre=""):
    text = pre + ",".join(q(h) for h in header) + nl
    for r in rows:
        text += ",".join(q(str(v)) for v in r) + nl
    data = text.encode(enc)
    if bom:
        data = {"utf-16-le": b"\xff\xfe", "utf-8": b"\xef\xbb\xbf"}[enc] + data
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def de_time(h, m, s):
    return "20.11.2026 %02d:%02d:%02d" % (h, m, s)


def us_time(h, m, s):
    return "11/20/2026 %d:%02d:%02d %s" % (h % 12 or 12, m, s, "AM" if h < 12 else "PM")


def uk_time(h, m, s):
    return "20/11/2026 %02d:%02d:%02d" % (h, m, s)


H = ["TimeCreated", "Id", "LevelDisplayName", "Message"]

# 1. German culture, UTF-16 LE with BOM, German messages: a healthy run, newest first.
rows = []
for i, (p, eid) in enumerate(SEQ):
    rows.append([de_time(8, 58, 2 + i // 2), eid, "Informationen", DE[(p, eid)].replace("{a}", "CONTOSO\\alice")])
write("de-healthy.csv", H, list(reversed(rows)))

# 2. US culture, UTF-8 without BOM: the run stops after CertEnroll 65.
rows = []
for i, (p, eid) in enumerate(SEQ[:5]):
    rows.append([us_time(14, 5, 1 + i), eid, "Information", EN[(p, eid)].replace("{a}", "CONTOSO\\alice")])
write("us-stopped-65.csv", H, list(reversed(rows)), enc="utf-8", bom=False)

# 3. UK culture, UTF-8 with BOM, LF line ends: an error event 6 with 0x800706ba and a
#    CertEnroll warning with a WIN32 code; an earlier run that completed.
rows = []
for i, (p, eid) in enumerate(SEQ):
    rows.append([uk_time(7, 0, i), eid, "Information", EN[(p, eid)].replace("{a}", "CONTOSO\\alice")])
for i, (p, eid) in enumerate(SEQ[:4]):
    rows.append([uk_time(15, 30, i), eid, "Information", EN[(p, eid)].replace("{a}", "CONTOSO\\alice")])
rows.append([uk_time(15, 30, 9), 82, "Warning",
             "Certificate enrollment for CONTOSO\\alice failed in authentication to all URLs for "
             "enrollment server associated with policy Id: " + POL + " (The RPC server is unavailable. "
             "0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)). Failed to enroll for template: ContosoUser"])
rows.append([uk_time(15, 30, 10), 6, "Error",
             "Automatic certificate enrollment for CONTOSO\\alice failed (0x800706ba) The RPC server is unavailable."])
write("uk-error-6.csv", H, list(reversed(rows)), enc="utf-8", bom=True, nl="\n")

# 4. ISO 8601 with zone, UTF-16 LE without BOM, multi-line messages (CRLF and LF inside quotes).
rows = []
for i, (p, eid) in enumerate(SEQ[:7]):
    msg = EN[(p, eid)].replace("{a}", "local system")
    if eid == 65:
        msg = msg.replace(" using", "\r\nusing").replace(". Policy", ".\nPolicy")
    rows.append(["2026-11-20T06:10:%02dZ" % i, eid, "Information", msg])
rows.append(["2026-11-20T06:10:09Z", 13, "Error",
             'Certificate enrollment for Local system failed to enroll for a "Machine" certificate with '
             "request ID N/A from ca01.contoso.com\\Contoso CA\r\n(The RPC server is unavailable. 0x800706ba "
             "(WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)).\r\n"])
write("iso-multiline.csv", H, rows, bom=False)

# 5. A ProviderName column in another order, foreign sources, user and machine runs.
H5 = ["Message", "Id", "ProviderName", "TimeCreated", "LevelDisplayName"]
rows = []
for i, (p, eid) in enumerate(SEQ):
    rows.append([EN[(p, eid)].replace("{a}", "local system"), eid, p, de_time(6, 0, i), "Informationen"])
rows.append(["Das Gruppenrichtlinienobjekt wurde verarbeitet.", 1502, "Microsoft-Windows-GroupPolicy",
             de_time(8, 0, 0), "Informationen"])
for i, (p, eid) in enumerate(SEQ[:2]):
    rows.append([EN[(p, eid)].replace("{a}", "CONTOSO\\bob"), eid, p, de_time(8, 1, i), "Informationen"])
write("provider-column.csv", H5, list(reversed(rows)), enc="utf-8", bom=False)

# 6. "#TYPE" first line (Export-Csv without -NoTypeInformation), US culture, UTF-16.
rows = [[us_time(9, 0, i), eid, "Information", EN[(p, eid)].replace("{a}", "CONTOSO\\alice")]
        for i, (p, eid) in enumerate(SEQ)]
write("type-line.csv", H, list(reversed(rows)),
      pre="#TYPE Selected.System.Diagnostics.Eventing.Reader.EventLogRecord\r\n")

# 7. Dates that read either way round (no day above 12, no AM/PM, slashes).
rows = [["03/04/2026 10:00:%02d" % i, eid, "Information", EN[(p, eid)].replace("{a}", "CONTOSO\\alice")]
        for i, (p, eid) in enumerate(SEQ)]
write("ambiguous.csv", H, list(reversed(rows)), enc="utf-8", bom=False)

# 8. Truncated mid-row: the message quote of the last row (line 6) is never closed.
text = ('"TimeCreated","Id","LevelDisplayName","Message"\r\n'
        '"20.11.2026 08:58:03","1","Informationen","Der Zertifikatdiensteclient wurde erfolgreich gestartet."\r\n'
        '"20.11.2026 08:58:02","4","Informationen","Zeile eins\r\nZeile zwei"\r\n'
        '"20.11.2026 08:58:02","2","Informationen","Die automatische Zertifikatregistrierung für '
        'CONTOSO\\alice wurde gestartet."\r\n'
        '"20.11.2026 08:58:01","6","Fehler","Die automatische Zertifikatregistrierung')
with open(os.path.join(HERE, "truncated-quote.csv"), "wb") as f:
    f.write(b"\xff\xfe" + text.encode("utf-16-le"))

# 9. A row with fewer fields (line 3).
text = ('"TimeCreated","Id","LevelDisplayName","Message"\n'
        '"11/20/2026 8:58:02 AM","2","Information","Automatic certificate enrollment for CONTOSO\\alice started."\n'
        '"11/20/2026 8:58:03 AM","4"\n')
with open(os.path.join(HERE, "truncated-fields.csv"), "wb") as f:
    f.write(text.encode("utf-8"))

# 10. Many runs (German culture, UTF-16 LE with BOM), newest first: the text
#     shows the last 10 in detail and sums up the 4 before them, whose errors
#     and warnings carry 6 different codes (two of them twice).
EARLY = [
    [(6, "Error", "0x800706ba"), (82, "Warning", "0x80094800")],
    [(6, "Error", "0x800706ba"), (82, "Warning", "0x80070005")],
    [],
    [(6, "Error", "0x80094012"), (82, "Warning", "0x80072ee2"), (86, "Warning", "0x80190191")],
]
rows = []
for r in range(14):
    h = 6 + r
    if r < len(EARLY):
        steps = SEQ if not EARLY[r] else SEQ[:5]
    else:
        steps = SEQ if r < 13 else SEQ[:5]
    n = 0
    for p, eid in steps:
        rows.append([de_time(h, 0, n), eid, "Informationen", DE[(p, eid)].replace("{a}", "CONTOSO\\alice")])
        n += 1
    issues = EARLY[r] if r < len(EARLY) else ([(6, "Error", "0x80070005")] if r == 13 else [])
    for eid, lvl, code in issues:
        src = "Die automatische Zertifikatregistrierung" if eid == 6 else "Die Zertifikatregistrierung"
        rows.append([de_time(h, 0, n), eid, "Fehler" if lvl == "Error" else "Warnung",
                     src + " für CONTOSO\\alice ist fehlgeschlagen (" + code + ")."])
        n += 1
write("many-runs.csv", H, list(reversed(rows)))
