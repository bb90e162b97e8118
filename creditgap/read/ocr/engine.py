"""The recogniser: rapidocr 3.10 (PP-OCR small detection and recognition models as ONNX, inside its
wheel) on onnxruntime, CPU only. Loaded once per process, on first use.

Only the models inside the wheel are used: their paths are given explicitly, so rapidocr never
resolves (or downloads) a model; its ``.vis()`` (which fetches a font) is never called; its log is
silenced. rapidocr's own pipeline is not used: the detector runs on a reduced copy of the page,
boxes that are not level (the diagonal watermark) are dropped before recognition, and the
recogniser reads crops taken from the full-resolution page in large batches.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from .types import Word

DET_MAX_SIDE = 1600  # the page is reduced to this (a multiple of 32) for the detector: 2016 found the same boxes on a 详版 page in 1.8 times the time
REC_BATCH = 6  # crops per recogniser call (sorted by width): 24 took 1.3–1.8 GB on a 简版 page of long lines, 6 takes 0.8 GB and is no slower
# the recogniser reads a crop resized to 48 px high; a short one ("0", "N", "*") is padded on the
# right with mid-grey (what rapidocr pads with) to 3.5 heights. rapidocr pads every crop to 320 px
# (6.7 heights), which costs a 详版 page 35–40 % more recognition time for the same text and scores;
# padded less, or centred, * reads as 米 and scores of short cells drop (measured on the samples)
REC_HEIGHT = 48
MIN_RATIO = 3.5
MIN_SCORE = 0.5  # below this a box is noise (rapidocr's own text_score)
MAX_TILT = 8.0  # degrees; a box tilted more is the diagonal watermark or a stamp, not report text

_lock = threading.Lock()
_engine: _Engine | None = None


def models_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx", "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}


class _Engine:
    def __init__(self, threads: int):
        import cv2  # noqa: F401 (rapidocr needs it; a missing one should fail here, not mid-page)
        from rapidocr import RapidOCR
        from rapidocr.utils.log import logger

        root = models_dir()
        for name in MODELS.values():
            if not (root / name).is_file():  # never let rapidocr fetch a model
                raise FileNotFoundError(f"rapidocr model missing: {name}")
        params: dict[str, Any] = {
            "Global.log_level": "critical",
            "Global.model_root_dir": str(root),
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            "Rec.rec_batch_num": REC_BATCH,
            "Rec.rec_img_shape": [3, REC_HEIGHT, REC_HEIGHT],  # the width each batch needs, no more
        } | {f"{task}.model_path": str(root / name) for task, name in MODELS.items()}
        self.ocr = RapidOCR(params=params)
        logger.setLevel(logging.CRITICAL)
        self.threads = threads
        self.det = self.ocr._load_det_model()
        self.rec = self.ocr._load_rec_model()
        self._cls: Any = None

    @property
    def cls(self) -> Any:
        if self._cls is None:
            self._cls = self.ocr._load_cls_model()
        return self._cls


def threads_for(workers: int) -> int:
    """onnxruntime threads per page: the cores shared among the pages read at once."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


def engine(threads: int | None = None) -> _Engine:
    """The process's engine, loaded on first use (1.5–3 s). ``threads`` applies to the first load."""
    global _engine
    with _lock:
        if _engine is None:
            _engine = _Engine(threads or threads_for(1))
        return _engine


def available() -> bool:
    """True when the OCR extra is installed (checked without importing it)."""
    import sys
    from importlib.util import find_spec

    for name in ("rapidocr", "onnxruntime", "cv2", "numpy"):
        if name in sys.modules:
            if sys.modules[name] is None:  # import blocked
                return False
            continue
        try:
            if find_spec(name) is None:
                return False
        except (ImportError, ValueError):
            return False
    return True


def _bgr(image: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image


def detect(gray: np.ndarray) -> list[np.ndarray]:
    """Text boxes (4×2 corner points in ``gray``'s pixels) top to bottom, level ones only.

    The detector sees the page reduced so that its longer side is DET_MAX_SIDE, and only the part
    with ink (blank margins cost as much as text)."""
    import cv2

    eng = engine()
    h, w = gray.shape[:2]
    ratio = min(1.0, DET_MAX_SIDE / max(h, w))
    x0, y0, x1, y1 = ink_box(gray, margin=round(24 / ratio))
    part = gray[y0:y1, x0:x1]
    if ratio < 1:
        part = cv2.resize(part, (max(32, round(part.shape[1] * ratio)), max(32, round(part.shape[0] * ratio))),
                          interpolation=cv2.INTER_AREA)
    out = eng.det(_bgr(part))
    if out.boxes is None or len(out.boxes) == 0:
        return []
    boxes = []
    for box in out.boxes:
        box = np.asarray(box, dtype=np.float32) / ratio + np.array([x0, y0], dtype=np.float32)
        if tilt(box) <= MAX_TILT:
            boxes.append(box)
    return boxes


def ink_box(gray: np.ndarray, margin: int = 0) -> tuple[int, int, int, int]:
    """x0, y0, x1, y1 of the page's ink (dark pixels), widened by ``margin``; the whole page when blank."""
    import cv2

    h, w = gray.shape[:2]
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small < 160)
    if len(xs) == 0:
        return 0, 0, w, h
    return (max(0, int(xs.min()) * 8 - margin), max(0, int(ys.min()) * 8 - margin),
            min(w, int(xs.max() + 1) * 8 + margin), min(h, int(ys.max() + 1) * 8 + margin))


def tilt(box: np.ndarray) -> float:
    """How far a box's edges are from level, in degrees (0–45): a near-square box may start on any side."""
    (x0, y0), (x1, y1) = box[0], box[1]
    angle = abs(float(np.degrees(np.arctan2(y1 - y0, x1 - x0)))) % 90
    return min(angle, 90 - angle)


def _crop(gray: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The box's pixels, straightened, from the full-resolution page."""
    import cv2

    x0, y0 = np.floor(box.min(axis=0)).astype(int)
    x1, y1 = np.ceil(box.max(axis=0)).astype(int)
    h, w = gray.shape[:2]
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    if tilt(box) < 0.5:  # level: a plain slice (the page was deskewed)
        return gray[y0:y1, x0:x1]
    from rapidocr.utils.process_img import get_rotate_crop_image

    return get_rotate_crop_image(gray if gray.ndim == 3 else cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), box.copy())


def _padded(crop: np.ndarray) -> np.ndarray:
    import cv2

    h, w = crop.shape[:2]
    need = int(h * MIN_RATIO) - w
    if need <= 0:
        return _bgr(crop)
    return _bgr(cv2.copyMakeBorder(crop, 0, 0, 0, need, cv2.BORDER_CONSTANT, value=127))


def recognise_many(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """Text and score of each crop, read by the recogniser alone (no detection)."""
    from rapidocr.ch_ppocr_rec import TextRecInput

    todo = [n for n, c in enumerate(crops) if c.size and min(c.shape[:2]) >= 2]
    result: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    if not todo:
        return result
    out = engine().rec(TextRecInput(img=[_padded(crops[n]) for n in todo], return_word_box=False))
    for n, text, score in zip(todo, out.txts or (), out.scores or ()):
        result[n] = (text.strip(), float(score))
    return result


def recognise(crop: np.ndarray) -> tuple[str, float]:
    """One crop (e.g. a table cell with its lines masked) read by the recogniser alone."""
    return recognise_many([crop])[0]


def read_words(gray: np.ndarray, scale: float) -> list[Word]:
    """Every level text box of a page image, read. ``scale`` is pixels per PDF point (300 dpi: 300/72);
    coordinates come back in points, top-left origin. Boxes read with a score under MIN_SCORE are noise."""
    return words_of(gray, detect(gray), scale)


def words_of(gray: np.ndarray, boxes: list[np.ndarray], scale: float) -> list[Word]:
    """``read_words`` for boxes already found."""
    reads = recognise_many([_crop(gray, b) for b in boxes])
    words = []
    for box, (text, score) in zip(boxes, reads):
        if not text or score < MIN_SCORE:
            continue
        x0, y0 = box.min(axis=0)
        x1, y1 = box.max(axis=0)
        words.append(Word(text, float(x0) / scale, float(y0) / scale, float(x1) / scale, float(y1) / scale, score))
    return words


def upside_down(gray: np.ndarray, boxes: list[np.ndarray] | None = None, sample: int = 12) -> bool:
    """True when most of the longest text boxes read as turned 180° (rapidocr's direction classifier)."""
    boxes = detect(gray) if boxes is None else boxes
    if not boxes:
        return False
    longest = sorted(boxes, key=lambda b: -(b[:, 0].max() - b[:, 0].min()))[:sample]
    out = engine().cls([_bgr(_crop(gray, b)) for b in longest])
    votes = [label == "180" and score >= 0.9 for label, score in (out.cls_res or [])]
    return sum(votes) * 2 > len(votes)
