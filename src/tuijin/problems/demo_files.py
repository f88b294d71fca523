"""Files for the demo: a Word 办理情况说明 per resolved problem and drawn site photos for recent inspections.

Both are made on the spot (python-docx, Pillow), so the repository holds no binary files, and both go through the
same upload checks as a user's files (type by content, size limit, random stored names).
"""

from __future__ import annotations

import datetime
import io
import random
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from PIL import Image, ImageDraw, ImageFont

from tuijin.core.periods import date_label
from tuijin.problems.models import Inspection, Problem

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PHOTO_SIZE = (640, 420)


def resolution_document(problem: Problem, resolution: str, on: datetime.date) -> SimpleUploadedFile:
    """关于…办理情况的说明 (.docx) of the lead unit, dated the day of 办结."""
    document = Document()
    document.add_heading(f"关于“{problem.title}”问题办理情况的说明", level=1)
    unit = problem.lead_unit.name if problem.lead_unit else ""
    for label, value in (
        ("问题编号", problem.code),
        ("项目名称", problem.project.name),
        ("问题类型", problem.kind.name),
        ("主办单位", unit),
    ):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}：").bold = True
        paragraph.add_run(value)
    document.add_paragraph(f"办理情况：{resolution}")
    closing = document.add_paragraph(f"{unit}\n{date_label(on)}")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.font.size = Pt(14)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(f"{problem.code}办理情况说明.docx", buffer.getvalue(), content_type=DOCX)


# Debian's fonts-noto-cjk, which the PDF bulletins need too; without it the caption falls back to Pillow's own font.
CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@cache
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(CJK_FONT, size)
    except OSError:
        return ImageFont.load_default(size)


def site_photo(inspection: Inspection, number: int) -> SimpleUploadedFile:
    """A drawn construction site (sky, ground, buildings under construction, a tower crane) captioned with the
    project and date; the same inspection and number always give the same picture."""
    rng = random.Random(f"{inspection.pk}-{number}")
    width, height = PHOTO_SIZE
    image = Image.new("RGB", PHOTO_SIZE, (150 + rng.randrange(40), 190 + rng.randrange(30), 230))
    draw = ImageDraw.Draw(image)
    horizon = int(height * (0.58 + rng.random() * 0.1))
    draw.rectangle((0, horizon, width, height), fill=(150 + rng.randrange(30), 120, 85))
    for _ in range(rng.randrange(2, 5)):
        left = rng.randrange(0, width - 120)
        floors = rng.randrange(4, 12)
        top = horizon - floors * 18
        draw.rectangle((left, top, left + rng.randrange(70, 140), horizon), fill=(190, 190, 185), outline=(90, 90, 90))
        for floor in range(floors):
            y = top + floor * 18
            draw.line((left, y, left + 140, y), fill=(120, 120, 120))
    mast = rng.randrange(width // 3, width - 60)
    draw.rectangle((mast, horizon - 250, mast + 10, horizon), fill=(230, 170, 20))
    draw.rectangle((mast - 160, horizon - 255, mast + 90, horizon - 245), fill=(230, 170, 20))
    draw.line((mast - 120, horizon - 245, mast - 120, horizon - 170), fill=(60, 60, 60), width=2)
    caption = f"{inspection.project.name}  {date_label(inspection.on)}  现场照片{number}"
    draw.rectangle((0, height - 36, width, height), fill=(0, 0, 0))
    draw.text((12, height - 30), caption, fill=(255, 255, 255), font=_font(18))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"现场照片{number}.jpg", buffer.getvalue(), content_type="image/jpeg")
