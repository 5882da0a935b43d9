"""The typeface of official documents: Times New Roman, or a metric-compatible font with every Vietnamese letter.

Nghị định 30/2020 asks for Times New Roman. Where it is absent (a Linux server), Liberation
Serif 2 has the same metrics and every Vietnamese letter; Liberation Serif 1, often installed
beside it under the same family name, lacks most of them, and a PDF made with it would fall
back to another font inside words. So the files are chosen here, by what they contain, and
given to WeasyPrint with @font-face: the PDF never depends on which one fontconfig prefers.
"""

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

logger = logging.getLogger(__name__)

PREFERRED_FAMILIES = ("Times New Roman", "Liberation Serif")
# Every precomposed letter of Vietnamese, upper and lower case.
VIETNAMESE_LETTERS = (
    "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư"
    "ẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
)
# Punctuation the templates and the data use besides ASCII.
EXTRA_CHARACTERS = "“”‘’–…"
FONT_DIRECTORIES = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts")
STYLES = ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic"))


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    style: str
    path: Path


def _fontconfig_files(family: str) -> list[Path]:
    if shutil.which("fc-list") is None:
        return []
    try:
        output = subprocess.run(
            ["fc-list", "--format", "%{file}\n", f":family={family}"],
            capture_output=True,
            text=True,
            check=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [Path(line) for line in output.splitlines() if line.strip()]


def _scanned_files() -> list[Path]:
    """Without fontconfig's tools: every TrueType file in the usual directories."""
    return [path for directory in FONT_DIRECTORIES if directory.is_dir() for path in directory.rglob("*.[tT][tT][fF]")]


def _face_of(path: Path) -> tuple[str, int, str, float, bool] | None:
    """(family, weight, style, revision, covers Vietnamese) of a font file, or None when it cannot be read."""
    try:
        font = TTFont(path, lazy=True)
    except (OSError, TTLibError):
        return None
    with font:
        family = font["name"].getDebugName(16) or font["name"].getDebugName(1) or ""
        bold = font["OS/2"].usWeightClass >= 600
        italic = bool(font["OS/2"].fsSelection & 1) or font["post"].italicAngle != 0
        cmap = font.getBestCmap() or {}
        covers = all(ord(char) in cmap for char in VIETNAMESE_LETTERS + EXTRA_CHARACTERS)
        return family, 700 if bold else 400, "italic" if italic else "normal", font["head"].fontRevision, covers


@functools.cache
def document_font_faces() -> tuple[FontFace, ...]:
    """The four faces (regular, bold, italic, bold italic) of the first preferred family that has them all
    with every Vietnamese letter; empty when none has (the CSS font stack then decides)."""
    scanned = None
    for family in PREFERRED_FAMILIES:
        files = _fontconfig_files(family)
        if not files:
            scanned = scanned if scanned is not None else _scanned_files()
            files = scanned
        best: dict[tuple[int, str], tuple[float, Path]] = {}
        for path in files:
            face = _face_of(path)
            if face is None:
                continue
            face_family, weight, style, revision, covers = face
            if face_family != family or not covers:
                continue
            if (weight, style) not in best or revision > best[weight, style][0]:
                best[weight, style] = (revision, path)
        if all(style in best for style in STYLES):
            return tuple(FontFace(family, weight, style, best[weight, style][1]) for weight, style in STYLES)
    logger.warning(
        "No Times New Roman or Liberation Serif 2 with every Vietnamese letter was found: "
        "install fonts-liberation2, or PDF documents may mix fonts."
    )
    return ()


def font_face_css() -> str:
    """@font-face rules that bind the document family to the chosen files (for WeasyPrint only)."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in document_font_faces()
    )


def document_font_family() -> str:
    """The CSS font-family stack: the chosen family first, then the standard names for the browser preview."""
    chosen = [face.family for face in document_font_faces()[:1]]
    names = dict.fromkeys([*chosen, *PREFERRED_FAMILIES])
    return ", ".join(f'"{name}"' for name in names) + ", serif"


@functools.cache
def _advances(weight: int, style: str) -> tuple[dict[int, int], int] | None:
    """Advance width of each character of the chosen face, and its units per em."""
    face = next((f for f in document_font_faces() if (f.weight, f.style) == (weight, style)), None)
    if face is None:
        return None
    with TTFont(face.path, lazy=True) as font:
        metrics = font["hmtx"].metrics
        advances = {code: metrics[glyph][0] for code, glyph in (font.getBestCmap() or {}).items()}
        return advances, font["head"].unitsPerEm


def text_width_mm(text: str, size_pt: float, *, weight: int = 400, style: str = "normal") -> float:
    """How wide `text` prints, in millimetres: for the rules drawn under a line as long as (part of) it."""
    found = _advances(weight, style)
    if found is None:
        return len(text) * size_pt * 0.5 * 25.4 / 72  # half an em per character, without font metrics
    advances, units = found
    average = sum(advances.values()) / max(len(advances), 1)
    width = sum(advances.get(ord(char), average) for char in text)
    return width / units * size_pt * 25.4 / 72
