"""Build assets/fonts/NotoSansSC-RedFlag.otf, the game's font: a subset of Noto Sans SC Regular
(SIL Open Font License 1.1), plus assets/fonts/OFL.txt.

    python tools/build_font.py                      # fetch the source font, build, write OFL.txt
    python tools/build_font.py --source FILE.otf    # use a font you already have (.ttc: see --font-number)

Re-run it whenever scenarios, examples or game strings gain characters; tests/content/test_font.py
fails, naming the characters and files, when the shipped font lacks one.

Character set (tools/fontchars.py): the 8,105 hanzi of the 通用规范汉字表 (tools/data/tongyong-8105.txt),
all of GB2312 (hanzi and symbols), blocks of punctuation and symbols (ASCII, Latin-1, pinyin,
general punctuation, currency, arrows, maths, box drawing, shapes, CJK symbols and punctuation, ㎡,
full-width forms, ...), a few UI symbols, and every character of scenarios/*.yaml,
docs/examples/*.yaml, game/locales/*.yaml, the string literals of game/**/*.py and Faker's zh_CN
data. Characters of the fixed part that the source font lacks are skipped.

Beside the font it writes NotoSansSC-RedFlag.chars.txt: the code points the font draws, as
hexadecimal ranges. `validate` reads it (game/authoring/glyphs.py, warning RF039) so that it
needs no fontTools; tests/content/test_font.py checks it against the font's cmap.

Source font, in this order:
1. `--source PATH`.
2. `NotoSansSC-Regular.otf` (Noto Sans SC 2.002, from Google Fonts) inside the pygame_gui 0.6.14
   wheel at `pygame_gui/data/NotoSansSC-Regular.otf`, fetched with
   `pip download pygame_gui==0.6.14 --no-deps` into a temporary folder (nothing is installed).
3. Debian's `fonts-noto-cjk` (`apt-get install -y fonts-noto-cjk`):
   `/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc`, face index 2 = Noto Sans CJK SC.
   The same design (version 2.004); the family is then named "Noto Sans CJK SC" inside the
   file, and `locl` is dropped (see subset_font), which keeps the output at ~1 MB too.

Noto Sans SC has no glyph for a few symbols the game uses (⚑ ✗ ⏱ ⟦ ⟧). Any character that the
content needs (or that is one of the UI symbols) and the source lacks is copied, outline and
advance width, from Noto Sans Symbols 2, Noto Sans Symbols or Noto Sans Math (OFL 1.1, same UPM
of 1000), taken from `--symbols-dir`, else from /usr/share/fonts/truetype/noto/ if Debian's
`fonts-noto-core` is installed, else from that package fetched with `apt-get download
fonts-noto-core` and unpacked with `dpkg-deb -x` into a temporary folder (nothing is installed;
needs `apt-get update` once). Their copyright lines go into OFL.txt.

Layout: the default OpenType features of fontTools.subset (ccmp, locl, liga, kern, mark, vert, ...)
plus palt/halt/vpal/vhal. CFF hinting is kept (better at 12-14 px; `--no-hinting` saves ~150 KB).
All name records are kept (`--name-IDs='*'`), so the licence and copyright records stay.
The head timestamp is the source's, so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from fontTools import subset
from fontTools.pens.reverseContourPen import ReverseContourPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fontchars import ROOT, UI_SYMBOLS, base_characters, character_sources, is_drawn  # noqa: E402

from game.authoring.glyphs import FONT_CHARS_FILE, format_ranges  # noqa: E402  (fontchars put ROOT on the path)

OUTPUT = ROOT / "assets" / "fonts" / "NotoSansSC-RedFlag.otf"
OFL_FILE = ROOT / "assets" / "fonts" / "OFL.txt"

WHEEL = "pygame_gui==0.6.14"
WHEEL_MEMBER = "pygame_gui/data/NotoSansSC-Regular.otf"
WHEEL_FONT_SHA256 = "63fdadb47c21197170f3cda6c60e98e481b8a1eb28e5f44102da51bec17d123b"
DEBIAN_TTC = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEBIAN_TTC_SC = 2  # faces: 0 JP, 1 KR, 2 SC, 3 TC, 4 HK, then the mono faces

SYMBOL_FONTS = ("NotoSansSymbols2-Regular.ttf", "NotoSansSymbols-Regular.ttf", "NotoSansMath-Regular.ttf")
DEBIAN_NOTO_DIR = Path("/usr/share/fonts/truetype/noto")

#: The licence statement of upstream Noto CJK (github.com/notofonts/noto-cjk, LICENSE), which
#: declares 'Source' a Reserved Font Name; the font's own name table carries a shorter notice.
UPSTREAM_NOTICE = "Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'."

EXTRA_FEATURES = ["palt", "halt", "vpal", "vhal"]


def log(message: str) -> None:
    print(message, file=sys.stderr)


# -- getting the fonts ------------------------------------------------------------------------

def font_from_wheel(tmp: Path) -> Path | None:
    """NotoSansSC-Regular.otf out of the pygame_gui wheel, or None if pip cannot fetch it."""
    log(f"fetching {WHEEL} with pip download ...")
    done = subprocess.run([sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "--only-binary=:all:",
                           "--disable-pip-version-check", "-q", "-d", str(tmp)], capture_output=True, text=True)
    wheels = sorted(tmp.glob("pygame_gui-*.whl"))
    if done.returncode != 0 or not wheels:
        log(f"  pip download failed: {done.stderr.strip()[-500:]}")
        return None
    with zipfile.ZipFile(wheels[0]) as wheel:
        if WHEEL_MEMBER not in wheel.namelist():
            log(f"  {wheels[0].name} has no {WHEEL_MEMBER}")
            return None
        target = tmp / "NotoSansSC-Regular.otf"
        target.write_bytes(wheel.read(WHEEL_MEMBER))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if digest != WHEEL_FONT_SHA256:
        log(f"  note: {WHEEL_MEMBER} has SHA-256 {digest}, not the {WHEEL_FONT_SHA256} this script was written for")
    return target


def symbol_fonts(tmp: Path, given: Path | None) -> list[Path]:
    """Noto Sans Symbols 2 / Symbols / Math, from --symbols-dir, the system, or fonts-noto-core's .deb."""
    for folder in ([given] if given else []) + [DEBIAN_NOTO_DIR]:
        found = [folder / name for name in SYMBOL_FONTS if (folder / name).exists()]
        if found:
            return found
    if not (shutil.which("apt-get") and shutil.which("dpkg-deb")):
        log("no symbol fonts: pass --symbols-dir, or install Debian's fonts-noto-core")
        return []
    log("fetching fonts-noto-core with apt-get download ...")
    done = subprocess.run(["apt-get", "download", "fonts-noto-core"], cwd=tmp, capture_output=True, text=True)
    debs = sorted(tmp.glob("fonts-noto-core_*.deb"))
    if done.returncode != 0 or not debs:
        log(f"  apt-get download failed (run apt-get update first?): {done.stderr.strip()[-300:]}")
        return []
    subprocess.run(["dpkg-deb", "-x", str(debs[0]), str(tmp / "deb")], check=True)
    folder = tmp / "deb" / DEBIAN_NOTO_DIR.relative_to("/")
    return [folder / name for name in SYMBOL_FONTS if (folder / name).exists()]


# -- building ---------------------------------------------------------------------------------

def subset_font(source: Path, font_number: int, unicodes: set[int], hinting: bool) -> TTFont:
    options = subset.Options()
    options.name_IDs = ["*"]          # keep every name record: copyright, licence, URLs
    options.name_languages = ["*"]
    options.name_legacy = True
    options.hinting = hinting
    options.notdef_outline = True     # a missing character shows as a box, not as nothing
    options.layout_features = list(options.layout_features) + EXTRA_FEATURES
    if font_number >= 0:
        # A Pan-CJK collection face: its `locl` maps to the Japanese, Korean and traditional
        # forms (3,300 more glyphs, +0.8 MB). The game never tags text with a language, so the
        # face's default (simplified Chinese) forms are all it draws.
        options.layout_features.remove("locl")
    font = TTFont(str(source), fontNumber=font_number, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(unicodes))
    subsetter.subset(font)
    return font


def add_glyph(font: TTFont, code: int, donor: TTFont, like: int) -> None:
    """Copy the glyph for `code` from the TrueType `donor` into the CFF `font` (same UPM), in the
    font dict (FD) of the existing glyph for `like`."""
    donor_name = donor.getBestCmap()[code]
    donor_glyphs = donor.getGlyphSet()
    advance = donor["hmtx"][donor_name][0]

    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    charstrings = top.CharStrings
    order = font.getGlyphOrder()
    cid_keyed = hasattr(top, "ROS")
    if cid_keyed:
        like_gid = order.index(font.getBestCmap()[like])
        fd_index = top.FDSelect[like_gid]
        private = top.FDArray[fd_index].Private
        used = {int(name[3:]) for name in order if name.startswith("cid")}
        new_cid = max(used, default=0) + 1
        if new_cid > 0xFFFF:  # CIDs are 16-bit: take the highest free one instead
            new_cid = max(set(range(1, 0x10000)) - used)
        name = f"cid{new_cid:05d}"
        top.CIDCount = max(getattr(top, "CIDCount", 0), new_cid + 1)
    else:
        private = top.Private
        name = f"uni{code:04X}"

    pen = T2CharStringPen(advance - getattr(private, "nominalWidthX", 0), donor_glyphs)
    donor_glyphs[donor_name].draw(ReverseContourPen(pen))  # TrueType winds clockwise, CFF the other way
    charstring = pen.getCharString(private=private, globalSubrs=cff.GlobalSubrs)

    if charstrings.charStringsAreIndexed:
        charstrings.charStringsIndex.append(charstring)
        charstrings.charStrings[name] = len(charstrings.charStringsIndex) - 1
    else:
        charstrings.charStrings[name] = charstring
    if cid_keyed:
        top.FDSelect.append(fd_index)
    top.charset.append(name)
    font.setGlyphOrder(order + [name])

    bounds = charstring.calcBounds(charstrings)
    x_min, y_max = (bounds[0], bounds[3]) if bounds else (0, 0)
    font["hmtx"].metrics[name] = (advance, int(round(x_min)))
    if "vmtx" in font:  # top side bearing: from the vertical origin (VORG default) to the top
        origin = font["VORG"].defaultVertOriginY if "VORG" in font else font["OS/2"].sTypoAscender
        font["vmtx"].metrics[name] = (font["head"].unitsPerEm, int(round(origin - y_max)))
    for table in font["cmap"].tables:
        if table.isUnicode() and (code <= 0xFFFF or table.format in (12, 13)):
            table.cmap[code] = name


def supplement(font: TTFont, wanted: set[int], donors: list[Path]) -> dict[Path, list[str]]:
    """Copy into `font` every code point of `wanted` it lacks and a donor font has."""
    have = set(font.getBestCmap())
    missing = sorted(wanted - have)
    used: dict[Path, list[str]] = {}
    if not missing:
        return used
    like = ord("✓") if ord("✓") in have else ord("A")
    opened = [(path, TTFont(str(path))) for path in donors]
    for code in missing:
        for path, donor in opened:
            if code in donor.getBestCmap() and donor["head"].unitsPerEm == font["head"].unitsPerEm:
                add_glyph(font, code, donor, like)
                used.setdefault(path, []).append(chr(code))
                break
    if used:
        font["OS/2"].recalcUnicodeRanges(font)
    return used


def copyright_of(font: TTFont) -> str:
    return (font["name"].getDebugName(0) or "").strip()


def write_ofl(target: Path, main: TTFont, donors: dict[Path, list[str]]) -> None:
    lines = [copyright_of(main)]
    for donor_path, chars in donors.items():
        donor = TTFont(str(donor_path))
        lines.append(f"{copyright_of(donor)} ({donor['name'].getDebugName(4)}: glyphs {' '.join(chars)})")
    header = "\n".join(lines)
    target.write_text(
        f"{header}\n\n"
        f"The licence of upstream Noto CJK reads: \"{UPSTREAM_NOTICE}\"\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n\n" + OFL_BODY, encoding="utf-8")


def write_chars(target: Path, font_name: str, font: TTFont) -> None:
    """The code points `font` draws, for `validate` (game/authoring/glyphs.py reads it)."""
    codes = set(font.getBestCmap())
    target.write_text(
        f"# The {len(codes):,} code points {font_name} draws, as hexadecimal ranges (first-last).\n"
        "# Written by tools/build_font.py with the font; read by game/authoring/glyphs.py (validate, RF039).\n"
        f"{format_ranges(codes)}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, help="Noto Sans SC / Noto Sans CJK font file to subset")
    parser.add_argument("--font-number", type=int, help=f"face in a .ttc (default {DEBIAN_TTC_SC}, SC in Noto CJK)")
    parser.add_argument("--symbols-dir", type=Path, help="folder with NotoSansSymbols2/Symbols/Math-Regular.ttf")
    parser.add_argument("--no-hinting", action="store_true", help="drop CFF hints (smaller file)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="redflag-font-") as tmp_name:
        tmp = Path(tmp_name)
        source = args.source
        if source is None:
            source = font_from_wheel(tmp)
        if source is None:
            if not DEBIAN_TTC.exists():
                log(f"no source font: pass --source, or `apt-get install -y fonts-noto-cjk` for {DEBIAN_TTC}")
                return 2
            source = DEBIAN_TTC
            log(f"using {DEBIAN_TTC} (face {DEBIAN_TTC_SC}, Noto Sans CJK SC)")
        font_number = args.font_number if args.font_number is not None else (
            DEBIAN_TTC_SC if source.suffix.lower() in {".ttc", ".otc"} else -1)

        sources = character_sources(ROOT)
        required = {ord(c) for c in sources}
        wanted = required | {ord(c) for c in base_characters() if is_drawn(c)}
        log(f"subsetting {source.name} to {len(wanted)} code points ({len(required)} from the content) ...")
        font = subset_font(source, font_number, wanted, hinting=not args.no_hinting)
        donors = supplement(font, required | {ord(c) for c in UI_SYMBOLS}, symbol_fonts(tmp, args.symbols_dir))
        for path, chars in donors.items():
            log(f"  from {path.name}: {' '.join(chars)}")

        args.output.parent.mkdir(parents=True, exist_ok=True)
        font.save(str(args.output))
        write_ofl(args.output.parent / OFL_FILE.name, font, donors)
        write_chars(args.output.parent / FONT_CHARS_FILE.name, args.output.name, font)

    cmap = TTFont(str(args.output))["cmap"].getBestCmap()
    size = args.output.stat().st_size
    log(f"wrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}: "
        f"{size:,} bytes, {len(cmap):,} characters; and {OFL_FILE.name}, {FONT_CHARS_FILE.name} beside it")
    lacking = sorted(code for code in required if code not in cmap)
    for code in lacking:
        log(f"  MISSING U+{code:04X} {chr(code)!r} used in {', '.join(sorted(sources[chr(code)]))}")
    if lacking:
        log(f"{len(lacking)} characters the content uses have no glyph in any source font")
        return 1
    return 0


OFL_BODY = """\
-----------------------------------------------------------
SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007
-----------------------------------------------------------

PREAMBLE
The goals of the Open Font License (OFL) are to stimulate worldwide
development of collaborative font projects, to support the font creation
efforts of academic and linguistic communities, and to provide a free and
open framework in which fonts may be shared and improved in partnership
with others.

The OFL allows the licensed fonts to be used, studied, modified and
redistributed freely as long as they are not sold by themselves. The
fonts, including any derivative works, can be bundled, embedded,
redistributed and/or sold with any software provided that any reserved
names are not used by derivative works. The fonts and derivatives,
however, cannot be released under any other type of license. The
requirement for fonts to remain under this license does not apply
to any document created using the fonts or their derivatives.

DEFINITIONS
"Font Software" refers to the set of files released by the Copyright
Holder(s) under this license and clearly marked as such. This may
include source files, build scripts and documentation.

"Reserved Font Name" refers to any names specified as such after the
copyright statement(s).

"Original Version" refers to the collection of Font Software components as
distributed by the Copyright Holder(s).

"Modified Version" refers to any derivative made by adding to, deleting,
or substituting -- in part or in whole -- any of the components of the
Original Version, by changing formats or by porting the Font Software to a
new environment.

"Author" refers to any designer, engineer, programmer, technical
writer or other person who contributed to the Font Software.

PERMISSION & CONDITIONS
Permission is hereby granted, free of charge, to any person obtaining
a copy of the Font Software, to use, study, copy, merge, embed, modify,
redistribute, and sell modified and unmodified copies of the Font
Software, subject to the following conditions:

1) Neither the Font Software nor any of its individual components,
in Original or Modified Versions, may be sold by itself.

2) Original or Modified Versions of the Font Software may be bundled,
redistributed and/or sold with any software, provided that each copy
contains the above copyright notice and this license. These can be
included either as stand-alone text files, human-readable headers or
in the appropriate machine-readable metadata fields within text or
binary files as long as those fields can be easily viewed by the user.

3) No Modified Version of the Font Software may use the Reserved Font
Name(s) unless explicit written permission is granted by the corresponding
Copyright Holder. This restriction only applies to the primary font name as
presented to the users.

4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font
Software shall not be used to promote, endorse or advertise any
Modified Version, except to acknowledge the contribution(s) of the
Copyright Holder(s) and the Author(s) or with their explicit written
permission.

5) The Font Software, modified or unmodified, in part or in whole,
must be distributed entirely under this license, and must not be
distributed under any other license. The requirement for fonts to
remain under this license does not apply to any document created
using the Font Software.

TERMINATION
This license becomes null and void if any of the above conditions are
not met.

DISCLAIMER
THE FONT SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND,
EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO ANY WARRANTIES OF
MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT
OF COPYRIGHT, PATENT, TRADEMARK, OR OTHER RIGHT. IN NO EVENT SHALL THE
COPYRIGHT HOLDER BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
INCLUDING ANY GENERAL, SPECIAL, INDIRECT, INCIDENTAL, OR CONSEQUENTIAL
DAMAGES, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM
OTHER DEALINGS IN THE FONT SOFTWARE.
"""


if __name__ == "__main__":
    sys.exit(main())
