"""Page images: a PDF page rendered, or an image file loaded; turned upright and deskewed.

Every page image is grayscale (uint8, white paper) with its ``scale`` in pixels per PDF point, so
OCR boxes convert to the same coordinates the text layer gives. A rendered page is 300 dpi (scale
300/72); an image file is taken to be one A4 page across its width (a photo or scan of a page).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

DPI = 300
A4_WIDTH = 595.276  # points
A4_HEIGHT = 841.89
MAX_WIDTH = 2 * 2481  # a 48-megapixel photo is reduced to 600 dpi across an A4 page
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".webp")
MAX_SKEW = 5.0  # degrees


@dataclass(slots=True)
class PageImage:
    gray: np.ndarray
    scale: float  # pixels per PDF point
    turned: int = 0  # degrees the page was turned (clockwise) to stand upright: 0, 90, 180, 270
    skew: float = 0.0  # degrees the page was rotated by to level its lines


def is_image_file(path: str | Path) -> bool:
    return Path(path).suffix.lower() in IMAGE_SUFFIXES


def render_page(doc: Any, index: int, dpi: int = DPI) -> PageImage:
    """Page ``index`` of a pypdfium2 document at ``dpi``, grayscale. Pages that are images (a scan)
    and images placed on a page come out as they print. The caller serialises pdfium calls."""
    page = doc[index]
    try:
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        gray = np.array(bitmap.to_numpy(), dtype=np.uint8, copy=True)
        bitmap.close()
    finally:
        page.close()
    if gray.ndim == 3:
        gray = gray[:, :, 0]
    return PageImage(gray, dpi / 72)


def image_frames(path: Path) -> int:
    """How many pages an image file holds (a TIFF may hold several)."""
    from PIL import Image

    with Image.open(path) as im:
        return max(1, getattr(im, "n_frames", 1))


def load_image(path: Path, frame: int = 0) -> PageImage:
    """Frame ``frame`` of an image file, grayscale, turned as its EXIF orientation says (phones)."""
    from PIL import Image, ImageOps

    with Image.open(path) as im:
        if frame:
            im.seek(frame)
        im = ImageOps.exif_transpose(im) if frame == 0 else im
        if im.mode in ("RGBA", "LA", "P"):  # transparency on white paper
            im = im.convert("RGBA")
            white = Image.new("RGBA", im.size, (255, 255, 255, 255))
            im = Image.alpha_composite(white, im)
        gray = np.asarray(im.convert("L"), dtype=np.uint8)
    if gray.shape[1] > MAX_WIDTH:
        import cv2

        ratio = MAX_WIDTH / gray.shape[1]
        gray = cv2.resize(gray, (MAX_WIDTH, round(gray.shape[0] * ratio)), interpolation=cv2.INTER_AREA)
    return PageImage(np.ascontiguousarray(gray), 0.0)


def upright(page: PageImage, fixed_scale: bool) -> PageImage:
    """The page turned a quarter if its lines run up and down, then deskewed (±MAX_SKEW°). An image
    file's scale is set from its width once it stands upright. Turning by 180° needs the recogniser
    (``engine.upside_down``) and is done by the caller."""
    gray = page.gray if fixed_scale else flatten(page.gray)
    turned = 0
    if lines_run_vertically(gray):
        import cv2

        gray = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE)
        turned = 90
    angle = skew_angle(gray)
    if abs(angle) >= 0.1:
        gray = rotate(gray, angle)
    scale = page.scale if fixed_scale else gray.shape[1] / A4_WIDTH
    return PageImage(gray, scale, turned, angle)


def page_corners(gray: np.ndarray) -> np.ndarray | None:
    """The four corners of the sheet in a photo (top-left, top-right, bottom-right, bottom-left, in
    ``gray``'s pixels), or None when no sheet stands out from its background (a scan, a crop: the
    paper fills the frame). The sheet is the largest bright region, found on a reduced copy: paper
    is lighter than a desk however the light falls, and text does not break it."""
    import cv2

    ratio = min(1.0, 800 / max(gray.shape[:2]))
    small = cv2.resize(gray, (round(gray.shape[1] * ratio), round(gray.shape[0] * ratio)), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    # close the text and rulings into the sheet
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    sheet = max(contours, key=cv2.contourArea)
    h, w = small.shape
    if cv2.contourArea(sheet) < 0.3 * h * w:
        return None
    hull = cv2.convexHull(sheet)
    quad = None
    for eps in (0.01, 0.02, 0.03, 0.05):
        approx = cv2.approxPolyDP(hull, eps * cv2.arcLength(hull, True), True)
        if len(approx) == 4:
            quad = approx.reshape(4, 2).astype(np.float32)
            break
    if quad is None:
        return None
    # a sheet whose corners are the frame's (within 1 %) has no background to undo
    frame = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    ordered = _order_corners(quad)
    if np.all(np.abs(ordered - frame).max(axis=1) <= 0.01 * max(h, w)):
        return None
    return ordered / ratio


def _order_corners(quad: np.ndarray) -> np.ndarray:
    s, d = quad.sum(axis=1), np.diff(quad, axis=1).ravel()
    return np.array([quad[np.argmin(s)], quad[np.argmin(d)], quad[np.argmax(s)], quad[np.argmax(d)]], np.float32)


def flatten(gray: np.ndarray) -> np.ndarray:
    """A photo of a sheet seen at an angle → the sheet alone, as if scanned flat: its four corners
    mapped to a rectangle (an A4 page's proportions when the sheet is within 8 % of them). An image
    without a sheet on a background is returned as it is."""
    import cv2

    corners = page_corners(gray)
    if corners is None:
        return gray
    tl, tr, br, bl = corners
    width = max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl))
    height = max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr))
    a4 = A4_HEIGHT / A4_WIDTH
    for ratio in (a4, 1 / a4):  # upright or on its side
        if abs(height / width - ratio) <= 0.08 * ratio:
            height = width * ratio
    w, h = int(round(width)), int(round(height))
    target = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], np.float32)
    m = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def _ink(gray: np.ndarray, width: int) -> tuple[np.ndarray, float]:
    """The page reduced to ``width`` pixels across, ink as 1; and the reduction ratio."""
    import cv2

    ratio = min(1.0, width / gray.shape[1])
    small = cv2.resize(gray, (round(gray.shape[1] * ratio), round(gray.shape[0] * ratio)), interpolation=cv2.INTER_AREA) \
        if ratio < 1 else gray
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return ink, ratio


def blank(gray: np.ndarray) -> bool:
    """True for a page with (next to) no ink: nothing to read."""
    import cv2

    small = cv2.resize(gray, (max(1, gray.shape[1] // 8), max(1, gray.shape[0] // 8)), interpolation=cv2.INTER_AREA)
    return int(np.count_nonzero(small < 160)) < 20


def lines_run_vertically(gray: np.ndarray) -> bool:
    """True when the text lines run top to bottom (the page lies on its side): characters smeared
    sideways join into long blobs far less often than smeared up and down."""
    import cv2

    ink, _ = _ink(gray, 800)
    if ink.sum() < 50:
        return False

    def long_blobs(kernel: tuple[int, int], along: int) -> int:
        joined = cv2.dilate(ink, np.ones(kernel, np.uint8))
        n, _, stats, _ = cv2.connectedComponentsWithStats(joined)
        w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
        size = (w, h)[along]
        other = (h, w)[along]
        # a text line: at least four times as long as thick, and not a ruling line (thicker than 3 px)
        return int(np.sum((size >= 4 * other) & (other >= 4) & (size >= 20)))

    across = long_blobs((1, 7), 0)
    down = long_blobs((7, 1), 1)
    return down > 1.5 * across and down >= 5


def skew_angle(gray: np.ndarray, limit: float = MAX_SKEW) -> float:
    """The rotation (degrees, counter-clockwise positive as cv2) that levels the page's lines: the
    angle whose row profile of ink is sharpest, searched coarse then fine."""
    import cv2

    ink, _ = _ink(gray, 1000)
    if ink.sum() < 50:
        return 0.0
    h, w = ink.shape
    centre = (w / 2, h / 2)
    ink = ink.astype(np.float32)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rows = cv2.warpAffine(ink, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0).sum(axis=1)
        return float(np.sum(np.diff(rows) ** 2))

    best = max(np.arange(-limit, limit + 1e-9, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.5 + 1e-9, 0.1), key=sharpness)
    best = max(np.arange(best - 0.1, best + 0.1 + 1e-9, 0.025), key=sharpness)
    return float(round(best, 3))


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """``gray`` rotated by ``angle`` degrees about its centre, same size, white where nothing was."""
    import cv2

    h, w = gray.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)


def turn_180(gray: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.rotate(gray, cv2.ROTATE_180)
