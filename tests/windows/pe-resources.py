#!/usr/bin/env python3
"""Test-only: what resources a Windows program carries, read from its PE file.

    pe-resources.py PROGRAM.exe ICON.ico PRODUCT_NAME

Checks that the program has our icon (a group icon whose images are, byte for
byte, the images of ICON.ico) and a version resource whose ProductName is
PRODUCT_NAME. Exits 1 with what is wrong.
"""
import struct
import sys

RT_ICON, RT_GROUP_ICON, RT_VERSION = 3, 14, 16


def sections(pe):
    (pe_at,) = struct.unpack_from("<I", pe, 0x3C)
    if pe[pe_at:pe_at + 4] != b"PE\0\0":
        sys.exit("not a PE file")
    count, = struct.unpack_from("<H", pe, pe_at + 6)
    optional_size, = struct.unpack_from("<H", pe, pe_at + 20)
    table = pe_at + 24 + optional_size
    for i in range(count):
        at = table + 40 * i
        name = pe[at:at + 8].rstrip(b"\0")
        virtual_size, virtual_address, raw_size, raw_at = struct.unpack_from("<IIII", pe, at + 8)
        yield name, virtual_address, raw_at, raw_size


def resources(pe):
    """{type: {id: bytes}} for the resources of the .rsrc section."""
    rsrc = next((s for s in sections(pe) if s[0] == b".rsrc"), None)
    if rsrc is None:
        sys.exit("no resource section")
    _, rva, raw_at, _ = rsrc

    def entries(directory):
        named, ids = struct.unpack_from("<HH", pe, raw_at + directory + 12)
        for i in range(named + ids):
            key, target = struct.unpack_from("<II", pe, raw_at + directory + 16 + 8 * i)
            yield key, target

    found = {}
    for kind, type_dir in entries(0):
        for ident, name_dir in entries(type_dir & 0x7FFFFFFF):
            for _, data_entry in entries(name_dir & 0x7FFFFFFF):
                data_rva, size = struct.unpack_from("<II", pe, raw_at + data_entry)
                start = raw_at + data_rva - rva
                found.setdefault(kind, {})[ident] = pe[start:start + size]
    return found


def icon_images(ico):
    _, kind, count = struct.unpack_from("<HHH", ico, 0)
    if kind != 1:
        sys.exit("not an .ico file")
    images = []
    for i in range(count):
        size, at = struct.unpack_from("<II", ico, 6 + 16 * i + 8)
        images.append(ico[at:at + size])
    return images


def main():
    program, icon, product = sys.argv[1:4]
    found = resources(open(program, "rb").read())
    problems = []
    groups = found.get(RT_GROUP_ICON, {})
    expected = sorted(icon_images(open(icon, "rb").read()))
    if not groups:
        problems.append("no icon")
    else:
        group = next(iter(groups.values()))
        _, _, count = struct.unpack_from("<HHH", group, 0)
        ids = [struct.unpack_from("<H", group, 6 + 14 * i + 12)[0] for i in range(count)]
        carried = sorted(found.get(RT_ICON, {}).get(i, b"") for i in ids)
        if carried != expected:
            problems.append(f"its icon is not {icon} ({len(carried)} images, {len(expected)} expected)")
    versions = list(found.get(RT_VERSION, {}).values())
    key = "ProductName".encode("utf-16-le")
    value = product.encode("utf-16-le") + b"\0\0"  # the whole value, not a prefix
    if not versions:
        problems.append("no version resource")
    elif not any(v.find(key) >= 0 and v.find(value, v.find(key)) >= 0 for v in versions):
        problems.append(f"the version resource's ProductName is not '{product}'")
    if problems:
        sys.exit(f"{program}: " + "; ".join(problems))


main()
