#!/bin/sh
# Regenerates NotoSansSC-ledger-subset.otf: the CJK font bundled with EHS Ledger's documents
# (src/docs/font.rs embeds it with include_bytes!). Needs python3 and fontTools
# (`python3 -m venv /tmp/ft && /tmp/ft/bin/pip install fonttools`, then PATH=/tmp/ft/bin:$PATH).
#
# Source: Debian fonts-noto-cjk, NotoSansCJK-Regular.ttc face 2 (Noto Sans CJK SC), SIL OFL 1.1.
# Kept: ASCII, Latin-1, General Punctuation, a few symbol blocks (arrows, maths, ①, ℃, №, boxes),
# CJK Symbols and Punctuation, full-width forms, and every character GB2312 encodes
# (symbol rows 0xA1-0xA9 and all 6,763 hanzi in rows 0xB0-0xF7).
set -eu
cd "$(dirname "$0")"
SRC=${SRC:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
OUT=NotoSansSC-ledger-subset.otf
CHARS=$(mktemp)
trap 'rm -f "$CHARS"' EXIT

python3 - "$CHARS" <<'PY'
import sys
cps = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
cps |= set(range(0x2010, 0x2060))          # General Punctuation: – — ‘ ’ “ ” … ‰ ※
cps |= set(range(0x2100, 0x2200))          # Letterlike, Number Forms, Arrows: ℃ № Ⅰ →
cps |= set(range(0x2460, 0x24A0))          # ① ⑴ ⒈
cps |= set(range(0x2500, 0x2600))          # Box drawing, blocks, geometric shapes: ■ □ ▲ ○
cps |= {0x2212, 0x2264, 0x2265, 0x00D7, 0x00F7, 0x221A, 0x2103}
cps |= set(range(0x3000, 0x3040))          # CJK Symbols and Punctuation
cps |= set(range(0xFF00, 0xFFF0))          # Halfwidth and Fullwidth Forms
for row in list(range(0xA1, 0xAA)) + list(range(0xB0, 0xF8)):   # GB2312 symbols + hanzi
    for cell in range(0xA1, 0xFF):
        try:
            cps.update(map(ord, bytes([row, cell]).decode("gb2312")))
        except UnicodeDecodeError:
            pass
with open(sys.argv[1], "w") as f:
    f.write("\n".join("U+%04X" % c for c in sorted(cps)))
print("codepoints requested:", len(cps), file=sys.stderr)
PY

pyftsubset "$SRC" --font-number=2 --unicodes-file="$CHARS" --output-file="$OUT" \
  --layout-features='' --name-IDs='*' --name-legacy --name-languages='*' \
  --notdef-outline --no-hinting
ls -l "$OUT"
