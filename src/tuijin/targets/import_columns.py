"""The columns of the 目标任务分解表 and the 指标填报表, and the human keys their cells name (region, indicator).

Both sheets are read and written with these columns: the export writes the canonical headers, the import also
accepts the headers districts use (synonyms). Values are plain numbers in the indicator's unit: 万元 for money,
个 for counts, percent for rates and growth targets (17.5 means 17.5%); the 单位 column is written for reading and
only checked on import (a 目标值 marked 亿元 is refused rather than stored as 万元).
"""

from __future__ import annotations

from tuijin.exchange.reader import Column
from tuijin.projects.imports import REGION_SYNONYMS

__all__ = ["ENTRY_COLUMNS", "TARGET_COLUMNS"]

REGION_CODE = Column("region.code", "区域代码", ("区划代码", "行政区划代码", "地区代码"))
REGION_NAME = Column("region.name", "区域名称", (*REGION_SYNONYMS, "所属区域", "区域名", "地区名称"))
INDICATOR_KEY = Column("indicator.key", "指标代码", ("指标编码", "指标标识"))
INDICATOR_NAME = Column("indicator.name", "指标名称", ("指标", "指标项", "考核指标"))
YEAR = Column("year", "年度", ("年份", "目标年度"), "int", required=True)
NOTE = Column("note", "备注", ("说明",))

TARGET_COLUMNS = [
    YEAR,
    REGION_CODE,
    REGION_NAME,
    INDICATOR_KEY,
    INDICATOR_NAME,
    Column("kind", "目标类型", ("类型", "目标种类")),
    # Not summed: one column holds amounts, counts and percentages of different indicators.
    Column(
        "value", "目标值", ("目标", "年度目标", "目标任务", "任务数", "目标数"), "decimal", required=True, summed=False
    ),
    Column("unit", "单位", ("计量单位",)),
    NOTE,
]

ENTRY_COLUMNS = [
    YEAR,
    Column("month", "月份", ("截至月份", "月", "填报月份"), "int", required=True),
    REGION_CODE,
    REGION_NAME,
    INDICATOR_KEY,
    INDICATOR_NAME,
    Column(
        "value",
        "本期累计",
        ("本年累计", "累计", "本期", "本年累计值", "累计值"),
        "decimal",
        required=True,
        summed=False,
    ),
    Column("previous_value", "上年同期", ("上年同期累计", "去年同期", "上年同期值"), "decimal", summed=False),
    NOTE,
]
