#!/usr/bin/env python3
"""Draws the app icon (a countersigned check mark on a rounded square) as PNGs.

Pure standard library so the icons can be regenerated on any machine:
    python3 scripts/make-icons.py
"""
import math
import struct
import zlib
from pathlib import Path

BG = (30, 64, 175)  # indigo-800
FG = (255, 255, 255)


def inside_rounded_square(x, y, size, radius):
    cx = min(max(x, radius), size - radius)
    cy = min(max(y, radius), size - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def dist_to_segment(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    qx, qy = ax + t * dx, ay + t * dy
    return math.hypot(px - qx, py - qy)


def pixel(x, y, size):
    s = size
    if not inside_rounded_square(x + 0.5, y + 0.5, s, s * 0.22):
        return (0, 0, 0, 0)
    # check mark
    a = (0.27 * s, 0.52 * s)
    b = (0.43 * s, 0.68 * s)
    c = (0.74 * s, 0.34 * s)
    w = 0.075 * s
    d = min(dist_to_segment(x + 0.5, y + 0.5, *a, *b), dist_to_segment(x + 0.5, y + 0.5, *b, *c))
    # signature underline
    u = dist_to_segment(x + 0.5, y + 0.5, 0.25 * s, 0.80 * s, 0.75 * s, 0.80 * s)
    if d <= w or u <= 0.025 * s:
        return FG + (255,)
    return BG + (255,)


def png(size):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x, y, size))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = Path(__file__).resolve().parent.parent / "icons"
    out.mkdir(exist_ok=True)
    for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
        (out / name).write_bytes(png(size))


if __name__ == "__main__":
    main()
