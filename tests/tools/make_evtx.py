#!/usr/bin/env python3
"""Writes one list of events in the forms enrolldoc reads, from the documented
formats (MS-EVEN6 binary XML, the EVTX file and chunk layout as libyal's
libevtx documents it; the event schema of wevtutil's XML):

  NAME.csv           Get-WinEvent | Select-Object TimeCreated,Id,
                     LevelDisplayName,Message,ProviderName | Export-Csv,
                     ISO 8601 UTC times (only the wanted providers' events)
  NAME.xml           wevtutil qe /f:xml: <Event> elements one after the
                     other, UTF-8, no RenderingInfo
  NAME.rendered.xml  Event Viewer's XML export: <Events>, UTF-16 with a
                     byte-order mark and declaration, RenderingInfo/Message
  NAME.evtx          the binary log (file header, 64 KiB chunks, records in
                     binary XML with an inline template each)

Usage: make_evtx.py scenario OUTDIR
       make_evtx.py big OUT.evtx MEGABYTES   (a large Application log for the
       benchmark: mostly foreign providers, a run of ours now and then)
"""
import struct, sys, zlib, os, datetime

NS = "http://schemas.microsoft.com/win/2004/08/events/event"
AE = "Microsoft-Windows-CertificateServicesClient-AutoEnrollment"
CE = "Microsoft-Windows-CertificateServicesClient-CertEnroll"
CSC = "Microsoft-Windows-CertificateServicesClient"
LEVELS = {1: "Critical", 2: "Error", 3: "Warning", 4: "Information", 5: "Verbose"}
USER_SID = "S-1-5-21-1004336348-1177238915-682003330-1106"
MACHINE_SID = "S-1-5-18"


class Ev:
    def __init__(self, t, provider, eid, level, sid, data, message, qualifiers=None):
        self.t, self.provider, self.eid, self.level = t, provider, eid, level
        self.sid, self.data, self.message, self.qualifiers = sid, data, message, qualifiers


def scenario():
    """A machine run that completes, a user run that fails (AutoEnrollment 6
    with 0x800706ba, a CertEnroll 82 warning), foreign events between."""
    base = datetime.datetime(2026, 11, 20, 7, 0, 0, tzinfo=datetime.timezone.utc)
    s = lambda sec: base + datetime.timedelta(seconds=sec)
    me, us = "local system", "CONTOSO\\alice"
    ev = [
        Ev(s(0), AE, 2, 4, MACHINE_SID, [("Context", me)], f"Automatic certificate enrollment for {me} started."),
        Ev(s(1), AE, 4, 4, MACHINE_SID, [("Context", me)], f"Automatic certificate enrollment for {me} invoked the enrollment API."),
        Ev(s(2), "Microsoft-Windows-Security-SPP", 16384, 4, None, [("Reason", "1")], "Successfully scheduled Software Protection service for re-start.", 16384),
        Ev(s(2), CSC, 1, 4, MACHINE_SID, [], "Certificate Services Client has been started successfully."),
        Ev(s(3), CSC, 3, 4, MACHINE_SID, [], "Certificate Services Client has detected network connectivity."),
        Ev(s(5), AE, 5, 4, MACHINE_SID, [("Context", me)], f"Automatic certificate enrollment for {me} returned from the enrollment API."),
        Ev(s(6), AE, 3, 4, MACHINE_SID, [("Context", me)], f"Automatic certificate enrollment for {me} completed."),
        Ev(s(7), CSC, 2, 4, MACHINE_SID, [], "Certificate Services Client has been stopped."),
        Ev(s(30600), AE, 2, 4, USER_SID, [("Context", us)], f"Automatic certificate enrollment for {us} started."),
        Ev(s(30601), AE, 4, 4, USER_SID, [("Context", us)], f"Automatic certificate enrollment for {us} invoked the enrollment API."),
        Ev(s(30602), "ESENT", 916, 4, None, [("Param", "svchost"), ("Param", "6900")], "svchost (6900,G,0) The beta feature EseDiskFlushConsistency is enabled.", 0),
        Ev(s(30602), CSC, 1, 4, USER_SID, [], "Certificate Services Client has been started successfully."),
        Ev(s(30603), CSC, 3, 4, USER_SID, [], "Certificate Services Client has detected network connectivity."),
        Ev(s(30609), CE, 82, 3, USER_SID, [("Context", us), ("PolicyId", "{3A0B6C0E-1F5D-4C7A-9E2B-5D8F0A1C2B3D}"), ("ErrorCode", "0x800706ba"), ("Template", "ContosoUser")],
           f"Certificate enrollment for {us} failed in authentication to all URLs for enrollment server associated with policy Id: "
           "{3A0B6C0E-1F5D-4C7A-9E2B-5D8F0A1C2B3D} (The RPC server is unavailable. 0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)). Failed to enroll for template: ContosoUser"),
        Ev(s(30610), AE, 6, 2, USER_SID, [("Context", us), ("ErrorCode", "0x800706ba"), ("ErrorMsg", "The RPC server is unavailable.")],
           f"Automatic certificate enrollment for {us} failed (0x800706ba) The RPC server is unavailable."),
    ]
    return ev


# ---- text forms ------------------------------------------------------------

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def event_xml(e, rid, rendered):
    q = f' Qualifiers="{e.qualifiers}"' if e.qualifiers is not None else ""
    sec = f'<Security UserID="{e.sid}"/>' if e.sid else "<Security/>"
    data = "".join(f'<Data Name="{esc(n)}">{esc(v)}</Data>' for n, v in e.data)
    r = ""
    if rendered:
        r = (f'<RenderingInfo Culture="en-US"><Message>{esc(e.message)}</Message>'
             f'<Level>{LEVELS[e.level]}</Level><Provider>{esc(e.provider)}</Provider></RenderingInfo>')
    return (f'<Event xmlns="{NS}"><System><Provider Name="{esc(e.provider)}"/>'
            f'<EventID{q}>{e.eid}</EventID><Version>0</Version><Level>{e.level}</Level>'
            f'<Task>0</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>'
            f'<TimeCreated SystemTime="{iso(e.t)}"/><EventRecordID>{rid}</EventRecordID>'
            f'<Correlation/><Execution ProcessID="1234" ThreadID="5678"/><Channel>Application</Channel>'
            f'<Computer>PC0042.contoso.com</Computer>{sec}</System><EventData>{data}</EventData>{r}</Event>')


def wanted(e):
    return e.provider in (AE, CE, CSC)


def write_csv(path, evs):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write('"TimeCreated","Id","LevelDisplayName","Message","ProviderName"\r\n')
        for e in evs:
            if wanted(e):
                t = e.t.strftime("%Y-%m-%dT%H:%M:%SZ")
                m = e.message.replace('"', '""')
                f.write(f'"{t}","{e.eid}","{LEVELS[e.level]}","{m}","{e.provider}"\r\n')


# ---- binary XML and the EVTX file ----------------------------------------------

def name_hash(s):
    h = 0
    for ch in s:
        h = (h * 65599 + ord(ch)) & 0xFFFFFFFF
    return h & 0xFFFF


class Chunk:
    """Builds the binary XML of records at known chunk offsets (names are
    written inline where first used)."""

    def __init__(self):
        self.buf = bytearray()
        self.base = 512          # chunk offset of self.buf[0]

    def pos(self, out):
        return self.base + len(self.buf) + 24 + len(out)   # after the record header


def name_inline(out, chunk, name):
    """A name reference whose name follows inline (offset = right after it)."""
    off = chunk.pos(out) + 4
    out += struct.pack("<I", off)
    out += struct.pack("<IHH", 0, name_hash(name), len(name)) + name.encode("utf-16-le") + b"\0\0"


def value_text(out, s):
    out += b"\x05\x01" + struct.pack("<H", len(s)) + s.encode("utf-16-le")


def element(out, chunk, name, attrs, content):
    """attrs: [(name, writer)], content: writer or None (empty element).
    A writer appends the value tokens for an attribute or element body."""
    start = len(out)
    out += bytes([0x41 if attrs else 0x01]) + b"\xff\xff" + b"\0\0\0\0"
    size_at = len(out) - 4
    name_inline(out, chunk, name)
    if attrs:
        list_at = len(out)
        out += b"\0\0\0\0"
        for i, (an, w) in enumerate(attrs):
            out += bytes([0x46 if i + 1 < len(attrs) else 0x06])
            name_inline(out, chunk, an)
            w(out)
        struct.pack_into("<I", out, list_at, len(out) - list_at - 4)
    if content is None:
        out += b"\x03"
    else:
        out += b"\x02"
        content(out)
        out += b"\x04"
    struct.pack_into("<I", out, size_at, len(out) - size_at - 4)
    del start


def sub(idx, typ, optional=False):
    return lambda out: out.extend(bytes([0x0E if optional else 0x0D]) + struct.pack("<HB", idx, typ))


def text(s):
    return lambda out: value_text(out, s)


def seq(*ws):
    def w(out):
        for x in ws:
            x(out)
    return w


def filetime(t):
    epoch = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    d = t - epoch
    return (d.days * 86400 + d.seconds) * 10000000 + d.microseconds * 10


def sid_bytes(s):
    p = s.split("-")
    rev, auth, subs = int(p[1]), int(p[2]), [int(x) for x in p[3:]]
    return bytes([rev, len(subs)]) + auth.to_bytes(6, "big") + b"".join(struct.pack("<I", x) for x in subs)


def record_binxml(chunk, e, rid, tid):
    """The record's binary XML: a template instance whose definition is
    inline, then its substitution values."""
    out = bytearray(b"\x0f\x01\x01\x00")
    # substitutions: 0 provider, 1 event id, 2 qualifiers, 3 level, 4 time,
    # 5 record id, 6 sid, 7.. data values
    body = bytearray(b"\x0f\x01\x01\x00")
    out += b"\x0c\x01" + struct.pack("<I", tid)
    def_at = len(out)
    out += b"\0\0\0\0"
    struct.pack_into("<I", out, def_at, chunk.pos(out))
    guid = struct.pack("<I", tid) + os.urandom(12) if False else struct.pack("<I", tid) + bytes(12)
    hdr_at = len(out)
    out += struct.pack("<I", 0) + guid + b"\0\0\0\0"
    size_at = len(out) - 4
    body_start = len(out)
    out += b"\x0f\x01\x01\x00"

    def event_body(o):
        def system(o2):
            element(o2, chunk, "Provider", [("Name", sub(0, 0x01))], None)
            element(o2, chunk, "EventID", [("Qualifiers", sub(2, 0x06, True))], sub(1, 0x06))
            element(o2, chunk, "Version", [], text("0"))
            element(o2, chunk, "Level", [], sub(3, 0x04))
            element(o2, chunk, "Task", [], text("0"))
            element(o2, chunk, "Opcode", [], text("0"))
            element(o2, chunk, "Keywords", [], text("0x8000000000000000"))
            element(o2, chunk, "TimeCreated", [("SystemTime", sub(4, 0x11))], None)
            element(o2, chunk, "EventRecordID", [], sub(5, 0x0A))
            element(o2, chunk, "Channel", [], text("Application"))
            element(o2, chunk, "Computer", [], text("PC0042.contoso.com"))
            element(o2, chunk, "Security", [("UserID", sub(6, 0x13, True))], None)
        element(o, chunk, "System", [], system)

        def data(o2):
            for i, (n, _) in enumerate(e.data):
                element(o2, chunk, "Data", [("Name", text(n))], sub(7 + i, 0x01, True))
        if e.data:
            element(o, chunk, "EventData", [], data)
        else:
            element(o, chunk, "EventData", [], None)
    element(out, chunk, "Event", [("xmlns", text(NS))], event_body)
    out += b"\x00"
    struct.pack_into("<I", out, size_at, len(out) - body_start)
    del hdr_at, body
    vals = [
        (0x01, e.provider.encode("utf-16-le")),
        (0x06, struct.pack("<H", e.eid)),
        (0x06, struct.pack("<H", e.qualifiers)) if e.qualifiers is not None else (0x00, b""),
        (0x04, bytes([e.level])),
        (0x11, struct.pack("<Q", filetime(e.t))),
        (0x0A, struct.pack("<Q", rid)),
        (0x13, sid_bytes(e.sid)) if e.sid else (0x00, b""),
    ] + [(0x01, v.encode("utf-16-le")) for _, v in e.data]
    out += struct.pack("<I", len(vals))
    for typ, b in vals:
        out += struct.pack("<HBB", len(b), typ, 0)
    for _, b in vals:
        out += b
    out += b"\x00"   # the end of the record's fragment
    return out


def write_evtx(path, events):
    """events: an iterable of Ev; written in order, record ids from 1."""
    chunks, chunk, recs, rid = [], None, [], 1
    first_rid = 1

    def close():
        nonlocal chunk, recs
        if chunk is None:
            return
        data = bytes(chunk.buf)
        hdr = bytearray(512)
        hdr[0:8] = b"ElfChnk\0"
        struct.pack_into("<QQQQ", hdr, 8, recs[0], recs[-1], recs[0], recs[-1])
        last_off = chunk.last
        struct.pack_into("<III", hdr, 40, 128, last_off, 512 + len(data))
        struct.pack_into("<I", hdr, 52, zlib.crc32(data))
        crc = zlib.crc32(bytes(hdr[0:120]) + bytes(hdr[128:512]))
        struct.pack_into("<I", hdr, 124, crc)
        chunks.append(bytes(hdr) + data + bytes(65536 - 512 - len(data)))
        chunk, recs = None, []

    for e in events:
        for attempt in (0, 1):
            if chunk is None:
                chunk = Chunk()
            bx = record_binxml(chunk, e, rid, 0x1000 + rid % 60000)
            size = 24 + len(bx) + 4
            if chunk.base + len(chunk.buf) + size <= 65536:
                break
            close()
        else:
            raise SystemExit("record too large")
        rec = struct.pack("<IIQQ", 0x00002A2A, size, rid, filetime(e.t)) + bx + struct.pack("<I", size)
        chunk.last = chunk.base + len(chunk.buf)
        chunk.buf += rec
        recs.append(rid)
        rid += 1
    close()
    hdr = bytearray(4096)
    hdr[0:8] = b"ElfFile\0"
    struct.pack_into("<QQQIHHHH", hdr, 8, 0, max(len(chunks) - 1, 0), rid, 128, 2, 3, 4096, len(chunks))
    struct.pack_into("<I", hdr, 120, 0)
    struct.pack_into("<I", hdr, 124, zlib.crc32(bytes(hdr[0:120])))
    with open(path, "wb") as f:
        f.write(hdr)
        for c in chunks:
            f.write(c)
    del first_rid


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "scenario":
        out = sys.argv[2]
        evs = scenario()
        name = os.path.join(out, "evtx-scenario")
        write_csv(name + ".csv", evs)
        with open(name + ".xml", "w", encoding="utf-8", newline="") as f:
            for i, e in enumerate(evs):
                f.write(event_xml(e, 100 + i, False) + "\r\n")
        body = '<?xml version="1.0" encoding="UTF-16"?>\r\n<Events>\r\n'
        body += "\r\n".join(event_xml(e, 100 + i, True) for i, e in enumerate(evs)) + "\r\n</Events>\r\n"
        with open(name + ".rendered.xml", "wb") as f:
            f.write(b"\xff\xfe" + body.encode("utf-16-le"))
        write_evtx(name + ".evtx", evs)
    elif len(sys.argv) == 4 and sys.argv[1] == "big":
        target = int(sys.argv[3]) * 1024 * 1024
        base = scenario()
        foreign = [e for e in base if not wanted(e)]

        def gen():
            n, day = 0, 0
            while True:
                for k in range(200):
                    f = foreign[k % len(foreign)]
                    t = f.t + datetime.timedelta(days=day, seconds=k)
                    yield Ev(t, f.provider, f.eid, f.level, f.sid, f.data, f.message, f.qualifiers)
                    n += 1
                if day % 10 == 0:
                    for e in base:
                        if wanted(e):
                            yield Ev(e.t + datetime.timedelta(days=day), e.provider, e.eid, e.level, e.sid, e.data, e.message)
                day += 1
        # about 1 KiB a record: stop when the chunks would pass the target
        evs, est = [], 4096
        for e in gen():
            evs.append(e)
            est += 1000
            if est >= target:
                break
        write_evtx(sys.argv[2], evs)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
